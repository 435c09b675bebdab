import Cursor from 'pg-cursor';
import type pg from 'pg';
import type { EntityId, Evidence, Status } from '../../identify/verdict.js';
import type { Placement } from '../../infrastructure/place-devices.js';
import type { TriageStatus } from '../../inventory/triage-store.js';
import type { ReportDevice } from '../../report/report-device.js';
import type { ChangeEvent, ReportBrief, ReportDevices, ScanWindow, TriageEntry, TriageLookup } from '../../report/report-input.js';
import { inTransaction, reportLimits } from '../store/pool.js';
import { int, isoTime, isoTimeOrNull } from './db.js';
import { deviceConditions, type FleetDeviceFilter } from './device-filter.js';

/** Rows fetched per round trip: enough to amortize it, few enough that a pass holds little. */
const FETCH = 1_000;
/** A fleet report lists the changes of the window, newest first, at most this many (a report is no change log). */
export const REPORT_CHANGES_MAX = 10_000;

/** What the report writers need of the fleet, read in one snapshot (report-input.ts's ReportInput parts). */
export interface FleetReportData {
  readonly devices: ReportDevices;
  readonly triage: TriageLookup;
  /** The sites the report covers, by name: every site, or the one filtered on. */
  readonly sites: readonly string[];
  readonly scanWindow: ScanWindow | undefined;
  readonly changes: readonly (ChangeEvent & { readonly site: string })[];
}

/**
 * Runs `write` with the fleet's devices as report writers read them, streamed with a cursor from one
 * REPEATABLE READ transaction, so every pass (counts, then devices) sees the same fleet while sites
 * push. One connection: the writer must finish a pass before it starts the next (they all do).
 */
export async function withFleetReport<T>(
  pool: pg.Pool,
  filter: FleetDeviceFilter,
  changesSince: string,
  write: (data: FleetReportData) => Promise<T>,
): Promise<T> {
  return inTransaction(pool, async (client) => {
    // The first statement of the transaction: every pass then reads one snapshot.
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    // Read at the reader's pace: the server's per-statement limit would cut a long report.
    await reportLimits(pool, client);
    // The ranked order is one sort over the devices' rows: room to keep it off disk for a large site.
    await client.query(`SET LOCAL work_mem = '64MB'`);
    // A memo of verdict rows keyed by device never hits (each device has its own verdict) and held 128 MB.
    await client.query('SET LOCAL enable_memoize = off');
    return write(await gather(client, filter, changesSince));
  });
}

