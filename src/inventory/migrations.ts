import type Database from 'better-sqlite3';
import { RuntimeError } from '../util/errors.js';
import { legacyScanRanges } from './legacy-scope.js';
import { encodeRanges } from './scan-ranges.js';

/**
 * One schema step. Versions run 1, 2, 3 … without gaps; a released migration is never edited,
 * a change is a new entry at the end of MIGRATIONS.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** Data only code can compute, after `sql`, in the same transaction. */
  readonly run?: (db: Database.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'scans, devices, ip history, observations, verdicts',
    sql: `
      CREATE TABLE scans (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        scope TEXT NOT NULL,
        engine TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'interrupted')),
        pid INTEGER,
        hostname TEXT,
        heartbeat_at TEXT NOT NULL,
        hosts INTEGER NOT NULL DEFAULT 0,
        flagged INTEGER NOT NULL DEFAULT 0,
        error TEXT
      );
      CREATE INDEX scans_status ON scans (status);

      CREATE TABLE devices (
        id INTEGER PRIMARY KEY,
        mac TEXT UNIQUE,
        ip TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        verdict_id INTEGER REFERENCES verdicts (id),
        -- Copies of the current verdict's fields, so filters need no join.
        status TEXT CHECK (status IN ('covered', 'review', 'clear')),
        covered TEXT,
        manufacturer TEXT,
        manufacturer_name TEXT,
        brand TEXT
      );
      CREATE INDEX devices_ip ON devices (ip, last_seen);
      CREATE INDEX devices_last_seen ON devices (last_seen);
      CREATE INDEX devices_status ON devices (status);
      CREATE INDEX devices_covered ON devices (covered);

      CREATE TABLE device_ips (
        device_id INTEGER NOT NULL REFERENCES devices (id),
        ip TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        PRIMARY KEY (device_id, ip)
      ) WITHOUT ROWID;
      CREATE INDEX device_ips_ip ON device_ips (ip, last_seen);

      CREATE TABLE observations (
        id INTEGER PRIMARY KEY,
        scan_id INTEGER REFERENCES scans (id),
        device_id INTEGER REFERENCES devices (id),
        ip TEXT NOT NULL,
        mac TEXT,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        port INTEGER,
        source TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX observations_scan_ip ON observations (scan_id, ip);
      CREATE INDEX observations_device ON observations (device_id, at);

      CREATE TABLE verdicts (
        id INTEGER PRIMARY KEY,
        device_id INTEGER NOT NULL REFERENCES devices (id),
        scan_id INTEGER REFERENCES scans (id),
        at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('covered', 'review', 'clear')),
        covered TEXT,
        manufacturer TEXT,
        manufacturer_name TEXT,
        brand TEXT,
        model TEXT,
        confidence REAL NOT NULL,
        randomized_mac INTEGER NOT NULL,
        evidence TEXT NOT NULL
      );
      CREATE INDEX verdicts_device ON verdicts (device_id, id);
    `,
  },
  {
    version: 2,
    name: 'change events, tracked device state, MAC history, triage decisions, alerts and their deliveries',
    sql: `
      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        scan_id INTEGER REFERENCES scans (id),
        device_id INTEGER NOT NULL REFERENCES devices (id),
        at TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('new', 'gone', 'changed', 'reappeared')),
        field TEXT,
        old TEXT,
        new TEXT
      );
      CREATE INDEX events_at ON events (at, id);
      CREATE INDEX events_scan ON events (scan_id, id);
      CREATE INDEX events_device ON events (device_id, id);

      -- What change tracking last recorded about each device, compared with the next completed scan.
      -- baseline = 1: the device predates change tracking; its first tracked scan records facts silently.
      CREATE TABLE device_state (
        device_id INTEGER PRIMARY KEY REFERENCES devices (id),
        baseline INTEGER NOT NULL DEFAULT 0,
        last_scan_id INTEGER REFERENCES scans (id),
        ip TEXT,
        hostname TEXT,
        ports TEXT,
        firmware TEXT,
        model TEXT,
        status TEXT,
        covered TEXT,
        gone_scan_id INTEGER REFERENCES scans (id)
      );
      INSERT INTO device_state (device_id, baseline) SELECT id, 1 FROM devices;

      -- Every MAC a device carried: randomized MACs rotate, and a rotation is linked, not a new device.
      CREATE TABLE device_macs (
        device_id INTEGER NOT NULL REFERENCES devices (id),
        mac TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        PRIMARY KEY (device_id, mac)
      ) WITHOUT ROWID;
      CREATE INDEX device_macs_mac ON device_macs (mac);
      INSERT INTO device_macs (device_id, mac, first_seen, last_seen)
        SELECT id, mac, first_seen, last_seen FROM devices WHERE mac IS NOT NULL;

      -- Completed scans that change tracking has compared, with the exclusions the scan skipped.
      CREATE TABLE tracked_scans (
        scan_id INTEGER PRIMARY KEY REFERENCES scans (id),
        at TEXT NOT NULL,
        excluded TEXT NOT NULL
      );

      -- Triage decisions, oldest first per device; the newest is in force. by = 'lanaudit' for reopenings it recorded itself.
      CREATE TABLE triage (
        id INTEGER PRIMARY KEY,
        device_id INTEGER NOT NULL REFERENCES devices (id),
        status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'waiver', 'false-positive', 'removed')),
        note TEXT,
        by TEXT NOT NULL,
        at TEXT NOT NULL,
        until TEXT,
        scan_id INTEGER REFERENCES scans (id)
      );
      CREATE INDEX triage_device ON triage (device_id, id);

      -- One alert per device, reason and state version (the event or triage row that caused it).
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        device_id INTEGER NOT NULL REFERENCES devices (id),
        reason TEXT NOT NULL,
        state_version TEXT NOT NULL,
        scan_id INTEGER REFERENCES scans (id),
        at TEXT NOT NULL,
        message TEXT NOT NULL,
        UNIQUE (device_id, reason, state_version)
      );

      -- Delivery of each alert to each target (redacted name: never a secret).
      CREATE TABLE alert_deliveries (
        alert_id INTEGER NOT NULL REFERENCES alerts (id),
        target TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'abandoned')),
        attempts INTEGER NOT NULL DEFAULT 0,
        rounds INTEGER NOT NULL DEFAULT 0,
        last_attempt_at TEXT,
        last_error TEXT,
        delivered_at TEXT,
        PRIMARY KEY (alert_id, target)
      ) WITHOUT ROWID;
      CREATE INDEX alert_deliveries_status ON alert_deliveries (status);
    `,
  },
  {
    version: 3,
    name: 'alert delivery claims: one process sends a pending alert, others leave it',
    sql: `
      -- Who is sending this delivery now, and until when the claim holds (a process that died
      -- mid-send leaves a claim that expires, and the next scan's follow-up retries).
      ALTER TABLE alert_deliveries ADD COLUMN claimed_by TEXT;
      ALTER TABLE alert_deliveries ADD COLUMN claimed_until TEXT;
    `,
  },
  {
    version: 4,
    name: 'verdict serial and firmware: what the device says of itself, for the FAR 52.204-25(d) report',
    sql: `
      -- Chosen by identification from every voice that states them (SADP, DHIP, UPnP, rule
      -- captures); null when the device said none. Rows written before stay null until re-identified.
      ALTER TABLE verdicts ADD COLUMN serial TEXT;
      ALTER TABLE verdicts ADD COLUMN firmware TEXT;
    `,
  },
  {
    version: 5,
    name: 'scan ranges: the addresses each scan covered, stored as data instead of read back from its labels',
    sql: `
      -- JSON [[first, last], …] of unsigned 32-bit addresses, exclusions removed; [] covers nothing
      -- (an import). The scope column keeps the labels, for display only.
      ALTER TABLE scans ADD COLUMN ranges TEXT NOT NULL DEFAULT '[]';
    `,
    run: (db) => {
      const scans = db
        .prepare<[], { id: number; scope: string; engine: string; excluded: string | null }>(
          'SELECT s.id, s.scope, s.engine, t.excluded FROM scans s LEFT JOIN tracked_scans t ON t.scan_id = s.id',
        )
        .all();
      const update = db.prepare<[string, number]>('UPDATE scans SET ranges = ? WHERE id = ?');
      // An import's label is a file name, which may read as a target ("import a, 10.0.3.0/24"): it covers nothing.
      for (const scan of scans) {
        if (scan.engine !== 'import') update.run(encodeRanges(legacyScanRanges(scan.scope, scan.excluded ?? '')), scan.id);
      }
      // The exclusions are in the ranges now.
      db.exec('ALTER TABLE tracked_scans DROP COLUMN excluded');
    },
  },
  {
    version: 6,
    name: 'facts: each fact stored once with its first and last sighting; which scans saw each device',
    /*
     * Storage grows with change, not with time. Before, every scan stored every observation again
     * (a stable 23-device site: 228 rows and ~95 KB per scan). Now:
     * - facts: one row per fact (device, address, MAC, kind, value, port, source: what identification
     *   groups by), with the first and last time and scan that saw it. A scan that sees it again
     *   moves last_seen/last_scan in place; a changed value is another fact, a new row. Verdicts
     *   read facts and their latest times only, so they are what they were.
     * - device_scans: one small row per device per scan that saw it: `show`'s scan list and change
     *   tracking's "last complete scan that saw it". A scan's facts are those of its devices whose
     *   sightings span it (first_scan <= scan <= last_scan): exact for the newest scan, which is
     *   the one change tracking compares.
     * - observations: only a running scan's raw rows until they are resolved to devices and folded
     *   into facts (then deleted), and the unresolved rows a killed scan left.
     * Existing observations are folded here; first_scan/last_scan are the lowest and highest scan
     * ids among a fact's observations. Scan ids are plain numbers: retention may delete a fact's
     * first scan (never its last: see retention.ts).
     */
    sql: `
      CREATE TABLE facts (
        id INTEGER PRIMARY KEY,
        device_id INTEGER NOT NULL REFERENCES devices (id),
        ip TEXT NOT NULL,
        mac TEXT,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        port INTEGER,
        source TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        first_scan INTEGER,
        last_scan INTEGER
      );
      -- NULLs are distinct in a UNIQUE index; a fact without MAC or port is still one fact.
      CREATE UNIQUE INDEX facts_identity ON facts (device_id, ip, ifnull(mac, ''), kind, value, ifnull(port, -1), source);
      CREATE INDEX facts_last_scan ON facts (last_scan, ip);

      CREATE TABLE device_scans (
        scan_id INTEGER NOT NULL REFERENCES scans (id),
        device_id INTEGER NOT NULL REFERENCES devices (id),
        PRIMARY KEY (scan_id, device_id)
      ) WITHOUT ROWID;
      CREATE INDEX device_scans_device ON device_scans (device_id, scan_id);

      INSERT INTO facts (device_id, ip, mac, kind, value, port, source, first_seen, last_seen, first_scan, last_scan)
        SELECT device_id, ip, mac, kind, value, port, source, MIN(at), MAX(at), MIN(scan_id), MAX(scan_id)
        FROM observations WHERE device_id IS NOT NULL
        GROUP BY device_id, ip, mac, kind, value, port, source
        ORDER BY MIN(id);
      INSERT INTO device_scans (scan_id, device_id)
        SELECT DISTINCT scan_id, device_id FROM observations WHERE device_id IS NOT NULL AND scan_id IS NOT NULL;
      DELETE FROM observations WHERE device_id IS NOT NULL;
      DROP INDEX observations_device;
    `,
  },
  {
    version: 7,
    name: "names and locations: the facts a device's name and location are chosen from, indexed; change tracking's last location",
    sql: `
      -- Listings and reports read these facts beside each batch of devices (device-labels.ts): without
      -- this index, every fact of every device is looked at to find the few that name or place it.
      CREATE INDEX facts_labels ON facts (device_id) WHERE kind IN ('hostname', 'snmp.sysname', 'location');
      -- "<switch address> <port>[ VLAN <n>]" of the placement device-labels.ts picks; null until a switch places it.
      ALTER TABLE device_state ADD COLUMN location TEXT;
    `,
  },
  {
    version: 8,
    name: 'fleet sync: triage decisions get a uid and an origin; the outbox of batches for the fleet server and what was put in them',
    /*
     * A triage decision is identified everywhere by its uid (made where it was decided: here, or
     * centrally and received here); the one in force for a device is the latest by time, then uid,
     * not the latest row (a central decision made earlier may arrive later). The table is rebuilt
     * for uid NOT NULL; existing rows get a random uid.
     *
     * The sync tables (src/sync): each batch's exact bytes wait in sync_outbox until the server
     * acknowledges them; sync_state holds what has been put into batches (watermarks) and the
     * server's position; sync_devices the hash of each device's row as last batched, so only
     * changed devices are sent again.
     */
    sql: `
      CREATE TABLE triage_new (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))) CHECK (length(uid) = 32 AND uid NOT GLOB '*[^0-9a-f]*'),
        device_id INTEGER NOT NULL REFERENCES devices (id),
        status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'waiver', 'false-positive', 'removed')),
        note TEXT,
        by TEXT NOT NULL,
        at TEXT NOT NULL,
        until TEXT,
        scan_id INTEGER REFERENCES scans (id),
        origin TEXT NOT NULL DEFAULT 'site' CHECK (origin IN ('site', 'central'))
      );
      INSERT INTO triage_new (id, uid, device_id, status, note, by, at, until, scan_id)
        SELECT id, lower(hex(randomblob(16))), device_id, status, note, by, at, until, scan_id FROM triage ORDER BY id;
      DROP TABLE triage;
      ALTER TABLE triage_new RENAME TO triage;
      CREATE INDEX triage_device ON triage (device_id, at, uid);

      CREATE TABLE sync_outbox (
        seq INTEGER PRIMARY KEY,
        body BLOB NOT NULL,
        sha256 TEXT NOT NULL,
        rows INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_attempt_at TEXT
      );

      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        -- The highest seq written to the outbox, and the highest the server acknowledged.
        built_seq INTEGER NOT NULL DEFAULT 0,
        acked_seq INTEGER NOT NULL DEFAULT 0,
        -- The highest central decision id applied here.
        decisions_after INTEGER NOT NULL DEFAULT 0,
        -- What has been put into batches: scans finished, verdict, event and triage rows, up to these ids.
        scan_mark INTEGER NOT NULL DEFAULT 0,
        verdict_mark INTEGER NOT NULL DEFAULT 0,
        event_mark INTEGER NOT NULL DEFAULT 0,
        triage_mark INTEGER NOT NULL DEFAULT 0,
        -- Complete scans up to this id have had their sightings batched.
        seen_mark INTEGER NOT NULL DEFAULT 0,
        -- The last exchange with the server that succeeded, and the last failure (cleared by a success).
        last_push_at TEXT,
        last_error TEXT,
        last_error_at TEXT
      );
      INSERT INTO sync_state (id) VALUES (1);

      CREATE TABLE sync_devices (
        device_id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL
      );

      -- Central decisions that could not be applied here (their device is gone): kept whole, with why.
      CREATE TABLE sync_skipped_decisions (
        uid TEXT PRIMARY KEY,
        decision TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
      );
    `,
  },
  {
    version: 9,
    name: 'fleet sync: device merges (a rotated MAC folded into the device it is), so the fleet server merges them too',
    sql: `
      -- Written by ChangeStore.mergeDevice; "from" no longer exists here, so no reference to devices.
      CREATE TABLE device_merges (
        id INTEGER PRIMARY KEY,
        from_id INTEGER NOT NULL,
        into_id INTEGER NOT NULL,
        at TEXT NOT NULL
      );
      -- Merges up to this id have been batched.
      ALTER TABLE sync_state ADD COLUMN merge_mark INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 10,
    name: "staged batches: a running scan's observations written one row per recorded batch",
    /*
     * Ingest (#15): a running scan staged each observation as an observations row (a row and an
     * index entry, written, read once by the fold and deleted), which cost more than the facts it
     * became. Now each recorded batch is one row (its observations' columns as a JSON array), written
     * for crash safety only: the scan resolves the batches it recorded from memory and then deletes
     * them. The batches of a scan that ended without resolving them (killed, failed) are expanded
     * into observations rows, the form such rows always had (retention, migration 6), when the
     * inventory is next opened, pruned or closed (ObservationLog.expandStale). Existing rows stay.
     */
    sql: `
      CREATE TABLE staged_batches (
        id INTEGER PRIMARY KEY,
        scan_id INTEGER NOT NULL REFERENCES scans (id),
        -- [[ip, mac, kind, value, port, source, at], …]: the observations columns after scan_id.
        rows TEXT NOT NULL
      );
      CREATE INDEX staged_batches_scan ON staged_batches (scan_id, id);
    `,
  },
  {
    version: 11,
    name: 'fleet sync: the batch that carried each device merge',
    /*
     * sync --resend-all resends the merges of the batches the server does not hold (SyncStore.restart),
     * and only those: resent to a server that applied it, a merge would fold the device that took the
     * merged id since. Merges already batched: those of batches still in the outbox are the last ones,
     * in order; the others were acknowledged, in a batch no longer known: they take the acknowledged
     * seq, so a server restored to a position before it gets them again on --resend-all (the data
     * cannot tell which of them it still holds).
     */
    sql: `
      -- The seq of the batch that carried the merge; null until batched.
      ALTER TABLE device_merges ADD COLUMN batch_seq INTEGER;
    `,
    run: (db) => {
      const state = db.prepare<[], { mark: number; acked: number }>('SELECT merge_mark AS mark, acked_seq AS acked FROM sync_state WHERE id = 1').get();
      if (state === undefined || state.mark === 0) return;
      db.prepare('UPDATE device_merges SET batch_seq = ? WHERE id <= ?').run(state.acked, state.mark);
      const waiting: number[] = [];
      for (const { seq, body } of db.prepare<[], { seq: number; body: Buffer }>('SELECT seq, body FROM sync_outbox ORDER BY seq').all()) {
        let merged: unknown;
        try {
          merged = (JSON.parse(body.toString('utf8')) as { merged?: unknown }).merged;
        } catch {
          // A body damaged on disk: the server refuses it, and the operator resends everything.
        }
        if (Array.isArray(merged)) waiting.push(...merged.map(() => seq));
      }
      const ids = db.prepare<[number, number], number>('SELECT id FROM device_merges WHERE id <= ? ORDER BY id DESC LIMIT ?').pluck(true).all(state.mark, waiting.length).reverse();
      const carried = db.prepare<[number, number]>('UPDATE device_merges SET batch_seq = ? WHERE id = ?');
      const seqs = waiting.slice(waiting.length - ids.length);
      ids.forEach((id, i) => carried.run(seqs[i]!, id));
    },
  },
];

/** The schema version this code writes and reads. */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

export function schemaVersion(db: Database.Database): number {
  const version: unknown = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') throw new Error(`bug: PRAGMA user_version returned ${String(version)}`);
  return version;
}

/** Refuses a database written by a newer lanaudit: reading it with older assumptions could damage it. */
export function assertNotNewer(db: Database.Database, path: string, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = schemaVersion(db);
  const latest = latestVersion(migrations);
  if (current > latest) {
    throw new RuntimeError(
      `inventory ${path} has schema version ${current}, newer than this lanaudit knows (${latest}): upgrade lanaudit`,
    );
  }
  return current;
}

/**
 * Brings the schema up to date, one transaction per migration, and returns the versions applied.
 * Each transaction is IMMEDIATE and re-reads the version, so two processes opening the same new
 * database do not both apply a step.
 */
export function migrate(db: Database.Database, path: string, migrations: readonly Migration[] = MIGRATIONS): number[] {
  checkSequence(migrations);
  assertNotNewer(db, path, migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const record = db.prepare<[number, string, string]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const applied: number[] = [];
  for (const migration of migrations) {
    // Read first: opening an up-to-date inventory takes no write lock (another process's scan may
    // hold it; ten waits for it, one per migration, could outlast the busy timeout).
    if (schemaVersion(db) >= migration.version) continue;
    const step = db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      migration.run?.(db);
      record.run(migration.version, migration.name, new Date().toISOString());
      // PRAGMA takes no bound parameters; the version is a checked integer from code, not data.
      db.pragma(`user_version = ${migration.version}`);
      applied.push(migration.version);
    });
    step.immediate();
  }
  return applied;
}

function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (!Number.isSafeInteger(migration.version) || migration.version !== index + 1) {
      throw new Error(`bug: migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`);
    }
  });
}
