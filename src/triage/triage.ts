import { userInfo } from 'node:os';
import type { Inventory } from '../inventory/inventory.js';
import type { TriageEntry, TriageRecord, TriageStatus } from '../inventory/triage-store.js';
import type { DeviceDetail } from '../inventory/types.js';
import type { LabelledDevice } from '../inventory/device-labels.js';
import { UsageError } from '../util/errors.js';
import { plainText } from '../util/safe-text.js';

export { TRIAGE_STATUSES, type TriageRecord, type TriageStatus } from '../inventory/triage-store.js';

export interface TriageInput {
  /** 'open' undoes a decision. */
  readonly status: TriageStatus;
  readonly note: string;
  /** ISO date or time; a date alone means the end of that day (UTC). Waivers only. */
  readonly until?: string;
  readonly by?: string;
}

/** Who lanaudit records when it reopens a decision itself. */
export const SYSTEM_ACTOR = 'lanaudit';

const MAX_NOTE = 2000;
const MAX_NAME = 100;

/** The status in force at `now`: a waiver past its end is open again. */
export function effectiveStatus(entry: Pick<TriageEntry, 'status' | 'until'> | undefined, now: Date): TriageStatus {
  if (entry === undefined) return 'open';
  if (entry.status === 'waiver' && entry.until !== null && entry.until <= now.toISOString()) return 'open';
  return entry.status;
}

/** A covered device still needs action unless it is acknowledged, under an unexpired waiver, a false positive or removed. */
export function needsAction(entry: Pick<TriageEntry, 'status' | 'until'> | undefined, now: Date): boolean {
  return effectiveStatus(entry, now) === 'open';
}

/** One short cell: "open", "acknowledged", "waiver to 2026-12-31", "open (waiver ended 2026-12-31)". */
export function triageLabel(entry: Pick<TriageEntry, 'status' | 'until'> | undefined, now: Date): string {
  const status = effectiveStatus(entry, now);
  const until = entry?.until?.slice(0, 10);
  if (entry?.status === 'waiver' && until !== undefined) return status === 'open' ? `open (waiver ended ${until})` : `waiver to ${until}`;
  return status;
}

/** The decision in force per device (all triaged devices, or these), for reports: expiry is the reader's to apply. */
export function triageState(inventory: Pick<Inventory, 'triage'>, deviceIds?: Iterable<number>): Map<number, TriageEntry> {
  const result = new Map<number, TriageEntry>();
  for (const [id, record] of inventory.triage.current(deviceIds)) result.set(id, inForce(record));
  return result;
}

function inForce(record: TriageRecord): TriageEntry {
  return { status: record.status, note: record.note, by: record.by, at: record.at, until: record.until };
}

/** Who decided: --by, else the user who ran sudo, else the OS user. */
export function defaultActor(env: NodeJS.ProcessEnv = process.env): string {
  const sudo = env.SUDO_USER?.trim();
  if (sudo) return sudo;
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? 'unknown';
  }
}

/** "2026-12-31" means through the end of that day (UTC); a full time is taken as given. */
export function parseUntil(text: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text.trim());
  const ms = Date.parse(dateOnly ? `${text.trim()}T23:59:59.999Z` : text);
  if (Number.isNaN(ms)) throw new UsageError(`--until: "${plainText(text, 40)}" is not a date (use ISO 8601, e.g. 2026-12-31)`);
  return new Date(ms).toISOString();
}

/** Records a person's decision about the device `key` (MAC or IP, as `show`) and returns the device and the record. */
export function recordDecision(
  inventory: Pick<Inventory, 'devices' | 'triage'>,
  key: string,
  input: TriageInput,
  now: Date = new Date(),
): { device: DeviceDetail & LabelledDevice; record: TriageRecord } {
  const device = inventory.devices.find(key);
  if (device === null) throw new UsageError(`no device with MAC or IP "${plainText(key, 60)}" in the inventory`);
  const note = input.note.trim();
  if (note === '') throw new UsageError('--note: say why (it is kept with the decision)');
  if (input.until !== undefined && input.status !== 'waiver') throw new UsageError('--until applies to --status waiver only');
  const until = input.until === undefined ? null : parseUntil(input.until);
  if (until !== null && until <= now.toISOString()) throw new UsageError(`--until ${until} is already past`);
  const by = (input.by ?? defaultActor()).trim();
  if (by === '') throw new UsageError('--by: give a name');
  if (by === SYSTEM_ACTOR) throw new UsageError(`--by: "${SYSTEM_ACTOR}" is reserved for decisions lanaudit records itself`);
  const record = inventory.triage.record(device.id, {
    status: input.status,
    note: note.slice(0, MAX_NOTE),
    by: by.slice(0, MAX_NAME),
    at: now.toISOString(),
    until,
    scanId: null,
  });
  return { device, record };
}
