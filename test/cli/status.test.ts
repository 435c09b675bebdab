import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { afterScan } from '../../src/pipeline/after-scan.js';
import { silentLogger } from '../../src/util/log.js';
import { device, storeScan } from '../changes/helpers.js';
import { useConfigFiles } from '../config/helpers.js';
import { runCli } from './run-cli.js';
import { scopeOf } from '../inventory/helpers.js';

const file = useConfigFiles();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function dbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanaudit-status-'));
  dirs.push(dir);
  return join(dir, 'inventory.db');
}

/** Three finished scans (one interrupted with its reason), then a scan another host is running now. */
function seed(path: string): void {
  let now = Date.parse('2026-03-01T10:00:00Z');
  const inv = Inventory.open(path, { now: () => new Date(now) });
  const finished: [number, 'complete' | 'interrupted', number, number, string?][] = [
    [65_000, 'complete', 12, 2],
    [4_000, 'interrupted', 3, 0, 'stopped by user (SIGINT)'],
    [30_500, 'complete', 13, 3],
  ];
  for (const [ms, status, hosts, flagged, error] of finished) {
    const id = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
    now += ms;
    inv.scans.finish(id, status, { hosts, flagged, ...(error !== undefined ? { error } : {}) });
    now += 3_600_000;
  }
  inv.close();
  const db = new Database(path);
  db.prepare(
    `INSERT INTO scans (started_at, scope, engine, status, pid, hostname, heartbeat_at) VALUES (?, '10.0.0.0/24', 'native', 'running', 4242, 'other-host.example', ?)`,
  ).run(new Date().toISOString(), new Date().toISOString());
  db.close();
}

const CONFIG = `schedule:
  every: 1h
alerts:
  webhooks:
    - url: https://hooks.example.com/services/PATH-S3CRET
      token: tok-S3CRET
`;

describe('lanaudit status', () => {
  it('lists recent scans with duration, devices, flagged and errors, the scan running now, the next run and alert targets', { timeout: 60_000 }, async () => {
    const db = dbPath();
    seed(db);
    const config = file('config.yaml', CONFIG);
    const result = await runCli(['status', '--config', config, '--db', db]);
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toContain(`Inventory: ${db}\n`);
    expect(out).toMatch(/Schedule: 0 \* \* \* \*; next run \d{4}-\d\d-\d\dT\d\d:00:00\.000Z\n/);
    expect(out).toMatch(/Running now: scan 4 \(pid 4242 on other-host\.example, started /);
    const rows = out.split('\n').filter((l) => /^\d+\s+2026-03-01/.test(l)).map((l) => l.split(/\s{2,}/));
    expect(rows).toEqual([
      ['3', '2026-03-01T12:01:09.000Z', '30.5 s', 'complete', '13', '3'],
      ['2', '2026-03-01T11:01:05.000Z', '4 s', 'interrupted', '3', '0', 'stopped by user (SIGINT)'],
      ['1', '2026-03-01T10:00:00.000Z', '65 s', 'complete', '12', '2'],
    ]);
    expect(out).toMatch(/Alerts:\n.*Target.*\n.*\n.*webhook https:\/\/hooks\.example\.com\/\*\*\*/);
    expect(out).not.toMatch(/S3CRET/);
  });

  it('--json carries the same facts', { timeout: 60_000 }, async () => {
    const db = dbPath();
    seed(db);
    const config = file('config.yaml', CONFIG);
    const result = await runCli(['status', '--json', '--scans', '2', '--config', config, '--db', db]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/S3CRET/);
    const status = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(status).toMatchObject({
      database: db,
      config,
      schedule: '0 * * * *',
      running: { id: 4, pid: 4242, hostname: 'other-host.example' },
      scans: [
        { id: 4, status: 'running', seconds: null },
        { id: 3, status: 'complete', seconds: 30.5, devices: 13, flagged: 3, error: null },
      ],
      alerts: { state: 'ok', targets: [{ delivered: 0, pending: 0, failed: 0, abandoned: 0, lastSuccess: null, lastFailure: null }] },
    });
    expect(Date.parse(String(status['nextRun'])) % 3_600_000).toBe(0);
  });

  it('before any scan, without configuration: says so', { timeout: 60_000 }, async () => {
    const db = dbPath();
    const result = await runCli(['status', '--db', db, '--config', file('config.yaml', '{}\n')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Inventory: ${db} (none yet: no scan has run)`);
    expect(result.stdout).toContain('Schedule: none configured');
    expect(result.stdout).toContain('No scans yet.');
    expect(result.stdout).toContain('Alerts: no target configured');
  });

  it('lists the alerts no target has taken, and what a target added now would receive', { timeout: 60_000 }, async () => {
    const db = dbPath();
    const inv = Inventory.open(db);
    const scanId = storeScan(inv, ['10.0.0.0/24'], device('10.0.0.23', '58:50:ed:00:00:01', new Date().toISOString()));
    await afterScan(inv, scanId, { goneAfterScans: 1, log: silentLogger });
    inv.close();
    const config = file('config.yaml', '{}\n');
    const [text, json] = await Promise.all([runCli(['status', '--config', config, '--db', db]), runCli(['status', '--json', '--config', config, '--db', db])]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Alerts: no target configured');
    expect(text.stdout).toMatch(/Undelivered alerts: 1 \(no target has taken them\):\n.*\n.*\n1\s+\S+Z\s+new\s+10\.0\.0\.23\s+no target\n/);
    expect(text.stdout).toContain('A target added to alerts receives those raised in the last 7 days whose device still needs action');
    expect(JSON.parse(json.stdout)).toMatchObject({ alerts: { state: 'not configured', undelivered: { total: 1, newest: [{ id: 1, ip: '10.0.0.23', reason: 'new', queued: 0 }] } } });
  });
});
