/**
 * Dahua DHIP discovery over UDP 37810: a 32-byte header ("DHIP" magic, little-endian lengths)
 * and a JSON body (facts: shared/reference/fingerprints.md §2a). Only DHDiscover.search is sent.
 */
import { normalizeMac } from '../../observations/observation.js';

export const DHIP_PORT = 37810;
export const DHIP_GROUP = '239.255.255.251';
const HEADER_SIZE = 0x20;
const MAGIC = Buffer.from('DHIP', 'ascii');

export function encodeDhipSearch(): Buffer {
  const body = Buffer.from('{"method":"DHDiscover.search","params":{"mac":"","uni":1}}\n');
  const header = Buffer.alloc(HEADER_SIZE);
  header.writeUInt32LE(HEADER_SIZE, 0);
  MAGIC.copy(header, 4);
  header.writeUInt32LE(body.length, 0x10);
  header.writeUInt32LE(body.length, 0x18);
  return Buffer.concat([header, body]);
}

export type DhipParse =
  | { readonly ok: true; readonly body: string; readonly info: DhipDeviceInfo }
  | { readonly ok: false; readonly reason: string };

export interface DhipDeviceInfo {
  readonly mac: string | null;
  readonly deviceType: string | null;
  readonly deviceClass: string | null;
  readonly serial: string | null;
  readonly vendor: string | null;
  readonly version: string | null;
  /** The address the reply says the device has (IPv4Address.IPAddress), as sent. */
  readonly ipv4: string | null;
}

/** Bodies larger than this are not parsed (a JSON bomb costs nothing then). */
const MAX_BODY = 16 * 1024;

/** A loop, not a regex: `/[\0\s]+$/` backtracks quadratically on a long inner run of spaces (found by fuzzing). */
function trimEndNulAndSpace(text: string): string {
  let end = text.length;
  while (end > 0 && /[\u0000\s]/.test(text[end - 1]!)) end--;
  return text.slice(0, end);
}

function str(v: unknown): string | null {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
}

/** Validates the header as real devices send it and reads client.notifyDevInfo; anything else is a reasoned failure. */
export function parseDhipReply(packet: Buffer): DhipParse {
  if (packet.length < HEADER_SIZE) return { ok: false, reason: `shorter than the ${HEADER_SIZE}-byte DHIP header` };
  if (packet.readUInt32LE(0) !== HEADER_SIZE || !packet.subarray(4, 8).equals(MAGIC)) return { ok: false, reason: 'no DHIP header' };
  const declared = packet.readUInt32LE(0x10);
  if (declared > MAX_BODY) return { ok: false, reason: `declared body of ${declared} bytes is over the ${MAX_BODY}-byte cap` };
  // The declared length includes the 2-byte tail (0a 00); trailing NULs and newlines are not JSON.
  const body = trimEndNulAndSpace(packet.subarray(HEADER_SIZE, HEADER_SIZE + declared).toString('utf8'));
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  if (!json || typeof json !== 'object') return { ok: false, reason: 'body is not a JSON object' };
  const msg = json as { method?: unknown; mac?: unknown; params?: { deviceInfo?: Record<string, unknown> } };
  if (msg.method !== 'client.notifyDevInfo') return { ok: false, reason: 'not a client.notifyDevInfo message' };
  const info = msg.params?.deviceInfo;
  if (!info || typeof info !== 'object') return { ok: false, reason: 'no params.deviceInfo' };
  const mac = str(msg.mac);
  return {
    ok: true,
    body,
    info: {
      mac: mac ? normalizeMac(mac) : null,
      deviceType: str(info.DeviceType),
      deviceClass: str(info.DeviceClass),
      serial: str(info.SerialNo),
      vendor: str(info.Vendor),
      version: str(info.Version),
      ipv4: str((info.IPv4Address as Record<string, unknown> | null | undefined)?.IPAddress),
    },
  };
}
