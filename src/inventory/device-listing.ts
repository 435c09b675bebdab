import type Database from 'better-sqlite3';
import { ENTITY_IDS, type EntityId, type Status } from '../identify/verdict.js';
import { RuntimeError, UsageError } from '../util/errors.js';
import { boundValue } from '../observations/observation.js';
import { deviceLabels, LABEL_KINDS, type LabelFact, type LabelledDevice } from './device-labels.js';
import { deviceRecord } from './records.js';
import { BY_ADDRESS, DEVICE_MATCHES, DEVICE_WITH_VERDICT, type DeviceQuery, type DeviceVerdictRow } from './statements.js';
import type { DeviceFilter } from './types.js';

/** What counting needs of a device: its current verdict's status, entity and maker, no evidence. */
export interface DeviceBrief {
  readonly id: number;
  readonly status: Status | 'unidentified';
  readonly covered: EntityId | null;
  readonly manufacturer: string | null;
  readonly manufacturerName: string | null;
}

/** Flagged first (by entity), then review, not identified, clear; each by address. */
const BY_RANK = `CASE d.status WHEN 'covered' THEN 0 WHEN 'review' THEN 1 WHEN 'clear' THEN 3 ELSE 2 END, coalesce(d.covered, ''), ${BY_ADDRESS}`;

/** Devices read by id per statement: enough to keep SQLite's per-statement cost small, few enough to hold. */
const BATCH = 256;

/**
 * SQLite's page cache and in-memory sort during a snapshot, in KiB. Both take up to cache_size, 16 MB in
 * better-sqlite3's build: the cache fills at any size, but the sort of the ids held 2 MB at 50,000 devices
 * and 8 MB at 200,000 before spilling to a temporary file. A listing reads each page about once, so a
 * smaller cache costs it no time (the same CPU at 2, 4 and 16 MB).
 */
const SNAPSHOT_CACHE_KIB = 2048;

type LabelRow = [deviceId: number, kind: LabelFact['kind'], source: string, value: string, at: string, scanId: number | null];

type BriefRow = [id: number, status: string | null, covered: string | null, manufacturer: string | null, manufacturerName: string | null];

const STATUSES: ReadonlySet<string> = new Set<Status>(['covered', 'review', 'clear']);
const ENTITIES: ReadonlySet<string> = new Set<string>(ENTITY_IDS);

/**
 * The read side a report needs besides iterateDevices: counts and the human-readable order, read a
 * row at a time (SQLite sorts; nothing here holds the devices). Reached as inventory.listing.
 */
export class DeviceListing {
  private readonly sql;
  /** withIds's column names: its rows come as arrays, which cost SQLite's binding far less than named rows. */
  private readonly columns: readonly string[];

  constructor(private readonly db: Database.Database) {
    this.sql = {
      // Unsorted: a sort holds every row until the last is read.
      briefs: db.prepare<[DeviceQuery], BriefRow>(`SELECT d.id, d.status, d.covered, d.manufacturer, d.manufacturer_name FROM devices d ${DEVICE_MATCHES}`).raw(true),
      entities: db.prepare<[DeviceQuery], string>(
        `SELECT covered FROM (SELECT d.covered, row_number() OVER (ORDER BY ${BY_ADDRESS}) AS n FROM devices d ${DEVICE_MATCHES} AND d.status = 'covered' AND d.covered IS NOT NULL)
         GROUP BY covered ORDER BY min(n)`,
      ).pluck(true),
      byAddress: db.prepare<[DeviceQuery], number>(`SELECT d.id FROM devices d ${DEVICE_MATCHES} ORDER BY ${BY_ADDRESS}`).pluck(true),
      byRank: db.prepare<[DeviceQuery], number>(`SELECT d.id FROM devices d ${DEVICE_MATCHES} ORDER BY ${BY_RANK}`).pluck(true),
      withIds: db.prepare<[string], unknown[]>(`${DEVICE_WITH_VERDICT} WHERE d.id IN (SELECT value FROM json_each(?))`).raw(true),
      // The facts a name and a location are chosen from; the kinds as written match index facts_labels' condition (migration 7).
      labelFacts: db.prepare<[string], LabelRow>(
        `SELECT device_id, kind, source, value, last_seen, last_scan FROM facts
         WHERE device_id IN (SELECT value FROM json_each(?)) AND kind IN (${LABEL_KINDS.map((k) => `'${k}'`).join(', ')})`,
      ).raw(true),
      // Addresses with a colon are IPv6 (the ipv6 step's); the current IPv4 one is the device's own column.
      ipv6: db.prepare<[string], [deviceId: number, ip: string]>(
        `SELECT device_id, ip FROM device_ips WHERE device_id IN (SELECT value FROM json_each(?)) AND instr(ip, ':') > 0 ORDER BY device_id, last_seen DESC, ip`,
      ).raw(true),
      count: db.prepare<[DeviceQuery], number>(`SELECT count(*) FROM devices d ${DEVICE_MATCHES}`).pluck(true),
      among: db.prepare<[DeviceQuery & { ids: string }], number>(`SELECT d.id FROM devices d ${DEVICE_MATCHES} AND d.id IN (SELECT value FROM json_each(@ids))`).pluck(true),
    };
    this.columns = this.sql.withIds.columns().map((c) => c.name);
  }

