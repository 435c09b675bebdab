import type { EntityId, Status, Verdict } from '../../identify/verdict.js';
import type { Placement } from '../../infrastructure/place-devices.js';
import type { TriageStatus } from '../../inventory/triage-store.js';
import { decodeCursor, encodeCursor, type KeyValue, type Page, type PageRequest, pageLimit } from './cursor.js';
import { int, isoTime, isoTimeOrNull, type Queryable } from './db.js';
import { deviceConditions, type FleetDeviceFilter, pinsStatus, TRIAGE_IN_FORCE } from './device-filter.js';

export const DEVICE_SORTS = ['last_seen', 'status', 'ip', 'site'] as const;
export type DeviceSort = (typeof DEVICE_SORTS)[number];

/** The current verdict's fields a device row carries (its status and evidence aside). */
export type VerdictLabels = Pick<Verdict, 'covered' | 'manufacturer' | 'manufacturerName' | 'brand' | 'model' | 'serial' | 'firmware'>;

/** A device as the fleet lists it: the site's device, its current verdict's fields and its triage in force. */
export interface FleetDevice extends VerdictLabels {
  readonly site: string;
  /** The site's own device id: (site, id) names a device fleet-wide. */
  readonly id: number;
  readonly ip: string;
  readonly mac: string | null;
  readonly name: string | null;
  readonly location: Placement | null;
  readonly status: Status | 'unidentified';
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly triage: FleetTriage;
}

export interface FleetTriage {
  /** In force now: an expired waiver is open. */
  readonly status: TriageStatus;
  /** The decision in force, null when none was recorded. */
  readonly note: string | null;
  readonly by: string | null;
  readonly at: string | null;
  readonly until: string | null;
}

interface SortKey {
  /** Key expressions, (site_id, id) last; all run in `dir`, so one row comparison starts a page. */
  readonly cols: readonly string[];
  readonly dir: 'ASC' | 'DESC';
}

/** Each key has an index of the same columns (migration 2). */
const KEYS: Readonly<Record<DeviceSort | 'site_seen', SortKey>> = {
  last_seen: { cols: ['d.last_seen', 'd.site_id', 'd.id'], dir: 'DESC' },
  // Flagged first, then newest first.
  status: { cols: ['lanaudit_status_key(d.status)', 'd.last_seen', 'd.site_id', 'd.id'], dir: 'DESC' },
  ip: { cols: ['lanaudit_ipv4_key(d.ip)', 'd.site_id', 'd.id'], dir: 'ASC' },
  // Sites in enrollment order, each by address.
  site: { cols: ['d.site_id', 'lanaudit_ipv4_key(d.ip)', 'd.id'], dir: 'ASC' },
  // Newest first within one site.
  site_seen: { cols: ['d.site_id', 'd.last_seen', 'd.id'], dir: 'DESC' },
};

/** The key a listing runs on: newest first within one site or one status is the same order on a narrower index. */
function keyFor(sort: DeviceSort, filter: FleetDeviceFilter): keyof typeof KEYS {
  if (sort !== 'last_seen') return sort;
  if (pinsStatus(filter)) return 'status';
  if (filter.site !== undefined) return 'site_seen';
  return 'last_seen';
}

const isTime = (col: string) => col === 'd.last_seen';

/** The device columns every fleet listing reads (aliases d, s and t: site and latest triage decision). */
export const DEVICE_COLUMNS = `s.name AS site, d.id, d.ip, d.mac, d.name, d.location, d.status, d.covered, d.manufacturer,
  d.manufacturer_name, d.brand, d.model, d.serial, d.firmware, d.first_seen, d.last_seen,
  ${TRIAGE_IN_FORCE} AS triage_status, t.note AS triage_note, t.by AS triage_by, t.at AS triage_at, t.until AS triage_until`;

/** The decision in force (latest by at, then uid), for a page of devices: index triage_device. */
export const LATEST_TRIAGE = `LEFT JOIN LATERAL (
  SELECT note, by, at, until FROM triage WHERE site_id = d.site_id AND device_id = d.id ORDER BY at DESC, uid DESC LIMIT 1
) t ON true`;

/** The labels of a devices or verdicts row (same column names in both tables). */
export function verdictLabels(row: Record<string, unknown>): VerdictLabels {
  return {
    covered: row['covered'] as EntityId | null,
    manufacturer: row['manufacturer'] as string | null,
    manufacturerName: row['manufacturer_name'] as string | null,
    brand: row['brand'] as string | null,
    model: row['model'] as string | null,
    serial: row['serial'] as string | null,
    firmware: row['firmware'] as string | null,
  };
}

export function fleetDevice(row: Record<string, unknown>): FleetDevice {
  const decided = row['triage_at'] !== null && row['triage_at'] !== undefined;
  return {
    site: row['site'] as string,
    id: int(row['id']),
    ip: row['ip'] as string,
    mac: row['mac'] as string | null,
    name: row['name'] as string | null,
    location: (row['location'] as Placement | null) ?? null,
    status: (row['status'] as Status | null) ?? 'unidentified',
    ...verdictLabels(row),
    firstSeen: isoTime(row['first_seen']),
    lastSeen: isoTime(row['last_seen']),
    triage: {
      status: row['triage_status'] as TriageStatus,
      note: decided ? (row['triage_note'] as string | null) : null,
      by: decided ? (row['triage_by'] as string) : null,
      at: decided ? isoTime(row['triage_at']) : null,
      until: decided ? isoTimeOrNull(row['triage_until']) : null,
    },
  };
}

/**
 * One page of the matching devices. Keyset pagination: the page starts after the cursor's key with one
 * row comparison its index answers, so page 10,000 costs what page 1 does (no OFFSET).
 */
export async function listDevices(db: Queryable, filter: FleetDeviceFilter = {}, page: PageRequest = {}, sort: DeviceSort = 'last_seen'): Promise<Page<FleetDevice>> {
  const limit = pageLimit(page);
  const keyName = keyFor(sort, filter);
  const key = KEYS[keyName];
  const params: unknown[] = [];
  const where = deviceConditions(filter, params);
  if (page.cursor !== undefined) {
    const values = decodeCursor(page.cursor, keyName, key.cols.map((c) => (isTime(c) ? 'string' : 'number')));
    const placeholders = values.map((v, i) => `$${params.push(v)}::${isTime(key.cols[i]!) ? 'timestamptz' : 'bigint'}`);
    where.push(`(${key.cols.join(', ')}) ${key.dir === 'DESC' ? '<' : '>'} (${placeholders.join(', ')})`);
  }
  const keySelect = key.cols.map((c, i) => `${isTime(c) ? `${c}::text` : c} AS k${i}`).join(', ');
  const sql = `SELECT ${DEVICE_COLUMNS}, ${keySelect}
    FROM (SELECT d.* FROM devices d ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY ${key.cols.map((c) => `${c} ${key.dir}`).join(', ')} LIMIT ${limit + 1}) d
    JOIN sites s ON s.id = d.site_id
    ${LATEST_TRIAGE}
    ORDER BY ${key.cols.map((c) => `${c} ${key.dir}`).join(', ')}`;
  const { rows } = await db.query(sql, params);
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const last = items.at(-1) as Record<string, unknown> | undefined;
  const next = more && last !== undefined ? encodeCursor(keyName, key.cols.map((c, i): KeyValue => (isTime(c) ? String(last[`k${i}`]) : int(last[`k${i}`])))) : null;
  return { items: items.map(fleetDevice), next };
}
