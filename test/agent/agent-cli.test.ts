import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { useConfigFiles } from '../config/helpers.js';
import { runCli, startCli } from '../cli/run-cli.js';
import { loopbackConfig, useSilentServers } from './helpers.js';

const file = useConfigFiles();
const silentServer = useSilentServers();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function dbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanaudit-agent-'));
  dirs.push(dir);
  return join(dir, 'inventory.db');
}

const SECRETS = ['c0mm-S3CRET', 'tok-S3CRET', 'hmac-S3CRET', 'PATHS3CRET'];
const ALERTS = `  snmp:
    communities: [c0mm-S3CRET]
alerts:
  webhooks:
    - url: http://127.0.0.1:9/PATHS3CRET
      token: tok-S3CRET
      hmacSecret: hmac-S3CRET
      timeoutMs: 500
`;

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('lanaudit agent', () => {
  it('--once scans the configured loopback target, logs JSON lines, stores the scan and exits 0; no secret in the output', { timeout: 90_000 }, async () => {
    const server = await silentServer();
    const db = dbPath();
    const config = file('config.yaml', loopbackConfig(server.port, ALERTS));
    const result = await runCli(['agent', '--once', '--config', config, '--db', db]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines.every((l) => typeof l['time'] === 'string' && typeof l['level'] === 'number' && typeof l['msg'] === 'string')).toBe(true);
    const complete = lines.find((l) => l['msg'] === 'scan complete');
    expect(complete).toMatchObject({ status: 'complete', devices: 1, flagged: 0 });
    expect(lines.at(-1)?.['msg']).toBe('agent stopped; inventory closed');
    for (const secret of SECRETS) expect(result.stdout).not.toContain(secret);

    const inv = Inventory.open(db, { readonly: true });
    const [scan] = inv.scans.list();
    expect(scan).toMatchObject({ id: complete?.['scan'], status: 'complete', scope: '127.0.0.1', engine: 'native', hosts: 1 });
    const device = inv.devices.find('127.0.0.1');
    expect(device?.observations.some((o) => o.kind === 'tcp.open' && o.port === server.port)).toBe(true);
    inv.close();
  });

  it('SIGTERM during a scan: the scan is stored as interrupted, the inventory closed, exit 0', { timeout: 90_000 }, async () => {
    const server = await silentServer();
    const db = dbPath();
    // Banner probes wait 30 s on the silent service: the scan is certainly running when the signal comes.
    const config = file('config.yaml', loopbackConfig(server.port, '', 30_000));
    const agent = startCli(['agent', '--once', '--config', config, '--db', db]);
    await server.connected;
    await agent.printed(/Scanning 1 address/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    agent.child.kill('SIGTERM');
    const result = await agent.done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines.map((l) => l['msg'])).toEqual(expect.arrayContaining(['SIGTERM: stopping', 'scan interrupted', 'agent stopped; inventory closed']));

    const inv = Inventory.open(db, { readonly: true });
    expect(inv.scans.list().map((s) => s.status)).toEqual(['interrupted']);
    inv.close();
  });

  it('a scheduled agent logs its next run, and SIGTERM while idle exits 0', { timeout: 60_000 }, async () => {
    const db = dbPath();
    const config = file('config.yaml', loopbackConfig(9, 'schedule:\n  every: 1h\n'));
    const agent = startCli(['agent', '--config', config, '--db', db]);
    await agent.printed(/"msg":"agent started"/);
    agent.child.kill('SIGTERM');
    const result = await agent.done;
    expect(result.code).toBe(0);
    const started = jsonLines(result.stdout).find((l) => l['msg'] === 'agent started')!;
    expect(started['schedule']).toBe('0 * * * *');
    const next = Date.parse(String(started['nextRun']));
    expect(new Date(next).getMinutes()).toBe(0);
    expect(next).toBeGreaterThan(Date.now() - 3_600_000);
    const inv = Inventory.open(db, { readonly: true });
    expect(inv.scans.list()).toEqual([]);
    inv.close();
  });

  it('without a schedule, the agent refuses (exit 2) unless --once', { timeout: 60_000 }, async () => {
    const config = file('config.yaml', loopbackConfig(9));
    const result = await runCli(['agent', '--config', config, '--db', dbPath()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the configuration has no schedule');
  });

  it('while a manual scan holds the inventory, the agent logs it and leaves the scan alone', { timeout: 90_000 }, async () => {
    const server = await silentServer();
    const db = dbPath();
    const config = file('config.yaml', loopbackConfig(server.port, '', 30_000));
    const manual = startCli(['scan', '--config', config, '--db', db]);
    await server.connected;
    const agent = await runCli(['agent', '--once', '--config', config, '--db', db]);
    expect(agent.code).toBe(1);
    const busy = jsonLines(agent.stdout).find((l) => l['msg'] === 'another scan is running: waiting for the next scheduled run');
    expect(busy).toMatchObject({ scan: 1, pid: manual.child.pid });
    manual.child.kill('SIGINT');
    const done = await manual.done;
    expect(done.code).toBe(1);
    const inv = Inventory.open(db, { readonly: true });
    expect(inv.scans.list().map((s) => [s.id, s.status])).toEqual([[1, 'interrupted']]);
    inv.close();
  });
});
