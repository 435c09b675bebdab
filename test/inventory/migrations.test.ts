import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { latestVersion, MIGRATIONS, type Migration } from '../../src/inventory/migrations.js';
import { formatIpv4 } from '../../src/scope/index.js';
import { RuntimeError } from '../../src/util/errors.js';
import { macObs, oldInventory, scopeOf, tempDbPath, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

/** A step only tests know, numbered after the real ones so the test holds when issues add migrations. */
const TEST_MIGRATION: Migration = {
  version: MIGRATIONS.length + 1,
  name: 'test: device notes',
  sql: 'ALTER TABLE devices ADD COLUMN note TEXT; CREATE TABLE test_marker (id INTEGER PRIMARY KEY);',
};

function inspect<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function userVersion(path: string): unknown {
  return inspect(path, (db) => db.pragma('user_version', { simple: true }));
}

function migrationRows(path: string): { version: number; name: string; applied_at: string }[] {
  return inspect(path, (db) =>
    db.prepare<[], { version: number; name: string; applied_at: string }>('SELECT * FROM schema_migrations ORDER BY version').all(),
  );
}

function tableNames(path: string): string[] {
  return inspect(path, (db) =>
    db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all().map((r) => r.name),
  );
}

/** One complete scan with one device, as lanaudit 1 wrote it. */
const VERSION_1_ROWS = `
  INSERT INTO scans (id, started_at, finished_at, scope, engine, status, heartbeat_at, hosts)
    VALUES (1, '2026-03-01T10:00:00.000Z', '2026-03-01T10:01:00.000Z', '10.0.0.0/24', 'native', 'complete', '2026-03-01T10:01:00.000Z', 1);
  INSERT INTO devices (id, mac, ip, first_seen, last_seen) VALUES (1, '00:11:22:33:44:55', '10.0.0.7', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z');
  INSERT INTO device_ips (device_id, ip, first_seen, last_seen) VALUES (1, '10.0.0.7', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z');
  INSERT INTO observations (scan_id, device_id, ip, mac, kind, value, source, at)
    VALUES (1, 1, '10.0.0.7', '00:11:22:33:44:55', 'mac', '00:11:22:33:44:55', 'neigh', '2026-03-01T10:00:00.000Z');`;

/** Leaves one complete scan with one device behind, as a user's inventory would have. */
function seed(inv: Inventory): number {
  const scan = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
  inv.observations.record(scan, [macObs('10.0.0.7', '00:11:22:33:44:55', '2026-03-01T10:00:00Z')]);
  const [device] = inv.observations.resolveDevices(scan);
  inv.scans.finish(scan, 'complete', { hosts: 1, flagged: 0 });
  return device!;
}

describe('migrations', () => {
  it('versions are numbered 1, 2, 3 … with names', () => {
    MIGRATIONS.forEach((m, i) => {
      expect(m.version).toBe(i + 1);
      expect(m.name).not.toBe('');
    });
    expect(latestVersion()).toBe(MIGRATIONS.length);
  });

  it('builds the whole schema on an empty database and records each step', () => {
    const path = tempDbPath(tempDir);
    Inventory.open(path).close();
    expect(userVersion(path)).toBe(latestVersion());
    const rows = migrationRows(path);
    expect(rows.map((r) => [r.version, r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    for (const row of rows) expect(Number.isNaN(Date.parse(row.applied_at))).toBe(false);
    expect(tableNames(path)).toEqual(
      expect.arrayContaining(['scans', 'devices', 'device_ips', 'observations', 'verdicts', 'schema_migrations']),
    );
  });

  it('reopening an up-to-date database applies nothing again', () => {
    const path = tempDbPath(tempDir);
    Inventory.open(path).close();
    const before = migrationRows(path);
    Inventory.open(path).close();
    expect(migrationRows(path)).toEqual(before);
  });

  it('upgrades a database at an older version and keeps its data', () => {
    const path = tempDbPath(tempDir);
    oldInventory(path, 1, VERSION_1_ROWS);
    const device = 1;
    expect(userVersion(path)).toBe(1);

    const upgraded = Inventory.open(path, { migrations: [...MIGRATIONS, TEST_MIGRATION] });
    expect(upgraded.devices.find('00:11:22:33:44:55')?.id).toBe(device);
    expect(upgraded.scans.list()).toHaveLength(1);
    upgraded.close();

    expect(userVersion(path)).toBe(TEST_MIGRATION.version);
    expect(migrationRows(path).map((r) => r.version)).toEqual([...MIGRATIONS.map((m) => m.version), TEST_MIGRATION.version]);
    expect(migrationRows(path).at(-1)?.name).toBe('test: device notes');
    expect(tableNames(path)).toContain('test_marker');
    const note = inspect(path, (db) => db.prepare<[number], { note: string | null }>('SELECT note FROM devices WHERE id = ?').get(device));
    expect(note).toEqual({ note: null });
  });

  it('migration 5 stores the ranges old scans covered, from their labels less the exclusions tracked with them', () => {
    const path = tempDbPath(tempDir);
    const t = '2026-03-01T10:00:00.000Z';
    oldInventory(
      path,
      4,
      `INSERT INTO scans (id, started_at, finished_at, scope, engine, status, heartbeat_at) VALUES
         (1, '${t}', '${t}', '10.0.0.0/24 (eth0), 10.0.1.0/24', 'native', 'complete', '${t}'),
         (2, '${t}', '${t}', 'import scan.xml', 'import', 'complete', '${t}'),
         (4, '${t}', '${t}', 'import lab, 10.0.3.0/24', 'import', 'complete', '${t}'),
         (3, '${t}', '${t}', '10.0.2.1-50', 'nmap', 'complete', '${t}');
       INSERT INTO tracked_scans (scan_id, at, excluded) VALUES (1, '${t}', '10.0.0.5, 10.0.1.0/25'), (2, '${t}', '');`,
    );
    const inv = Inventory.open(path);
    const ranges = (id: number) => inv.scans.get(id)?.ranges.map((r) => `${formatIpv4(r.first)}-${formatIpv4(r.last)}`);
    // Scan 3 was never tracked: no exclusion is known for it, as before.
    // An import covers nothing, whatever its file is called (a name holding ", 10.0.3.0/24" too).
    expect([1, 2, 3, 4].map(ranges)).toEqual([
      ['10.0.0.1-10.0.0.4', '10.0.0.6-10.0.0.254', '10.0.1.128-10.0.1.254'],
      [],
      ['10.0.2.1-10.0.2.50'],
      [],
    ]);
    expect(inv.scans.get(1)?.scope).toBe('10.0.0.0/24 (eth0), 10.0.1.0/24');
    inv.close();
    const columns = inspect(path, (db) => db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('tracked_scans')`).all());
    expect(columns.map((c) => c.name)).toEqual(['scan_id', 'at']);
  });

  it('migration 6 folds observations into facts: same facts and times, same scans per device, a killed scan\'s rows kept', () => {
    const path = tempDbPath(tempDir);
    const at = (n: number, s = 0) => `2026-03-0${n}T10:00:0${s}.000Z`;
    const scanRows = [
      [1, 'complete'],
      [2, 'complete'],
      [3, 'interrupted'],
      [4, 'complete'],
    ].map(([id, status]) => `(${id}, '${at(Number(id))}', '${at(Number(id), 9)}', '10.0.0.0/24', 'native', '${status}', '${at(Number(id), 9)}')`);
    // Camera (1) every complete scan: mac, port 80, a MAC-less port-less name in scans 1-2. Printer
    // (2): mac, and a banner that changes after scan 1. Scan 3 was killed before resolving.
    const obs: string[] = [];
    for (const n of [1, 2, 4]) {
      obs.push(`(${n}, 1, '10.0.0.5', '58:50:ed:00:00:01', 'mac', '58:50:ed:00:00:01', NULL, 'neigh', '${at(n)}')`);
      obs.push(`(${n}, 1, '10.0.0.5', NULL, 'tcp.open', '80', 80, 'tcp', '${at(n, 1)}')`);
      if (n < 4) obs.push(`(${n}, 1, '10.0.0.5', NULL, 'hostname', 'cam', NULL, 'dns', '${at(n, 2)}')`);
      obs.push(`(${n}, 2, '10.0.0.2', '00:1b:a9:00:00:02', 'mac', '00:1b:a9:00:00:02', NULL, 'neigh', '${at(n)}')`);
      obs.push(`(${n}, 2, '10.0.0.2', NULL, 'http.title', '${n === 1 ? 'fw 1.00' : 'fw 1.20'}', 80, 'http', '${at(n, 3)}')`);
    }
    obs.push(`(3, NULL, '10.0.0.5', '58:50:ed:00:00:01', 'mac', '58:50:ed:00:00:01', NULL, 'neigh', '${at(3)}')`);
    obs.push(`(3, NULL, '10.0.0.5', NULL, 'tcp.open', '80', 80, 'tcp', '${at(3, 1)}')`);
    oldInventory(
      path,
      5,
      `INSERT INTO scans (id, started_at, finished_at, scope, engine, status, heartbeat_at) VALUES ${scanRows.join(', ')};
       INSERT INTO devices (id, mac, ip, first_seen, last_seen) VALUES
         (1, '58:50:ed:00:00:01', '10.0.0.5', '${at(1)}', '${at(4, 2)}'), (2, '00:1b:a9:00:00:02', '10.0.0.2', '${at(1)}', '${at(4, 3)}');
       INSERT INTO observations (scan_id, device_id, ip, mac, kind, value, port, source, at) VALUES ${obs.join(', ')};`,
    );
    // What version 5 handed to identification (each distinct fact with its latest time) and to show.
    const fields = 'ip, mac, kind, value, port, source';
    const before = inspect(path, (db) =>
      [1, 2].map((device) => ({
        facts: db.prepare(`SELECT ${fields}, MAX(at) AS at FROM observations WHERE device_id = ? GROUP BY ${fields} ORDER BY at`).all(device),
        scans: db.prepare<[number], { s: number }>('SELECT DISTINCT scan_id AS s FROM observations WHERE device_id = ? ORDER BY s DESC').all(device).map((r) => r.s),
      })),
    );
    expect(before[0]?.facts).toHaveLength(3);
    expect(before[1]?.facts).toHaveLength(3);

    const inv = Inventory.open(path);
    const after = [1, 2].map((device) => {
      const detail = inv.devices.find(device === 1 ? '10.0.0.5' : '10.0.0.2')!;
      const facts = detail.observations.map((o) => ({ ip: o.ip, mac: o.mac ?? null, kind: o.kind, value: o.value, port: o.port ?? null, source: o.source, at: o.at }));
      return { facts, scans: detail.scans };
    });
    expect(after).toEqual(before);
    expect(inv.scans.get(3)?.status).toBe('interrupted');
    inv.close();
    const counts = inspect(path, (db) =>
      db.prepare<[], { facts: number; sightings: number; left: number; fromKilled: number }>(
        `SELECT (SELECT COUNT(*) FROM facts) AS facts, (SELECT COUNT(*) FROM device_scans) AS sightings,
                (SELECT COUNT(*) FROM observations) AS left, (SELECT COUNT(*) FROM observations WHERE scan_id = 3 AND device_id IS NULL) AS fromKilled`,
      ).get(),
    );
    // 26 observation rows become 6 facts and 6 sightings; the killed scan's 2 unresolved rows stay as they were.
    expect(counts).toEqual({ facts: 6, sightings: 6, left: 2, fromKilled: 2 });
  });

  it('migration 10 (staged batches) keeps every fact, change, verdict and a killed scan\'s rows, and scans go on', () => {
    const path = tempDbPath(tempDir);
    const at = (n: number) => `2026-03-0${n}T10:00:00.000Z`;
    oldInventory(
      path,
      9,
      `INSERT INTO scans (id, started_at, finished_at, scope, engine, status, heartbeat_at, hosts, flagged) VALUES
         (1, '${at(1)}', '${at(1)}', '10.0.0.0/24', 'native', 'complete', '${at(1)}', 1, 1),
         (2, '${at(2)}', '${at(2)}', '10.0.0.0/24', 'native', 'interrupted', '${at(2)}', 0, 0);
       INSERT INTO devices (id, mac, ip, first_seen, last_seen) VALUES (1, '58:50:ed:00:00:01', '10.0.0.5', '${at(1)}', '${at(1)}');
       INSERT INTO device_ips (device_id, ip, first_seen, last_seen) VALUES (1, '10.0.0.5', '${at(1)}', '${at(1)}');
       INSERT INTO facts (device_id, ip, mac, kind, value, port, source, first_seen, last_seen, first_scan, last_scan) VALUES
         (1, '10.0.0.5', '58:50:ed:00:00:01', 'mac', '58:50:ed:00:00:01', NULL, 'neigh', '${at(1)}', '${at(1)}', 1, 1),
         (1, '10.0.0.5', NULL, 'tcp.open', '554', 554, 'tcp', '${at(1)}', '${at(1)}', 1, 1);
       INSERT INTO device_scans (scan_id, device_id) VALUES (1, 1);
       INSERT INTO verdicts (id, device_id, scan_id, at, status, covered, manufacturer, confidence, randomized_mac, evidence)
         VALUES (1, 1, 1, '${at(1)}', 'covered', 'hikvision', 'Hikvision', 0.9, 0, '[]');
       UPDATE devices SET verdict_id = 1, status = 'covered', covered = 'hikvision', manufacturer = 'Hikvision' WHERE id = 1;
       INSERT INTO events (scan_id, device_id, at, type) VALUES (1, 1, '${at(1)}', 'new');
       INSERT INTO device_state (device_id, last_scan_id, ip, status, covered) VALUES (1, 1, '10.0.0.5', 'covered', 'hikvision');
       INSERT INTO triage (device_id, status, by, at) VALUES (1, 'acknowledged', 'alice', '${at(1)}');
       INSERT INTO observations (scan_id, ip, mac, kind, value, port, source, at) VALUES
         (2, '10.0.0.6', '00:1b:a9:00:00:02', 'mac', '00:1b:a9:00:00:02', NULL, 'neigh', '${at(2)}');`,
    );
    const tables = ['scans', 'devices', 'device_ips', 'facts', 'device_scans', 'verdicts', 'events', 'device_state', 'triage', 'observations'];
    const dump = () => inspect(path, (db) => Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()])));
    const before = dump();
    expect(before.facts).toHaveLength(2);

    const inv = Inventory.open(path);
    inv.close();
    expect(userVersion(path)).toBe(latestVersion());
    expect(dump()).toEqual(before);
    expect(tableNames(path)).toContain('staged_batches');

    // A scan on the migrated inventory stages, resolves and leaves the earlier rows as they were.
    const next = Inventory.open(path);
    const scan = next.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
    next.observations.record(scan, [macObs('10.0.0.5', '58:50:ed:00:00:01', '2026-03-05T10:00:00Z')]);
    expect(next.observations.resolveDevices(scan)).toEqual([1]);
    next.scans.finish(scan, 'complete', { hosts: 1, flagged: 1 });
    expect(next.verdicts.history(1)).toHaveLength(1);
    next.close();
    const after = dump();
    expect(after.observations).toEqual(before.observations);
    expect(after.verdicts).toEqual(before.verdicts);
    const [mac, port] = before.facts ?? [];
    expect(after.facts).toEqual([{ ...(mac as object), last_seen: '2026-03-05T10:00:00.000Z', last_scan: scan }, port]);
  });

  it('a failing step rolls back whole and leaves the version where it was', () => {
    const path = tempDbPath(tempDir);
    Inventory.open(path).close();
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'test: fails halfway',
      sql: 'CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);',
    };
    expect(() => Inventory.open(path, { migrations: [...MIGRATIONS, broken] })).toThrow(RuntimeError);
    expect(userVersion(path)).toBe(MIGRATIONS.length);
    expect(tableNames(path)).not.toContain('half_done');
    expect(migrationRows(path)).toHaveLength(MIGRATIONS.length);
  });

  it('refuses a database written by a newer lanaudit, for writing and for reading, and leaves it alone', () => {
    const path = tempDbPath(tempDir);
    const newer = Inventory.open(path, { migrations: [...MIGRATIONS, TEST_MIGRATION] });
    seed(newer);
    newer.close();

    expect(() => Inventory.open(path)).toThrow(RuntimeError);
    expect(() => Inventory.open(path)).toThrow(/newer than this lanaudit knows/);
    expect(() => Inventory.open(path, { readonly: true })).toThrow(/newer than this lanaudit knows/);
    expect(userVersion(path)).toBe(TEST_MIGRATION.version);
    expect(migrationRows(path)).toHaveLength(MIGRATIONS.length + 1);
  });

  it('read-only opening does not upgrade: an older schema is a clear error', () => {
    const path = tempDbPath(tempDir);
    Inventory.open(path).close();
    expect(() => Inventory.open(path, { readonly: true, migrations: [...MIGRATIONS, TEST_MIGRATION] })).toThrow(
      /older than this lanaudit's/,
    );
    expect(userVersion(path)).toBe(MIGRATIONS.length);
  });

  it('a migration list with a gap is a bug, not a silent skip', () => {
    const path = tempDbPath(tempDir);
    const gap: Migration = { ...TEST_MIGRATION, version: MIGRATIONS.length + 2 };
    expect(() => Inventory.open(path, { migrations: [...MIGRATIONS, gap] })).toThrow(/expected/);
  });
});

describe('opening', () => {
  it('creates a missing directory private to the user, and the file private too', () => {
    const path = join(tempDir(), 'nested', 'lanaudit', 'inventory.db');
    Inventory.open(path).close();
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o077).toBe(0);
  });

  it('read-only opening of a missing inventory says so and creates nothing', () => {
    const path = tempDbPath(tempDir);
    expect(() => Inventory.open(path, { readonly: true })).toThrow(/no inventory at/);
    expect(() => Inventory.open(path, { readonly: true })).toThrow(RuntimeError);
  });

  it('a place where the inventory cannot be created is a RuntimeError naming it', () => {
    const blocker = join(tempDir(), 'not-a-dir');
    writeFileSync(blocker, '');
    const path = join(blocker, 'inventory.db');
    expect(() => Inventory.open(path)).toThrow(RuntimeError);
    expect(() => Inventory.open(path)).toThrow(path);
  });

  it('a file that is not a database is a RuntimeError naming the file', () => {
    const path = tempDbPath(tempDir);
    writeFileSync(path, 'this is a text file, not an inventory\n'.repeat(100));
    expect(() => Inventory.open(path)).toThrow(RuntimeError);
    expect(() => Inventory.open(path)).toThrow(path);
  });

  it('a read-only inventory reads but cannot start a scan', () => {
    const path = tempDbPath(tempDir);
    const inv = Inventory.open(path);
    seed(inv);
    inv.close();
    const ro = Inventory.open(path, { readonly: true });
    expect(ro.devices.list().map((d) => d.mac)).toEqual(['00:11:22:33:44:55']);
    expect(() => ro.scans.begin({ scope: scopeOf('10.0.0.1'), engine: 'native' })).toThrow(/readonly/);
    ro.close();
  });
});
