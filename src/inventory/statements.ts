import type Database from 'better-sqlite3';
import { parseIpv4 } from '../scope/ipv4.js';
import type { IpHistoryEntry } from './types.js';
import type { VerdictColumns, VerdictRow } from './verdict-row.js';

export interface ScanRow {
  readonly id: number;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly scope: string;
  readonly ranges: string;
  readonly engine: string;
  readonly status: string;
  readonly pid: number | null;
  readonly hostname: string | null;
  readonly heartbeat_at: string;
  readonly hosts: number;
  readonly flagged: number;
  readonly error: string | null;
}

export interface DeviceRow {
  readonly id: number;
  readonly mac: string | null;
  readonly ip: string;
  readonly first_seen: string;
  readonly last_seen: string;
  readonly verdict_id: number | null;
}

export interface ObservationRow {
  readonly id: number;
  readonly scan_id: number | null;
  readonly device_id: number | null;
  readonly ip: string;
  readonly mac: string | null;
  readonly kind: string;
  readonly value: string;
  readonly port: number | null;
  readonly source: string;
  readonly at: string;
}

/** Device listing: the device with its current verdict row's columns (null when never identified). */
export interface DeviceVerdictRow extends DeviceRow {
  readonly v_id: number | null;
  readonly v_scan_id: number | null;
  readonly v_at: string | null;
  readonly v_status: string | null;
  readonly v_covered: string | null;
  readonly v_manufacturer: string | null;
  readonly v_manufacturer_name: string | null;
  readonly v_brand: string | null;
  readonly v_model: string | null;
  readonly v_confidence: number | null;
  readonly v_serial: string | null;
  readonly v_firmware: string | null;
  readonly v_randomized_mac: number | null;
  readonly v_evidence: string | null;
}

/** One observation as stored: the columns after its scan. */
export type ObservationColumns = [
  ip: string,
  mac: string | null,
  kind: string,
  value: string,
  port: number | null,
  source: string,
  at: string,
];

/** A fact as identification reads it: an observation's columns, `at` its latest sighting. */
export type FactColumns = ObservationColumns;

/** Named parameters of the device listing; a null filter value means "any". */
export interface DeviceQuery {
  readonly flagged: number | null;
  readonly status: string | null;
  readonly vendor: string | null;
  readonly since: string | null;
  readonly covered: string | null;
}

export const DEVICE_WITH_VERDICT = `
  SELECT d.id, d.mac, d.ip, d.first_seen, d.last_seen, d.verdict_id,
         v.id AS v_id, v.scan_id AS v_scan_id, v.at AS v_at,
         v.status AS v_status, v.covered AS v_covered, v.manufacturer AS v_manufacturer,
         v.manufacturer_name AS v_manufacturer_name, v.brand AS v_brand, v.model AS v_model,
         v.confidence AS v_confidence, v.randomized_mac AS v_randomized_mac, v.evidence AS v_evidence,
         v.serial AS v_serial, v.firmware AS v_firmware
  FROM devices d LEFT JOIN verdicts v ON v.id = d.verdict_id`;

/** The devices (as `d`) a DeviceQuery matches: the devices table keeps a copy of the current verdict's status, entity and maker. */
export const DEVICE_MATCHES = `
  WHERE (@flagged IS NULL OR (@flagged = 1) = (d.status IS NOT NULL AND d.status = 'covered'))
    AND (@status IS NULL OR d.status = @status)
    AND (@covered IS NULL OR d.covered = @covered)
    AND (@since IS NULL OR d.last_seen >= @since)
    AND (@vendor IS NULL
         OR instr(lower(d.manufacturer), @vendor) > 0
         OR instr(lower(d.manufacturer_name), @vendor) > 0
         OR instr(lower(d.brand), @vendor) > 0
         OR instr(d.covered, @vendor) > 0)`;

/** The listing's order: by address, then id. Address order is numeric, which text cannot sort by: SQLite sorts by ipv4_order's key (registered by prepareStatements). */
export const BY_ADDRESS = 'ipv4_order(d.ip), d.id';