async function gather(client: pg.ClientBase, filter: FleetDeviceFilter, changesSince: string): Promise<FleetReportData> {
  const params: unknown[] = [];
  const conditions = deviceConditions(filter, params);
  const whereOf = (extra: readonly string[]) => (conditions.length + extra.length ? `WHERE ${[...conditions, ...extra].join(' AND ')}` : '');
  const where = whereOf([]);
  const coveredOnly = whereOf(["d.status = 'covered'"]);
  const siteRows = (
    await client.query(filter.site === undefined ? 'SELECT id, name FROM sites ORDER BY name' : 'SELECT id, name FROM sites WHERE name = $1', filter.site === undefined ? [] : [filter.site])
  ).rows as { id: number; name: string }[];
  const sites = siteRows.map((r) => r.name);
  // DISTINCT ON picked each entity's first device; order the entities by those devices.
  const firsts = await client.query(
    `SELECT d.covered FROM (SELECT DISTINCT ON (d.covered) d.covered, s.name, lanaudit_ipv4_key(d.ip) AS ipk, d.id FROM devices d JOIN sites s ON s.id = d.site_id
       ${whereOf(["d.status = 'covered'", 'd.covered IS NOT NULL'])} ORDER BY d.covered, s.name, lanaudit_ipv4_key(d.ip), d.id) d
     ORDER BY d.name, d.ipk, d.id`,
    params,
  );
  const coveredEntities = firsts.rows.map((r: { covered: EntityId }) => r.covered);
  const triage = await triageInForce(client, filter.site);
  const from = `FROM devices d JOIN sites s ON s.id = d.site_id`;
  // The current verdict by its primary key, one index probe a device.
  const verdict = `LEFT JOIN verdicts v ON v.site_id = d.site_id AND v.id = d.verdict_id`;
  const listedOrder = 's.name, lanaudit_ipv4_key(d.ip), d.id';
  const rankedOrder = `lanaudit_status_key(d.status) DESC, coalesce(d.covered, ''), ${listedOrder}`;
  const devices = (order: string, filtered: string, evidence: boolean) => {
    const sql = `SELECT ${REPORT_COLUMNS}, ${evidence ? 'v.evidence' : `'[]'::jsonb AS evidence`} ${from} ${verdict} ${filtered} ORDER BY ${order}`;
    return mapRows(stream(client, sql, params), reportDevice);
  };
  // Listing order is site name, then address: one site at a time, each read in the order of its index
  // devices_key_site (site_id, address key, id), so PostgreSQL sorts nothing and computes no address key
  // (1M devices: its CPU 9.0 -> 7.4 s with the memo off).
  async function* listedBySite(): AsyncGenerator<ReportDevice, void, undefined> {
    for (const site of siteRows) {
      const siteParams = [...params, site.id];
      const sql = `SELECT ${REPORT_COLUMNS}, v.evidence ${from} ${verdict} ${whereOf([`d.site_id = $${siteParams.length}`])}
        ORDER BY lanaudit_ipv4_key(d.ip), d.id`;
      yield* mapRows(stream(client, sql, siteParams), reportDevice);
    }
  }
  return {
    sites,
    triage,
    devices: {
      briefs: () =>
        mapRows(
          stream(client, `SELECT s.name AS site, d.id, d.status, d.covered, d.manufacturer, d.manufacturer_name ${from} ${where}`, params),
          (r): ReportBrief => ({
            site: r[0] as string,
            id: int(r[1]),
            status: (r[2] as Status | null) ?? 'unidentified',
            covered: r[3] as EntityId | null,
            manufacturer: r[4] as string | null,
            manufacturerName: r[5] as string | null,
          }),
        ),
      coveredEntities: () => coveredEntities,
      listed: () => listedBySite(),
      ranked: (flagged) => devices(rankedOrder, flagged ? coveredOnly : where, true),
      rankedRows: () => devices(rankedOrder, where, false),
    },
    scanWindow: await scanWindow(client, filter),
    changes: await changes(client, filter.site, changesSince),
  };
}

/** A time as toISOString writes it, made by PostgreSQL: parsing a timestamptz into a Date and back cost a third of a row's read. */
const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Read as arrays (no object per row), in reportDevice's order. */
const REPORT_COLUMNS = `d.id, s.name, d.ip, d.mac, d.name, d.location, d.manufacturer, d.manufacturer_name, d.brand, d.model, d.serial,
  d.status, d.covered, v.confidence, v.randomized_mac, ${iso('d.first_seen')}, ${iso('d.last_seen')}`;

type Row = unknown[];

/** A row as every report format sees a device (report-device.ts), the site's name beside its id. */
function reportDevice(r: Row): ReportDevice {
  return {
    id: int(r[0]),
    site: r[1] as string,
    ip: r[2] as string,
    mac: r[3] as string | null,
    name: r[4] as string | null,
    location: (r[5] as Placement | null) ?? null,
    manufacturer: r[6] as string | null,
    manufacturerName: r[7] as string | null,
    brand: r[8] as string | null,
    model: r[9] as string | null,
    serial: r[10] as string | null,
    status: (r[11] as Status | null) ?? 'unidentified',
    covered: r[12] as EntityId | null,
    confidence: r[13] === null ? 0 : Number(r[13]),
    randomizedMac: (r[14] as boolean | null) ?? false,
    firstSeen: r[15] as string,
    lastSeen: r[16] as string,
    evidence: (r[17] as Evidence[] | null) ?? [],
  };
}

/**
 * The rows of one query, FETCH at a time through a cursor; closed when the pass ends or is abandoned.
 * The next batch is asked for before this one is handed out, so PostgreSQL reads while the writer renders.
 */
