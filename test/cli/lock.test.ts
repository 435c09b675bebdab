import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { loopbackConfig, useSilentServers } from '../agent/helpers.js';
import { useConfigFiles } from '../config/helpers.js';
import { startCli } from './run-cli.js';

const file = useConfigFiles();
const silentServer = useSilentServers();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function dbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanaudit-lock-'));
  dirs.push(dir);
  const path = join(dir, 'inventory.db');
  // Created up front, so the two processes race for the scan, not for creating the schema.
  Inventory.open(path).close();
  return path;
}

/** Scan ids that saw a device (sightings; observations are folded into facts): a half-merged scan would show two ids. */
function observationScans(path: string): (number | null)[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], { scan_id: number | null }>('SELECT DISTINCT scan_id FROM device_scans ORDER BY scan_id').all().map((r) => r.scan_id);
  } finally {
    db.close();
  }
}

describe('two scans on one inventory', () => {
  it('started together: exactly one runs, the other refuses naming it; no half-merged scan', { timeout: 120_000 }, async () => {
    const server = await silentServer();
    const db = dbPath();
    // Probes wait 3 s on the silent service, so the two scans certainly overlap.
    const config = file('config.yaml', loopbackConfig(server.port, '', 3000));
    const runs = [0, 1].map(() => startCli(['scan', '--config', config, '--db', db, '--json']));
    const [a, b] = await Promise.all(runs.map((r) => r.done));
    const results = [a!, b!];

    const winners = results.filter((r) => r.code === 0);
    const losers = results.filter((r) => r.code !== 0);
    expect(winners, results.map((r) => r.stderr).join('\n---\n')).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winner = runs[results.indexOf(winners[0]!)]!;
    const scan = JSON.parse(winners[0]!.stdout) as { scan: number; status: string };
    expect(scan.status).toBe('complete');
    expect(losers[0]!.code).toBe(1);
    expect(losers[0]!.stdout).toBe('');
    expect(losers[0]!.stderr).toMatch(
      new RegExp(`lanaudit: another scan is running on ${db}: scan ${scan.scan}, pid ${winner.child.pid} on .*, started \\S+, last heartbeat \\S+; run with --wait to start when it ends`),
    );

    const inv = Inventory.open(db, { readonly: true });
    expect(inv.scans.list().map((s) => [s.id, s.status])).toEqual([[scan.scan, 'complete']]);
    inv.close();
    expect(observationScans(db)).toEqual([scan.scan]);
  });

  it('with --wait the second scan starts when the first has finished', { timeout: 120_000 }, async () => {
    const server = await silentServer();
    const db = dbPath();
    const config = file('config.yaml', loopbackConfig(server.port, '', 3000));
    const first = startCli(['scan', '--config', config, '--db', db, '--json']);
    await server.connected;
    const second = startCli(['scan', '--config', config, '--db', db, '--json', '--wait', '60']);
    const [one, two] = await Promise.all([first.done, second.done]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);

    const inv = Inventory.open(db, { readonly: true });
    const [later, earlier] = inv.scans.list();
    expect([earlier?.status, later?.status]).toEqual(['complete', 'complete']);
    expect(later!.startedAt >= earlier!.finishedAt!).toBe(true);
    inv.close();
    expect(observationScans(db)).toEqual([earlier!.id, later!.id]);
  });

  it('--wait with a limit gives up naming the scan it waited for', { timeout: 120_000 }, async () => {
    const server = await silentServer();
    const db = dbPath();
    const config = file('config.yaml', loopbackConfig(server.port, '', 30_000));
    const first = startCli(['scan', '--config', config, '--db', db]);
    await server.connected;
    const second = startCli(['scan', '--config', config, '--db', db, '--wait', '1']);
    const two = await second.done;
    expect(two.code).toBe(1);
    expect(two.stderr).toMatch(new RegExp(`another scan is running on ${db}: scan 1, pid ${first.child.pid} .*\\(waited 1 s for it\\)`));
    first.child.kill('SIGINT');
    expect((await first.done).code).toBe(1);
  });
});
