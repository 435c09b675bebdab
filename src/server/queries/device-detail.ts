import type { Evidence, Status, Verdict } from '../../identify/verdict.js';
import type { TriageStatus } from '../../inventory/triage-store.js';
import { int, isoTime, isoTimeOrNull, type Queryable } from './db.js';
import { DEVICE_COLUMNS, type FleetDevice, fleetDevice, LATEST_TRIAGE, verdictLabels } from './devices.js';
import { type FleetEvent, fleetEvent, EVENT_COLUMNS } from './changes.js';

/** One verdict of a device's history; immutable once the site wrote it. */
export interface FleetVerdict extends Verdict {
  readonly id: number;
  readonly scanId: number | null;
  readonly at: string;
}

export interface HistoryEntry {
  readonly value: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

export interface FleetTriageDecision {
  readonly uid: string;
  readonly status: TriageStatus;
  readonly note: string | null;
  readonly by: string;
  readonly at: string;
  readonly until: string | null;
  readonly origin: 'site' | 'central';
}

export interface FleetDeviceDetail {
  readonly device: FleetDevice;
  /** The verdict the device carries now, with its evidence; null before identification. */
  readonly verdict: FleetVerdict | null;
  /** Newest first, at most DETAIL_HISTORY_MAX. */
  readonly verdicts: readonly FleetVerdict[];
  readonly addresses: readonly HistoryEntry[];
  readonly macs: readonly HistoryEntry[];
  /** Newest first, at most DETAIL_HISTORY_MAX. */
  readonly events: readonly FleetEvent[];
  /** Every decision, newest first; the first is in force (unless an expired waiver). */
  readonly triage: readonly FleetTriageDecision[];
}

/** A device page shows its recent history; a device that changed every scan for years would not fit. */
export const DETAIL_HISTORY_MAX = 200;

function verdict(row: Record<string, unknown>): FleetVerdict {
  return {
    id: int(row['id']),
    scanId: row['scan_id'] === null ? null : int(row['scan_id']),
    at: isoTime(row['at']),
    status: row['status'] as Status,
    ...verdictLabels(row),
    confidence: Number(row['confidence']),
    randomizedMac: row['randomized_mac'] as boolean,
    evidence: row['evidence'] as Evidence[],
  };
}

const history = (row: Record<string, unknown>): HistoryEntry => ({ value: row['value'] as string, firstSeen: isoTime(row['first_seen']), lastSeen: isoTime(row['last_seen']) });

/** Everything the fleet knows of one device, or null when the site has no such device. */
export async function deviceDetail(db: Queryable, site: string, id: number): Promise<FleetDeviceDetail | null> {
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const found = await db.query(
    `SELECT ${DEVICE_COLUMNS}, d.site_id, d.verdict_id FROM devices d JOIN sites s ON s.id = d.site_id ${LATEST_TRIAGE} WHERE s.name = $1 AND d.id = $2`,
    [site, id],
  );
  const row = found.rows[0] as Record<string, unknown> | undefined;
  if (row === undefined) return null;
  const key = [row['site_id'], id];
  const [verdicts, addresses, macs, events, triage] = [
    await db.query(`SELECT * FROM verdicts WHERE site_id = $1 AND device_id = $2 ORDER BY id DESC LIMIT ${DETAIL_HISTORY_MAX}`, key),
    await db.query('SELECT ip AS value, first_seen, last_seen FROM device_ips WHERE site_id = $1 AND device_id = $2 ORDER BY last_seen DESC, ip', key),
    await db.query('SELECT mac AS value, first_seen, last_seen FROM device_macs WHERE site_id = $1 AND device_id = $2 ORDER BY last_seen DESC, mac', key),
    await db.query(
      `SELECT ${EVENT_COLUMNS} FROM events e JOIN sites s ON s.id = e.site_id JOIN devices d ON d.site_id = e.site_id AND d.id = e.device_id
       WHERE e.site_id = $1 AND e.device_id = $2 ORDER BY e.at DESC, e.id DESC LIMIT ${DETAIL_HISTORY_MAX}`,
      key,
    ),
    await db.query('SELECT uid, status, note, by, at, until, origin FROM triage WHERE site_id = $1 AND device_id = $2 ORDER BY at DESC, uid DESC', key),
  ];
  const history_ = verdicts.rows.map(verdict);
  const currentId = row['verdict_id'] === null ? null : int(row['verdict_id']);
  let current = history_.find((v) => v.id === currentId) ?? null;
  if (current === null && currentId !== null) {
    // Older than the history shown.
    const r = await db.query('SELECT * FROM verdicts WHERE site_id = $1 AND id = $2', [row['site_id'], currentId]);
    current = r.rows[0] === undefined ? null : verdict(r.rows[0] as Record<string, unknown>);
  }
  return {
    device: fleetDevice(row),
    verdict: current,
    verdicts: history_,
    addresses: addresses.rows.map(history),
    macs: macs.rows.map(history),
    events: events.rows.map(fleetEvent),
    triage: triage.rows.map((t: Record<string, unknown>) => ({
      uid: t['uid'] as string,
      status: t['status'] as TriageStatus,
      note: t['note'] as string | null,
      by: t['by'] as string,
      at: isoTime(t['at']),
      until: isoTimeOrNull(t['until']),
      origin: t['origin'] as 'site' | 'central',
    })),
  };
}
