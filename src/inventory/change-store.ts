import type Database from 'better-sqlite3';
import type { ObservationKind } from '../observations/observation.js';
import type { Ipv4Range } from '../scope/types.js';
import { decodeRanges } from './scan-ranges.js';

export const CHANGE_TYPES = ['new', 'gone', 'changed', 'reappeared'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

/** One stored change event, with the device's current address for display. */
export interface ChangeEventRecord {
  readonly id: number;
  readonly scanId: number | null;
  readonly deviceId: number;
  readonly at: string;
  readonly type: ChangeType;
  /** What changed for 'changed' (ip, hostname, ports, firmware, model, status, covered, location, mac, triage), else null. */
  readonly field: string | null;
  readonly old: string | null;
  readonly new: string | null;
  readonly ip: string;
  readonly mac: string | null;
}

export interface NewChangeEvent {
  readonly scanId: number | null;
  readonly deviceId: number;
  readonly at: string;
  readonly type: ChangeType;
  readonly field?: string;
  readonly old?: string | null;
  readonly new?: string | null;
}

/** The facts change tracking compares between completed scans. Null: not known. */
export interface TrackedFacts {
  readonly ip: string | null;
  readonly hostname: string | null;
  readonly ports: string | null;
  readonly firmware: string | null;
  readonly model: string | null;
  readonly status: string | null;
  readonly covered: string | null;
  /** "<switch address> <port>[ VLAN <n>]": where the switches placed it. */
  readonly location: string | null;
}

export interface DeviceState extends TrackedFacts {
  readonly deviceId: number;
  /** The device predates change tracking: its facts were never recorded, so its first tracked scan is silent. */
  readonly baseline: boolean;
  /** The last completed, tracked scan that saw it. */
  readonly lastScanId: number | null;
  /** Set while the device is gone: the scan that declared it. */
  readonly goneScanId: number | null;
}

/** A device as change tracking reads it: current address, MAC and verdict summary. */
export interface TrackedDevice {
  readonly id: number;
  readonly mac: string | null;
  readonly ip: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly status: string | null;
  readonly covered: string | null;
  readonly model: string | null;
}

/** A completed scan: what it covered, for deciding whether an absent device was looked for. */
export interface CompletedScan {
  readonly id: number;
  /** Exclusions removed; empty for an import, which says nothing of what is gone. */
  readonly ranges: readonly Ipv4Range[];
}

/** A MAC a device carried, over this span. */
export interface MacHistoryEntry {
  readonly mac: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

/** One fact a scan recorded about a device. */
export interface ScanFact {
  readonly deviceId: number;
  readonly ip: string;
  readonly mac: string | null;
  readonly kind: ObservationKind;
  readonly value: string;
  readonly port: number | null;
  readonly source: string;
  readonly at: string;
}

export interface EventQuery {
  /** Events at or after this ISO time. */
  readonly since?: string;
  /** Events of scans after this one. */
  readonly afterScan?: number;
  /** Events of exactly this scan. */
  readonly scan?: number;
}

// Statements name their columns as the records do, so a row is its record; only what SQL cannot
// hold as the record does (a kind still to check, a boolean) differs, in the types below.

/** A fact as read, before its kind is checked. */
type FactRow = Omit<ScanFact, 'kind'> & { readonly kind: string };

/** Device state as stored: SQLite has no booleans. */
type StateRow = Omit<DeviceState, 'baseline'> & { readonly baseline: number };

const TRACKED_DEVICE = `
  SELECT d.id, d.mac, d.ip, d.first_seen AS firstSeen, d.last_seen AS lastSeen, d.status, d.covered, v.model
  FROM devices d LEFT JOIN verdicts v ON v.id = d.verdict_id`;

/** Where a locally administered (randomized) MAC has its second hex digit. */
const LOCAL_MAC_SQL = `substr(d.mac, 2, 1) IN ('2', '3', '6', '7', 'a', 'b', 'e', 'f')`;

function prepare(db: Database.Database) {
  return {
    tracked: db.prepare<[number], { scan_id: number }>('SELECT scan_id FROM tracked_scans WHERE scan_id = ?'),
    markTracked: db.prepare<[number, string]>('INSERT INTO tracked_scans (scan_id, at) VALUES (?, ?)'),
    completedScansAfter: db.prepare<[number], { id: number; ranges: string }>(
      `SELECT id, ranges FROM scans WHERE status = 'complete' AND id > ? ORDER BY id`,
    ),
    scanDeviceIds: db.prepare<[number], { device_id: number }>(
      'SELECT device_id FROM device_scans WHERE scan_id = ? ORDER BY device_id',
    ),
    // The facts of the scan's devices whose sightings span it: for the newest scan, exactly what it saw.
    scanFacts: db.prepare<{ scan: number }, FactRow>(
      `SELECT f.device_id AS deviceId, f.ip, f.mac, f.kind, f.value, f.port, f.source, f.last_seen AS at
       FROM device_scans ds JOIN facts f ON f.device_id = ds.device_id
       WHERE ds.scan_id = @scan AND f.first_scan <= @scan AND f.last_scan >= @scan`,
    ),
    lastScanOf: db.prepare<[number], { scan_id: number | null }>(
      `SELECT MAX(ds.scan_id) AS scan_id FROM device_scans ds JOIN scans s ON s.id = ds.scan_id
       WHERE ds.device_id = ? AND s.status = 'complete'`,
    ),
    devices: db.prepare<[], TrackedDevice>(`${TRACKED_DEVICE} ORDER BY d.id`),
    randomizedDevices: db.prepare<[], TrackedDevice>(`${TRACKED_DEVICE} WHERE d.mac IS NOT NULL AND ${LOCAL_MAC_SQL} ORDER BY d.id`),
    states: db.prepare<[], StateRow>(
      `SELECT device_id AS deviceId, baseline, last_scan_id AS lastScanId, ip, hostname, ports, firmware, model, status, covered,
              location, gone_scan_id AS goneScanId
       FROM device_state`,
    ),
    saveState: db.prepare<[StateRow]>(
      `INSERT INTO device_state (device_id, baseline, last_scan_id, ip, hostname, ports, firmware, model, status, covered, location, gone_scan_id)
       VALUES (@deviceId, @baseline, @lastScanId, @ip, @hostname, @ports, @firmware, @model, @status, @covered, @location, @goneScanId)
       ON CONFLICT (device_id) DO UPDATE SET
         baseline = excluded.baseline, last_scan_id = excluded.last_scan_id, ip = excluded.ip, hostname = excluded.hostname,
         ports = excluded.ports, firmware = excluded.firmware, model = excluded.model, status = excluded.status,
         covered = excluded.covered, location = excluded.location, gone_scan_id = excluded.gone_scan_id`,
    ),
    insertEvent: db.prepare<[number | null, number, string, string, string | null, string | null, string | null]>(
      'INSERT INTO events (scan_id, device_id, at, type, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    events: db.prepare<[{ since: string | null; after: number | null; scan: number | null }], ChangeEventRecord>(
      `SELECT e.id, e.scan_id AS scanId, e.device_id AS deviceId, e.at, e.type, e.field, e.old, e.new, d.ip, d.mac
       FROM events e JOIN devices d ON d.id = e.device_id
       WHERE (@since IS NULL OR e.at >= @since)
         AND (@after IS NULL OR e.scan_id > @after)
         AND (@scan IS NULL OR e.scan_id = @scan)
       ORDER BY e.id`,
    ),
    latestTrackedScan: db.prepare<[], { scan_id: number }>('SELECT MAX(scan_id) AS scan_id FROM tracked_scans WHERE scan_id IS NOT NULL'),
    macHistory: db.prepare<[number], MacHistoryEntry>(
      'SELECT mac, first_seen AS firstSeen, last_seen AS lastSeen FROM device_macs WHERE device_id = ? ORDER BY last_seen DESC, mac',
    ),
    deviceByPastMac: db.prepare<[string], { device_id: number }>(
      'SELECT device_id FROM device_macs WHERE mac = ? ORDER BY last_seen DESC LIMIT 1',
    ),
    upsertMac: db.prepare<[number, string, string, string]>(
      `INSERT INTO device_macs (device_id, mac, first_seen, last_seen) VALUES (?, ?, ?, ?)
       ON CONFLICT (device_id, mac) DO UPDATE SET
         first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`,
    ),
    // Merging a rotated MAC's device into the device it is: every row that names it moves.
    // A fact both devices hold becomes one, spanning both.
    moveFacts: db.prepare<[number, number]>(
      `INSERT INTO facts (device_id, ip, mac, kind, value, port, source, first_seen, last_seen, first_scan, last_scan)
       SELECT ?, ip, mac, kind, value, port, source, first_seen, last_seen, first_scan, last_scan FROM facts WHERE device_id = ?
       ORDER BY id
       ON CONFLICT (device_id, ip, ifnull(mac, ''), kind, value, ifnull(port, -1), source) DO UPDATE SET
         first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen),
         first_scan = min(ifnull(first_scan, excluded.first_scan), ifnull(excluded.first_scan, first_scan)),
         last_scan = max(ifnull(last_scan, excluded.last_scan), ifnull(excluded.last_scan, last_scan))`,
    ),
    deleteFacts: db.prepare<[number]>('DELETE FROM facts WHERE device_id = ?'),
    moveSightings: db.prepare<[number, number]>(
      'INSERT OR IGNORE INTO device_scans (scan_id, device_id) SELECT scan_id, ? FROM device_scans WHERE device_id = ?',
    ),
    deleteSightings: db.prepare<[number]>('DELETE FROM device_scans WHERE device_id = ?'),
    copyIps: db.prepare<[number, number]>(
      `INSERT INTO device_ips (device_id, ip, first_seen, last_seen)
       SELECT ?, ip, first_seen, last_seen FROM device_ips WHERE device_id = ?
       ON CONFLICT (device_id, ip) DO UPDATE SET
         first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`,
    ),
    deleteIps: db.prepare<[number]>('DELETE FROM device_ips WHERE device_id = ?'),
    copyMacs: db.prepare<[number, number]>(
      `INSERT INTO device_macs (device_id, mac, first_seen, last_seen)
       SELECT ?, mac, first_seen, last_seen FROM device_macs WHERE device_id = ?
       ON CONFLICT (device_id, mac) DO UPDATE SET
         first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`,
    ),
    deleteMacs: db.prepare<[number]>('DELETE FROM device_macs WHERE device_id = ?'),
    moveVerdicts: db.prepare<[number, number]>('UPDATE verdicts SET device_id = ? WHERE device_id = ?'),
    moveEvents: db.prepare<[number, number]>('UPDATE events SET device_id = ? WHERE device_id = ?'),
    moveTriage: db.prepare<[number, number]>('UPDATE triage SET device_id = ? WHERE device_id = ?'),
    moveAlerts: db.prepare<[number, number]>('UPDATE alerts SET device_id = ? WHERE device_id = ?'),
    deleteState: db.prepare<[number]>('DELETE FROM device_state WHERE device_id = ?'),
    rawDevice: db.prepare<[number], { id: number; mac: string | null; ip: string; first_seen: string; last_seen: string; verdict_id: number | null }>(
      'SELECT id, mac, ip, first_seen, last_seen, verdict_id FROM devices WHERE id = ?',
    ),
    deleteDevice: db.prepare<[number]>('DELETE FROM devices WHERE id = ?'),
    // The merged device takes the rotated device's MAC and, being newer, its address and current verdict.
    adoptDevice: db.prepare<[string | null, string, string, string, number | null, number]>(
      `UPDATE devices SET mac = ?, ip = ?, first_seen = min(first_seen, ?), last_seen = max(last_seen, ?),
         verdict_id = coalesce(?, verdict_id)
       WHERE id = ?`,
    ),
    // The fleet server merges its copies too (the sync sends each merge once, and again after --resend-all only to a server that lost its batch); a device that later
    // takes `from`'s id (SQLite reuses the highest) is a new one to the sync, sent whole.
    recordMerge: db.prepare<[number, number, string]>('INSERT INTO device_merges (from_id, into_id, at) VALUES (?, ?, ?)'),
    forgetSyncedDevice: db.prepare<[number]>('DELETE FROM sync_devices WHERE device_id = ?'),
    syncVerdictCopies: db.prepare<[number]>(
      `UPDATE devices SET (status, covered, manufacturer, manufacturer_name, brand) =
         (SELECT v.status, v.covered, v.manufacturer, v.manufacturer_name, v.brand FROM verdicts v WHERE v.id = devices.verdict_id)
       WHERE id = ? AND verdict_id IS NOT NULL`,
    ),
  };
}

type Sql = ReturnType<typeof prepare>;

/**
 * Change tracking's tables: device state as last compared, change events, MAC history, and the
 * scans already compared. Part of the inventory (the only SQLite module); reached as inventory.changes.
 */
export class ChangeStore {
  private readonly sql: Sql;

  constructor(private readonly db: Database.Database) {
    this.sql = prepare(db);
  }

  isTracked(scanId: number): boolean {
    return this.sql.tracked.get(scanId) !== undefined;
  }

  markTracked(scanId: number, at: string): void {
    this.sql.markTracked.run(scanId, at);
  }

  latestTrackedScan(): number | null {
    return this.sql.latestTrackedScan.get()?.scan_id ?? null;
  }

  /** Completed scans with an id above `afterId`, oldest first. */
  completedScansAfter(afterId: number): CompletedScan[] {
    return this.sql.completedScansAfter.all(afterId).map((row) => ({ id: row.id, ranges: decodeRanges(row.ranges, row.id) }));
  }

  scanDeviceIds(scanId: number): number[] {
    return this.sql.scanDeviceIds.all(scanId).map((row) => row.device_id);
  }

  /** Every fact the scan saw about resolved devices, with its latest time, one at a time (a scan may hold millions). */
  *scanFacts(scanId: number, isKind: (kind: string) => kind is ObservationKind): Generator<ScanFact> {
    for (const row of this.sql.scanFacts.iterate({ scan: scanId })) {
      if (!isKind(row.kind)) continue;
      yield { ...row, kind: row.kind };
    }
  }

  /** The last completed scan that saw the device. */
  lastCompletedScanOf(deviceId: number): number | null {
    return this.sql.lastScanOf.get(deviceId)?.scan_id ?? null;
  }

  devices(): TrackedDevice[] {
    return this.sql.devices.all();
  }

  /** Devices whose current MAC is locally administered: the ones that may rotate it. */
  randomizedMacDevices(): TrackedDevice[] {
    return this.sql.randomizedDevices.all();
  }

  states(): Map<number, DeviceState> {
    return new Map(this.sql.states.all().map((row) => [row.deviceId, { ...row, baseline: row.baseline !== 0 }]));
  }

  saveState(state: DeviceState): void {
    // Named parameters take exactly the statement's names: no extra keys.
    const { deviceId, lastScanId, goneScanId, ip, hostname, ports, firmware, model, status, covered, location } = state;
    this.sql.saveState.run({ deviceId, baseline: state.baseline ? 1 : 0, lastScanId, goneScanId, ip, hostname, ports, firmware, model, status, covered, location });
  }

  addEvent(event: NewChangeEvent): number {
    const result = this.sql.insertEvent.run(
      event.scanId,
      event.deviceId,
      event.at,
      event.type,
      event.field ?? null,
      event.old ?? null,
      event.new ?? null,
    );
    return Number(result.lastInsertRowid);
  }

  events(query: EventQuery = {}): ChangeEventRecord[] {
    return this.sql.events.all({ since: query.since ?? null, after: query.afterScan ?? null, scan: query.scan ?? null });
  }

  macHistory(deviceId: number): MacHistoryEntry[] {
    return this.sql.macHistory.all(deviceId);
  }

  /** The device that last carried `mac`, when it carries another one now. */
  deviceIdByPastMac(mac: string): number | null {
    return this.sql.deviceByPastMac.get(mac)?.device_id ?? null;
  }

  /** Records that the device carried `mac` over this span (MAC history; randomized MACs rotate). */
  noteMac(deviceId: number, mac: string, firstSeen: string, lastSeen: string): void {
    this.sql.upsertMac.run(deviceId, mac, firstSeen, lastSeen);
  }

  /**
   * Folds device `from` (a rotated MAC seen as a new device) into `into`: its facts, sightings, addresses,
   * MACs, verdicts, events, triage and alerts move; `into` takes its MAC, and being the newer
   * sighting its address and current verdict. `from` is deleted, and the merge recorded for the fleet
   * sync (at: when `from` was last seen, the sighting that showed it to be `into`). Runs inside the
   * caller's transaction.
   */
  mergeDevice(from: number, into: number): void {
    const sql = this.sql;
    const source = sql.rawDevice.get(from);
    const target = sql.rawDevice.get(into);
    if (source === undefined || target === undefined || from === into) throw new Error(`bug: cannot merge device ${from} into ${into}`);
    sql.moveFacts.run(into, from);
    sql.deleteFacts.run(from);
    sql.moveSightings.run(into, from);
    sql.deleteSightings.run(from);
    sql.copyIps.run(into, from);
    sql.deleteIps.run(from);
    sql.copyMacs.run(into, from);
    sql.deleteMacs.run(from);
    if (source.mac !== null) sql.upsertMac.run(into, source.mac, source.first_seen, source.last_seen);
    if (target.mac !== null) sql.upsertMac.run(into, target.mac, target.first_seen, target.last_seen);
    sql.moveVerdicts.run(into, from);
    sql.moveEvents.run(into, from);
    sql.moveTriage.run(into, from);
    sql.moveAlerts.run(into, from);
    sql.deleteState.run(from);
    sql.deleteDevice.run(from);
    sql.recordMerge.run(from, into, source.last_seen);
    sql.forgetSyncedDevice.run(from);
    const newer = source.last_seen >= target.last_seen;
    sql.adoptDevice.run(
      newer ? source.mac : target.mac,
      newer ? source.ip : target.ip,
      source.first_seen,
      source.last_seen,
      newer ? source.verdict_id : null,
      into,
    );
    sql.syncVerdictCopies.run(into);
  }

  /** IMMEDIATE: the write lock is taken up front, so two processes never compare from the same stale read. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}
