/**
 * Every command finds the inventory the same way: --db, else $LANAUDIT_DB, else the configuration's
 * database.path, else the default. Here the configuration names a database no other source names.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { silentLogger } from '../../src/util/log.js';
import { afterScan } from '../../src/pipeline/after-scan.js';
import { device, storeScan } from '../changes/helpers.js';
import { useConfigFiles } from '../config/helpers.js';
import { runCli } from './run-cli.js';

const file = useConfigFiles();
let dir = '';
let configured = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lanaudit-dbpath-'));
  configured = join(dir, 'from-config.db');
  const inv = Inventory.open(configured);
  const scanId = storeScan(inv, ['10.0.0.0/24'], device('10.0.0.5', '58:50:ed:00:00:01', new Date().toISOString()));
  await afterScan(inv, scanId, { goneAfterScans: 1, log: silentLogger });
  inv.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = () => file('config.yaml', `database:\n  path: ${configured}\n`);

describe('the inventory path', () => {
  it('devices, show, changes, report, triage, status and prune all use the configuration\'s database.path', { timeout: 120_000 }, async () => {
    const cfg = config();
    const run = async (...args: string[]) => {
      const r = await runCli([...args, '--config', cfg]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    const [devices, show, changes, report, status, prune] = await Promise.all([
      run('devices', '--json'),
      run('show', '10.0.0.5', '--json'),
      run('changes', '--json'),
      run('report', '--format', 'json'),
      run('status', '--json'),
      run('prune', '--dry-run', '--keep-days', '30', '--json'),
    ]);
    expect((JSON.parse(devices) as { ip: string }[]).map((d) => d.ip)).toEqual(['10.0.0.5']);
    expect(JSON.parse(show)).toMatchObject({ ip: '10.0.0.5' });
    expect((JSON.parse(changes) as { type: string; ip: string }[]).map((e) => `${e.type} ${e.ip}`)).toEqual(['new 10.0.0.5']);
    expect(report).toContain('10.0.0.5');
    expect(JSON.parse(status)).toMatchObject({ database: configured, scans: [{ id: 1, status: 'complete' }] });
    expect(JSON.parse(prune)).toMatchObject({ dryRun: true, observations: 0 });
    await run('triage', '10.0.0.5', '--status', 'acknowledged', '--note', 'replacement ordered', '--by', 'ann');
    const check = Inventory.open(configured, { readonly: true });
    expect(check.triage.history(check.devices.find('10.0.0.5')!.id).map((t) => t.status)).toEqual(['acknowledged']);
    check.close();
  });

  it('$LANAUDIT_DB wins over the configuration, and --db over both', { timeout: 60_000 }, async () => {
    const cfg = config();
    const fromEnv = join(dir, 'from-env.db');
    const fromFlag = join(dir, 'from-flag.db');
    const [env, flag] = await Promise.all([
      runCli(['status', '--json', '--config', cfg], { LANAUDIT_DB: fromEnv }),
      runCli(['status', '--json', '--config', cfg, '--db', fromFlag], { LANAUDIT_DB: fromEnv }),
    ]);
    expect(JSON.parse(env.stdout)).toMatchObject({ database: fromEnv, scans: [] });
    expect(JSON.parse(flag.stdout)).toMatchObject({ database: fromFlag, scans: [] });
    // Nothing has scanned into it yet: the reading command names the path it resolved and creates nothing.
    const devices = await runCli(['devices', '--json', '--config', cfg], { LANAUDIT_DB: fromEnv });
    expect(devices.code).toBe(1);
    expect(devices.stderr).toContain(`no inventory at ${fromEnv}`);
  });
});