async function* stream(client: pg.ClientBase, sql: string, params: readonly unknown[]): AsyncGenerator<Row, void, undefined> {
  const cursor = client.query(new Cursor<Row>(sql, [...params], { rowMode: 'array' }));
  let next = cursor.read(FETCH);
  try {
    for (;;) {
      const rows = await next;
      if (rows.length === 0) return;
      next = cursor.read(FETCH);
      // A rejected read is awaited on the next turn; until then it must not count as unhandled.
      next.catch(() => undefined);
      yield* rows;
    }
  } finally {
    // A writer that stops early leaves one read in flight: the cursor closes after it.
    await next.catch(() => undefined);
    await cursor.close();
  }
}

async function* mapRows<T>(rows: AsyncIterable<Row>, fn: (row: Row) => T): AsyncGenerator<T, void, undefined> {
  for await (const row of rows) yield fn(row);
}

/**
 * The decision in force per device (latest by at, then uid), keyed by site and id. Decisions are made
 * by people: few enough to hold, as a site's report holds its own.
 */
async function triageInForce(client: pg.ClientBase, site: string | undefined): Promise<TriageLookup> {
  const { rows } = await client.query(
    `SELECT DISTINCT ON (t.site_id, t.device_id) s.name AS site, t.device_id, t.status, t.note, t.by, t.at, t.until
     FROM triage t JOIN sites s ON s.id = t.site_id ${site === undefined ? '' : 'WHERE s.name = $1'}
     ORDER BY t.site_id, t.device_id, t.at DESC, t.uid DESC`,
    site === undefined ? [] : [site],
  );
  const map = new Map<string, TriageEntry>();
  for (const r of rows as Record<string, unknown>[]) {
    map.set(`${r['site'] as string}\u0000${int(r['device_id'])}`, {
      status: r['status'] as TriageStatus,
      note: r['note'] as string | null,
      by: r['by'] as string,
      at: isoTime(r['at']),
      until: isoTimeOrNull(r['until']),
    });
  }
  return { get: (id, siteName) => map.get(`${siteName ?? ''}\u0000${id}`) };
}

async function scanWindow(client: pg.ClientBase, filter: FleetDeviceFilter): Promise<ScanWindow | undefined> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.site !== undefined) where.push(`site_id = (SELECT id FROM sites WHERE name = $${params.push(filter.site)})`);
  if (filter.since !== undefined) where.push(`started_at >= $${params.push(new Date(Date.parse(filter.since)).toISOString())}::timestamptz`);
  const { rows } = await client.query(
    `SELECT min(started_at) AS first, max(coalesce(finished_at, started_at)) AS last, count(*) AS n FROM scans ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    params,
  );
  const r = rows[0] as Record<string, unknown>;
  return int(r['n']) === 0 ? undefined : { from: isoTime(r['first']), to: isoTime(r['last']), scans: int(r['n']) };
}

async function changes(client: pg.ClientBase, site: string | undefined, since: string): Promise<(ChangeEvent & { site: string })[]> {
  const params: unknown[] = [new Date(Date.parse(since)).toISOString()];
  const { rows } = await client.query(
    `SELECT * FROM (SELECT s.name AS site, e.site_id, e.id, e.device_id, e.at, e.type, e.field, e.old, e.new, d.ip, d.mac
       FROM events e JOIN sites s ON s.id = e.site_id LEFT JOIN devices d ON d.site_id = e.site_id AND d.id = e.device_id
       WHERE e.at >= $1::timestamptz ${site === undefined ? '' : `AND s.name = $${params.push(site)}`}
       ORDER BY e.at DESC, e.site_id DESC, e.id DESC LIMIT ${REPORT_CHANGES_MAX}) c ORDER BY c.at, c.site, c.id`,
    params,
  );
  return (rows as Record<string, unknown>[]).map((r) => ({
    site: r['site'] as string,
    at: isoTime(r['at']),
    deviceId: int(r['device_id']),
    type: r['type'] as ChangeEvent['type'],
    field: r['field'] as string | null,
    old: r['old'] as string | null,
    new: r['new'] as string | null,
    ip: (r['ip'] as string | null) ?? '',
    mac: r['mac'] as string | null,
  }));
}
