import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followUpScan } from '../../src/agent/follow-up.js';
import { parseConfig } from '../../src/config/load.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { silentLogger } from '../../src/util/log.js';
import { runCli } from '../cli/run-cli.js';
import { useConfigFiles } from '../config/helpers.js';
import { device, tempDbPath, useTempDirs } from '../changes/helpers.js';
import { scanDevices, storeScan, StubServer, testClock } from './helpers.js';

const tempDir = useTempDirs();
const configFile = useConfigFiles();
let stub: StubServer;

beforeEach(async () => {
  stub = await new StubServer().start();
});
afterEach(async () => {
  await stub.stop();
});

/** The CLI from source in a child process, as a user runs it. */
async function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const r = await runCli(args);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

function fleetConfig(token = stub.token): string {
  return configFile('config.yaml', `fleet:\n  url: ${stub.url}\n  site: hq\n  token: ${token}\n`);
}

async function siteDb(): Promise<string> {
  const path = tempDbPath(tempDir);
  const clock = testClock();
  const inv = Inventory.open(path, { now: clock.now });
  await scanDevices(inv, 5, clock.iso(), 1);
  inv.close();
  return path;
}

describe('fleet configuration', () => {
  it('config check prints the fleet section with the token redacted', async () => {
    const config = fleetConfig();
    for (const args of [[], ['--json']]) {
      const { code, out } = await cli('--config', config, 'config', 'check', ...args);
      expect(code).toBe(0);
      expect(out).toContain(stub.url);
      expect(out).toContain('***');
      expect(out).not.toContain(stub.token);
    }
  });

  it('takes exactly one of token and tokenFile, and https unless the server is on loopback', () => {
    expect(() => parseConfig('fleet: { url: "https://fleet.example", site: hq }', 'c.yaml')).toThrow(/either token or tokenFile/);
    expect(() => parseConfig('fleet: { url: "https://fleet.example", site: hq, token: "0123456789abcdef0", tokenFile: /t }', 'c.yaml')).toThrow(/either token or tokenFile/);
    expect(() => parseConfig('fleet: { url: "http://fleet.example", site: hq, token: "0123456789abcdef0" }', 'c.yaml')).toThrow(/in clear/);
    expect(parseConfig('fleet: { url: "http://127.0.0.1:8080", site: hq, tokenFile: /t }', 'c.yaml').fleet).toMatchObject({ alerts: 'local' });
    expect(() => parseConfig('fleet: { url: "https://fleet.example", site: "a b", tokenFile: /t }', 'c.yaml')).toThrow(/site name as enrolled/);
  });
});

