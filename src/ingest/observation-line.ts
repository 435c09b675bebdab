/**
 * One line of `lanaudit identify` input: `{"device": "<id>", "kind": "<kind>", "value": "<text>"}`
 * with optional `ip`, `mac`, `port`. Checked field by field; a bad line becomes a problem message,
 * never an exception.
 */
import { boundValue, normalizeMac, OBSERVATION_KINDS, type Observation, type ObservationKind } from '../observations/observation.js';

export const MAX_DEVICE_ID_LENGTH = 256;

/** Where offline observations say they came from, and the time they carry (none is known). */
export const OFFLINE_SOURCE = 'identify';
export const OFFLINE_AT = '1970-01-01T00:00:00.000Z';

export type ParsedLine =
  | { readonly ok: true; readonly device: string; readonly observation: Observation; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly problem: string };

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

// A set, not the list: checked for every line.
const KINDS: ReadonlySet<string> = new Set(OBSERVATION_KINDS);
const isKind = (kind: string): kind is ObservationKind => KINDS.has(kind);

const NO_WARNINGS: readonly string[] = Object.freeze([]);

function fail(problem: string): ParsedLine {
  return { ok: false, problem };
}

export function parseObservationLine(text: string): ParsedLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail('not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('not a JSON object');
  const row = parsed as Record<string, unknown>;

  const rawDevice = row['device'];
  const device = typeof rawDevice === 'number' && Number.isFinite(rawDevice) ? String(rawDevice) : rawDevice;
  if (typeof device !== 'string' || device.trim() === '') return fail('"device" must be a non-empty string');
  if (device.length > MAX_DEVICE_ID_LENGTH) return fail(`"device" is longer than ${MAX_DEVICE_ID_LENGTH} characters`);
  const kind = row['kind'];
  if (typeof kind !== 'string') return fail('"kind" must be a string');
  if (!isKind(kind)) return fail(`unknown kind "${boundValue(kind, 40)}"`);
  const value = row['value'];
  if (typeof value !== 'string') return fail('"value" must be a string');

  // Optional fields: a bad one is dropped with a warning, the observation still counts.
  let warnings: string[] | undefined;
  const ip = row['ip'];
  const okIp = typeof ip === 'string' && IPV4.test(ip);
  if (ip !== undefined && !okIp) (warnings ??= []).push('"ip" is not a dotted IPv4 address: ignored');
  const rawMac = row['mac'];
  const mac = typeof rawMac === 'string' ? normalizeMac(rawMac) : null;
  if (rawMac !== undefined && mac === null) (warnings ??= []).push('"mac" is not a MAC address: ignored');
  const port = row['port'];
  const okPort = typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
  if (port !== undefined && !okPort) (warnings ??= []).push('"port" is not a port number (1-65535): ignored');

  return { ok: true, device, observation: observationOf(okIp ? ip : '', mac, kind, boundValue(value), okPort ? port : undefined), warnings: warnings ?? NO_WARNINGS };
}

// One literal per combination of optional fields (exactOptionalPropertyTypes): no spread temporaries per line.
function observationOf(ip: string, mac: string | null, kind: ObservationKind, value: string, port: number | undefined): Observation {
  const source = OFFLINE_SOURCE;
  const at = OFFLINE_AT;
  if (mac === null) return port === undefined ? { ip, kind, value, source, at } : { ip, kind, value, port, source, at };
  return port === undefined ? { ip, mac, kind, value, source, at } : { ip, mac, kind, value, port, source, at };
}