  /** Every matching device's status, entity and maker, in no particular order. */
  *briefs(filter: DeviceFilter = {}): Generator<DeviceBrief, void, undefined> {
    for (const [id, status, covered, manufacturer, manufacturerName] of this.sql.briefs.iterate(deviceQuery(filter))) {
      if ((status !== null && !STATUSES.has(status)) || (covered !== null && !ENTITIES.has(covered))) {
        throw new RuntimeError(`inventory device ${id} is damaged (status or covered entity unreadable)`);
      }
      yield { id, status: (status ?? 'unidentified') as DeviceBrief['status'], covered: covered as EntityId | null, manufacturer, manufacturerName };
    }
  }

  /**
   * The matching devices with their current verdicts, by address (the listing's order) or by rank
   * (human-readable reports: flagged first). SQLite sorts the ids alone, then reads the devices a
   * batch of ids at a time: a sort of whole rows, evidence included, spills to temporary files.
   * Without `evidence`, each verdict's evidence is left unread (empty): parsing it is most of the cost.
   * Each device comes with its name and location (device-labels.ts), read a batch at a time too.
   */
  *records(filter: DeviceFilter, order: 'address' | 'rank', evidence = true): Generator<LabelledDevice, void, undefined> {
    let batch: number[] = [];
    for (const id of (order === 'address' ? this.sql.byAddress : this.sql.byRank).iterate(deviceQuery(filter))) {
      batch.push(id);
      if (batch.length === BATCH) {
        yield* this.withIds(batch, evidence);
        batch = [];
      }
    }
    yield* this.withIds(batch, evidence);
  }

  /** The devices with these ids, in this order. */
  private *withIds(ids: readonly number[], evidence: boolean): Generator<LabelledDevice, void, undefined> {
    if (ids.length === 0) return;
    const json = JSON.stringify(ids);
    const facts = new Map<number, LabelFact[]>();
    for (const [deviceId, kind, source, value, at, scanId] of this.sql.labelFacts.iterate(json)) {
      let list = facts.get(deviceId);
      if (list === undefined) facts.set(deviceId, (list = []));
      list.push({ kind, source, value, at, scanId });
    }
    const ipv6 = new Map<number, string[]>();
    for (const [deviceId, ip] of this.sql.ipv6.iterate(json)) {
      const list = ipv6.get(deviceId);
      if (list === undefined) ipv6.set(deviceId, [ip]);
      else list.push(ip);
    }
    const rows = new Map<number, DeviceVerdictRow>();
    for (const values of this.sql.withIds.all(json)) {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < values.length; i++) row[this.columns[i]!] = values[i];
      if (!evidence && row['v_evidence'] !== null) row['v_evidence'] = '[]';
      rows.set(row['id'] as number, row as unknown as DeviceVerdictRow);
    }
    for (const id of ids) {
      const row = rows.get(id);
      // Into the fresh record rather than a spread of both: spreading cost ~1.5 µs a device.
      if (row === undefined) continue;
      const device: LabelledDevice = Object.assign(deviceRecord(row), deviceLabels(facts.get(id) ?? []));
      const addresses = ipv6.get(id);
      yield addresses === undefined ? device : Object.assign(device, { ipv6: addresses });
    }
  }

  /** The entities of the matching covered devices, in the order the first device of each comes by address. */
  coveredEntities(filter: DeviceFilter = {}): EntityId[] {
    return this.sql.entities.all(deviceQuery(filter)).map((id) => {
      if (!ENTITIES.has(id)) throw new RuntimeError(`inventory device covered entity "${boundValue(id, 40)}" is damaged`);
      return id as EntityId;
    });
  }

  count(filter: DeviceFilter = {}): number {
    return this.sql.count.get(deviceQuery(filter)) ?? 0;
  }

  /** Which of `ids` are matching devices. */
  among(filter: DeviceFilter, ids: Iterable<number>): Set<number> {
    return new Set(this.sql.among.all({ ...deviceQuery(filter), ids: JSON.stringify([...ids]) }));
  }

  /**
   * Runs `read` in one read transaction, so several passes over the devices (counts first, rows
   * after) see the same inventory even while a scan writes, with SQLite's memory bounded whatever
   * the inventory's size (SNAPSHOT_CACHE_KIB). Nothing else may use this connection meanwhile.
   */
  async snapshot<T>(read: () => Promise<T>): Promise<T> {
    if (this.db.inTransaction) return read();
    const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma(`cache_size = -${SNAPSHOT_CACHE_KIB}`);
    this.db.exec('BEGIN');
    try {
      return await read();
    } finally {
      if (this.db.inTransaction) this.db.exec('COMMIT');
      this.db.pragma(`cache_size = ${cacheSize}`);
    }
  }
}

/** A filter as the listing statements' parameters (null: any). */
export function deviceQuery(filter: DeviceFilter): DeviceQuery {
  return {
    flagged: filter.flagged === undefined ? null : filter.flagged ? 1 : 0,
    status: filter.status ?? null,
    covered: filter.covered ?? null,
    since: filter.since === undefined ? null : sinceTime(filter.since),
    vendor: filter.vendor === undefined || filter.vendor.trim() === '' ? null : filter.vendor.trim().toLowerCase(),
  };
}

/** ISO times compare as text only in one form: UTC with milliseconds, as toISOString writes. */
function sinceTime(text: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`since: "${boundValue(text, 40)}" is not a date`);
  return new Date(ms).toISOString();
}
