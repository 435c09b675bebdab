import { UsageError } from '../../util/errors.js';
import { decodeCursor, encodeCursor, type Page, type PageRequest, pageLimit } from './cursor.js';
import { int, isoTime, type Queryable } from './db.js';

export const EVENT_TYPES = ['new', 'gone', 'changed', 'reappeared'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A change event of a site, with the device's current address and MAC to name it by. */
export interface FleetEvent {
  readonly site: string;
  readonly id: number;
  readonly scanId: number | null;
  readonly deviceId: number;
  readonly at: string;
  readonly type: EventType;
  readonly field: string | null;
  readonly old: string | null;
  readonly new: string | null;
  readonly ip: string;
  readonly mac: string | null;
}

export interface ChangeFilter {
  readonly site?: string | undefined;
  /** ISO time: at or after. */
  readonly since?: string | undefined;
  readonly type?: EventType | undefined;
}

/** Columns of a FleetEvent (aliases e, s, d). */
export const EVENT_COLUMNS = 's.name AS site, e.id, e.scan_id, e.device_id, e.at, e.type, e.field, e.old, e.new, d.ip, d.mac';

export function fleetEvent(row: Record<string, unknown>): FleetEvent {
  return {
    site: row['site'] as string,
    id: int(row['id']),
    scanId: row['scan_id'] === null ? null : int(row['scan_id']),
    deviceId: int(row['device_id']),
    at: isoTime(row['at']),
    type: row['type'] as EventType,
    field: row['field'] as string | null,
    old: row['old'] as string | null,
    new: row['new'] as string | null,
    ip: (row['ip'] as string | null) ?? '',
    mac: row['mac'] as string | null,
  };
}

/** One page of change events, newest first; keyset on (at, site, id), or (site, at, id) within one site. */
export async function listChanges(db: Queryable, filter: ChangeFilter = {}, page: PageRequest = {}): Promise<Page<FleetEvent>> {
  const limit = pageLimit(page);
  const cols = filter.site === undefined ? ['e.at', 'e.site_id', 'e.id'] : ['e.site_id', 'e.at', 'e.id'];
  const keyName = filter.site === undefined ? 'changes' : 'site_changes';
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (filter.site !== undefined) where.push(`e.site_id = (SELECT id FROM sites WHERE name = ${p(filter.site)})`);
  if (filter.type !== undefined) where.push(`e.type = ${p(filter.type)}`);
  if (filter.since !== undefined) {
    const ms = Date.parse(filter.since);
    if (Number.isNaN(ms)) throw new UsageError(`since: "${filter.since.slice(0, 40)}" is not a date`);
    where.push(`e.at >= ${p(new Date(ms).toISOString())}::timestamptz`);
  }
  if (page.cursor !== undefined) {
    const values = decodeCursor(page.cursor, keyName, cols.map((c) => (c === 'e.at' ? 'string' : 'number')));
    where.push(`(${cols.join(', ')}) < (${values.map((v, i) => `${p(v)}::${cols[i] === 'e.at' ? 'timestamptz' : 'bigint'}`).join(', ')})`);
  }
  const order = cols.map((c) => `${c} DESC`).join(', ');
  const { rows } = await db.query(
    `SELECT ${EVENT_COLUMNS}, ${cols.map((c, i) => `${c === 'e.at' ? 'e.at::text' : c} AS k${i}`).join(', ')}
     FROM (SELECT * FROM events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${limit + 1}) e
     JOIN sites s ON s.id = e.site_id
     LEFT JOIN devices d ON d.site_id = e.site_id AND d.id = e.device_id
     ORDER BY ${order}`,
    params,
  );
  const items = rows.slice(0, limit) as Record<string, unknown>[];
  const last = items.at(-1);
  const next = rows.length > limit && last !== undefined ? encodeCursor(keyName, cols.map((c, i) => (c === 'e.at' ? String(last[`k${i}`]) : int(last[`k${i}`])))) : null;
  return { items: items.map(fleetEvent), next };
}