describe('lanaudit sync and status', () => {
  it('sync pushes the inventory and says so; status shows the server (no token), acknowledged batch, nothing waiting', async () => {
    const db = await siteDb();
    const config = fleetConfig();
    const sync = await cli('--config', config, '--db', db, 'sync', '--json');
    expect(sync.code).toBe(0);
    const report = JSON.parse(sync.out) as { ok: boolean; acked: number; waiting: number; server: string };
    expect(report).toMatchObject({ ok: true, acked: 1, waiting: 0, server: stub.url });
    expect(stub.applied[0]?.devices).toHaveLength(5);
    const status = await cli('--config', config, '--db', db, 'status');
    expect(status.out).toMatch(new RegExp(`Fleet: ${stub.url} as site hq\\n  acknowledged up to batch 1; 0 batches waiting \\(0 bytes\\); last push 20\\d\\d-`));
    expect(status.out).not.toContain(stub.token);
  });

  it('a refused token: sync exits 1 with the reason, the batch waits, status shows the error', async () => {
    const db = await siteDb();
    const config = fleetConfig('wrong-token-0123456789');
    const sync = await cli('--config', config, '--db', db, 'sync');
    expect(sync.code).toBe(1);
    expect(sync.out).toMatch(/Push stopped: the fleet server refused the site token/);
    const status = await cli('--config', config, '--db', db, 'status', '--json');
    const fleet = (JSON.parse(status.out) as { fleet: Record<string, unknown> }).fleet;
    expect(fleet).toMatchObject({ server: stub.url, site: 'hq', acked: 0, waiting: 1, lastError: expect.stringMatching(/refused the site token/) });
    expect(status.out).not.toContain('wrong-token-0123456789');
  });

  it('status with fleet.alerts central says the server sends the alerts, and lists none as undelivered', async () => {
    const db = await siteDb();
    const config = configFile('config.yaml', `fleet:\n  url: ${stub.url}\n  site: hq\n  token: ${stub.token}\n  alerts: central\n`);
    const status = await cli('--config', config, '--db', db, 'status');
    expect(status.out).toContain('Alerts: sent by the fleet server (fleet.alerts: central)');
    expect(status.out).not.toContain('Undelivered alerts');
    // The same inventory with alerts left local: its covered camera's alert is undelivered (no target).
    const local = await cli('--config', fleetConfig(), '--db', db, 'status');
    expect(local.out).toContain('Undelivered alerts: 1');
  });

  it('sync without a fleet section is a usage error', async () => {
    const db = await siteDb();
    const { code, err } = await cli('--config', configFile('c.yaml', 'tracking: { goneAfterScans: 2 }\n'), '--db', db, 'sync');
    expect(code).toBe(2);
    expect(err).toMatch(/no fleet: section/);
  });

  it('reads the token from tokenFile', async () => {
    const db = await siteDb();
    const tokenFile = `${tempDir()}/token`;
    writeFileSync(tokenFile, `${stub.token}\n`, { mode: 0o600 });
    const config = configFile('config.yaml', `fleet:\n  url: ${stub.url}\n  site: hq\n  tokenFile: ${tokenFile}\n`);
    expect((await cli('--config', config, '--db', db, 'sync')).code).toBe(0);
    expect(stub.acked).toBe(1);
  });
});

describe('after each complete scan', () => {
  it('pushes what changed; an unreachable server fails nothing and leaves the batch in the outbox', async () => {
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    const config = parseConfig(`fleet: { url: "${stub.url}", site: hq, token: "${stub.token}" }`, 'c.yaml');
    const scan = storeScan(inv, ['10.0.0.0/24'], device('10.0.0.5', '58:50:ed:00:00:01', clock.iso()));
    await followUpScan(inv, scan, config, silentLogger);
    expect(stub.applied.map((b) => b.scans.map((s) => s.id))).toEqual([[scan]]);
    expect(stub.applied[0]?.events.map((e) => e.type)).toEqual(['new']);

    await stub.stop();
    clock.advance();
    const next = storeScan(inv, ['10.0.0.0/24'], device('10.0.0.5', '58:50:ed:00:00:01', clock.iso()));
    const result = await followUpScan(inv, next, config, silentLogger);
    expect(result?.tracked).toBe(true);
    expect(inv.sync.outboxSummary().batches).toBe(1);
    expect(inv.sync.state().lastError).toMatch(/not sent/);
    // An interrupted scan is not pushed.
    const interrupted = storeScan(inv, ['10.0.0.0/24'], [], 'interrupted');
    await followUpScan(inv, interrupted, config, silentLogger);
    expect(inv.sync.outboxSummary().batches).toBe(1);
    inv.close();
    stub = await new StubServer().start();
  });

  it('fleet.alerts central: the site records its alerts but leaves sending them to the server', async () => {
    for (const mode of ['local', 'central'] as const) {
      const clock = testClock();
      const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
      const config = parseConfig(
        `fleet: { url: "${stub.url}", site: hq, token: "${stub.token}", alerts: ${mode} }\nalerts: { webhooks: [{ url: "${stub.url}/hook" }] }`,
        'c.yaml',
      );
      stub.requests.length = 0;
      stub.intercept = (r) => (r.path === '/hook' ? { status: 200, body: {} } : undefined);
      const scan = storeScan(inv, ['10.0.0.0/24'], device('10.0.0.5', '58:50:ed:00:00:01', clock.iso()));
      const result = await followUpScan(inv, scan, config, silentLogger);
      expect(result?.alerts).toHaveLength(1);
      expect(stub.requests.filter((r) => r.path === '/hook')).toHaveLength(mode === 'local' ? 1 : 0);
      expect(stub.posts().filter((r) => r.path === '/api/v1/sync/batches')).toHaveLength(1);
      inv.close();
    }
  });
});