/** Every statement an Inventory runs, prepared once when it opens. */
export function prepareStatements(db: Database.Database) {
  // resolveDevices' working set: each address of the scan being resolved, in order, with its device.
  // Per connection, emptied after each use (a temp table, so a read-only connection has one too).
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS resolved_ips (
    ord INTEGER PRIMARY KEY, ip TEXT NOT NULL UNIQUE, device_id INTEGER NOT NULL, mac TEXT, first_at TEXT NOT NULL, last_at TEXT NOT NULL
  )`);
  // The rows resolveDevices folds into facts, in fold order (rowid), each with its device.
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS staged_facts (
    device_id INTEGER NOT NULL, ip TEXT NOT NULL, mac TEXT, kind TEXT NOT NULL, value TEXT NOT NULL, port INTEGER, source TEXT NOT NULL, at TEXT NOT NULL
  )`);
  db.function('ipv4_order', { deterministic: true }, (ip: unknown) => (typeof ip === 'string' ? (parseIpv4(ip) ?? 0) : 0));
  return {
    // scans
    insertScan: db.prepare<[string, string, string, string, number, string, string]>(
      `INSERT INTO scans (started_at, scope, ranges, engine, status, pid, hostname, heartbeat_at)
       VALUES (?, ?, ?, ?, 'running', ?, ?, ?)`,
    ),
    heartbeat: db.prepare<[string, number]>('UPDATE scans SET heartbeat_at = ? WHERE id = ?'),
    finishScan: db.prepare<[string, string, number, number, string | null, number]>(
      `UPDATE scans SET status = ?, finished_at = ?, hosts = ?, flagged = ?, error = ? WHERE id = ?`,
    ),
    markInterrupted: db.prepare<[string, number]>(
      `UPDATE scans SET status = 'interrupted', finished_at = heartbeat_at, error = ? WHERE id = ? AND status = 'running'`,
    ),
    scan: db.prepare<[number], ScanRow>('SELECT * FROM scans WHERE id = ?'),
    runningScans: db.prepare<[], ScanRow>(`SELECT * FROM scans WHERE status = 'running'`),
    scans: db.prepare<[number], ScanRow>('SELECT * FROM scans ORDER BY id DESC LIMIT ?'),

    // observations: a scan's raw rows, staged one batch a row until resolveDevices folds them into facts
    insertBatch: db.prepare<[scanId: number, rows: string]>('INSERT INTO staged_batches (scan_id, rows) VALUES (?, ?)'),
    batchIds: db.prepare<[number], { id: number }>('SELECT id FROM staged_batches WHERE scan_id = ? ORDER BY id'),
    batchRows: db.prepare<[number], { rows: string }>('SELECT rows FROM staged_batches WHERE scan_id = ? ORDER BY id'),
    dropBatches: db.prepare<[number]>('DELETE FROM staged_batches WHERE scan_id = ?'),
    // Rows expanded from the scan's batches while it still ran (expandStale), or staged before migration 10.
    stagedRows: db
      .prepare<[number], ObservationColumns>('SELECT ip, mac, kind, value, port, source, at FROM observations WHERE scan_id = ? ORDER BY id')
      .raw(),
    dropStagedRows: db.prepare<[number]>('DELETE FROM observations WHERE scan_id = ?'),
    staleBatch: db.prepare<[], { id: number }>(
      `SELECT b.id FROM staged_batches b JOIN scans s ON s.id = b.scan_id AND s.status <> 'running' LIMIT 1`,
    ),
    // The batches of scans that ended without resolving them, as observations rows.
    expandStaleBatches: db.prepare<[]>(
      `INSERT INTO observations (scan_id, ip, mac, kind, value, port, source, at)
       SELECT b.scan_id, r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, r.value ->> 5, r.value ->> 6
       FROM staged_batches b JOIN scans s ON s.id = b.scan_id AND s.status <> 'running', json_each(b.rows) r
       ORDER BY b.id, r.key`,
    ),
    dropStaleBatches: db.prepare<[]>(`DELETE FROM staged_batches WHERE scan_id IN (SELECT id FROM scans WHERE status <> 'running')`),
    // The MACs at each address an earlier resolveDevices of the scan folded into facts, the latest first, then the first stored.
    scanFactMacs: db.prepare<[number], { ip: string; mac: string; at: string }>(
      `SELECT ip, mac, last_seen AS at FROM facts WHERE last_scan = ? AND kind = 'mac' AND mac IS NOT NULL ORDER BY ip, last_seen DESC, id`,
    ),
    clearResolved: db.prepare<[]>('DELETE FROM temp.resolved_ips'),
    addResolved: db.prepare<[ord: number, ip: string, deviceId: number, mac: string | null, firstAt: string, lastAt: string]>(
      'INSERT INTO temp.resolved_ips (ord, ip, device_id, mac, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    upsertResolvedIps: db.prepare<[]>(
      `INSERT INTO device_ips (device_id, ip, first_seen, last_seen)
       SELECT device_id, ip, first_at, last_at FROM temp.resolved_ips WHERE true
       ON CONFLICT (device_id, ip) DO UPDATE SET
         first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`,
    ),
    upsertDeviceIp: db.prepare<[deviceId: number, ip: string, firstSeen: string, lastSeen: string]>(
      `INSERT INTO device_ips (device_id, ip, first_seen, last_seen) VALUES (?, ?, ?, ?)
       ON CONFLICT (device_id, ip) DO UPDATE SET
         first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`,
    ),
    clearStagedFacts: db.prepare<[]>('DELETE FROM temp.staged_facts'),
    addStagedFact: db.prepare<[deviceId: number, ...ObservationColumns]>(
      'INSERT INTO temp.staged_facts (device_id, ip, mac, kind, value, port, source, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    // The scan's rows become its devices' facts in the order resolveDevices staged them: a new fact is
    // a row, one seen again (before, or earlier in this statement) moves its last sighting in place.
    // Times and scans only widen: an import of older data never moves a fact's latest time back.
    foldFacts: db.prepare<{ scan: number }>(
      `INSERT INTO facts (device_id, ip, mac, kind, value, port, source, first_seen, last_seen, first_scan, last_scan)
       SELECT device_id, ip, mac, kind, value, port, source, at, at, @scan, @scan FROM temp.staged_facts ORDER BY rowid
       ON CONFLICT (device_id, ip, ifnull(mac, ''), kind, value, ifnull(port, -1), source) DO UPDATE SET
         first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen),
         first_scan = min(ifnull(first_scan, excluded.first_scan), excluded.first_scan),
         last_scan = max(ifnull(last_scan, excluded.last_scan), excluded.last_scan)`,
    ),
    noteSightings: db.prepare<{ scan: number }>(
      'INSERT OR IGNORE INTO device_scans (scan_id, device_id) SELECT @scan, device_id FROM temp.resolved_ips',
    ),
    scanDeviceIds: db.prepare<[number], { device_id: number }>(
      'SELECT device_id FROM device_scans WHERE scan_id = ? ORDER BY device_id',
    ),
    // Each fact with the latest time it was seen.
    deviceObservations: db.prepare<[number], ObservationRow>(
      `SELECT id, last_scan AS scan_id, device_id, ip, mac, kind, value, port, source, last_seen AS at
       FROM facts WHERE device_id = ? ORDER BY at, id`,
    ),
    // The same facts as identification reads them: only an observation's columns, as arrays (a
    // device's facts are read for every device a scan saw: the columns are most of that cost).
    deviceFacts: db
      .prepare<[number], FactColumns>(
        `SELECT ip, mac, kind, value, port, source, last_seen AS at FROM facts WHERE device_id = ? ORDER BY at, id`,
      )
      .raw(),
    deviceScans: db.prepare<[number], { scan_id: number }>(
      'SELECT scan_id FROM device_scans WHERE device_id = ? ORDER BY scan_id DESC',
    ),

    // devices
    deviceByMac: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE mac = ?'),
    maclessDeviceByIp: db.prepare<[string], DeviceRow>(
      'SELECT * FROM devices WHERE mac IS NULL AND ip = ? ORDER BY last_seen DESC, id DESC LIMIT 1',
    ),
    insertDevice: db.prepare<[string | null, string, string, string]>(
      'INSERT INTO devices (mac, ip, first_seen, last_seen) VALUES (?, ?, ?, ?)',
    ),
    updateDeviceSeen: db.prepare<[string, string, string, number]>(
      'UPDATE devices SET ip = ?, first_seen = min(first_seen, ?), last_seen = max(last_seen, ?) WHERE id = ?',
    ),
    ipHistory: db.prepare<[number], IpHistoryEntry>(
      'SELECT ip, first_seen AS firstSeen, last_seen AS lastSeen FROM device_ips WHERE device_id = ? ORDER BY last_seen DESC, ip',
    ),
    deviceIds: db.prepare<[], { id: number }>('SELECT id FROM devices ORDER BY id'),
    deviceVerdictId: db.prepare<[number], { verdict_id: number | null }>('SELECT verdict_id FROM devices WHERE id = ?'),
    deviceWithVerdict: db.prepare<[number], DeviceVerdictRow>(`${DEVICE_WITH_VERDICT} WHERE d.id = ?`),
    deviceIdByMac: db.prepare<[string], { id: number }>('SELECT id FROM devices WHERE mac = ?'),
    deviceIdByCurrentIp: db.prepare<[string], { id: number }>(
      'SELECT id FROM devices WHERE ip = ? ORDER BY last_seen DESC, id DESC LIMIT 1',
    ),
    deviceIdByPastIp: db.prepare<[string], { id: number }>(
      'SELECT device_id AS id FROM device_ips WHERE ip = ? ORDER BY last_seen DESC, device_id DESC LIMIT 1',
    ),
    listDevices: db.prepare<[DeviceQuery], DeviceVerdictRow>(
      `${DEVICE_WITH_VERDICT} ${DEVICE_MATCHES} ORDER BY ${BY_ADDRESS}`,
    ),

    // verdicts
    verdict: db.prepare<[number], VerdictRow>('SELECT * FROM verdicts WHERE id = ?'),
    verdictHistory: db.prepare<[number], VerdictRow>('SELECT * FROM verdicts WHERE device_id = ? ORDER BY id'),
    insertVerdict: db.prepare<[number, number | null, string, ...VerdictColumns]>(
      `INSERT INTO verdicts (device_id, scan_id, at, status, covered, manufacturer, manufacturer_name, brand, model,
                             confidence, randomized_mac, evidence, serial, firmware)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    setCurrentVerdict: db.prepare<[number, string, string | null, string | null, string | null, string | null, number]>(
      `UPDATE devices SET verdict_id = ?, status = ?, covered = ?, manufacturer = ?, manufacturer_name = ?, brand = ?
       WHERE id = ?`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
