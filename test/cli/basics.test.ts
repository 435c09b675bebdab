/** The CLI as a user meets it first: targets and refusals, exit codes, help, oui, and what a scan of loopback stores. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanaudit-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('targets and refusals', () => {
  it.each([
    ['10.0.0.300/24', /invalid target "10\.0\.0\.300\/24": octet 300 is out of range 0-255/],
    ['foo', /invalid target "foo"/],
    ['10.0.0.1/33', /invalid target "10\.0\.0\.1\/33"/],
  ])('a bad target (%s) is a usage error with a clear message, exit 2', async (target, message) => {
    const r = await runCli(['scan', target, '--db', path.join(dir, 'bad.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(fs.existsSync(path.join(dir, 'bad.db'))).toBe(false);
  });

  it('refuses public addresses unless --allow-public, and says how', async () => {
    const r = await runCli(['scan', '8.8.8.0/30', '--db', path.join(dir, 'pub.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/public/);
    expect(r.stderr).toContain('--allow-public');
  });

  it('refuses more than 65,536 addresses unless --max-hosts allows it', async () => {
    const r = await runCli(['scan', '10.0.0.0/8', '--db', path.join(dir, 'big.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-hosts');
  });

  it('an unknown option is a usage error', async () => {
    const r = await runCli(['scan', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option/);
  });
});

describe('help, version and oui', () => {
  it('prints the version and help with examples and exit codes', async () => {
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const h = await runCli(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Examples:');
    expect(h.stdout).toContain('Exit codes: 0 ok, 1 runtime error, 2 usage error, 3 covered equipment present');
  });

  it('oui names the registrant, the block size and the covered entity, and marks randomized MACs', async () => {
    const r = await runCli(['oui', '58:50:ed:1f:e3:85', '3C-EF-8C-00-00-01', '0050.c2ab.cdef', '5a:50:ed:1f:e3:85', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows[0]).toMatchObject({ prefix: '58:50:ED', block: 'MA-L', registrant: 'Hangzhou Hikvision Digital Technology Co.,Ltd.', covered: 'hikvision' });
    expect(rows[1]).toMatchObject({ prefix: '3C:EF:8C', registrant: 'Zhejiang Dahua Technology Co., Ltd.', covered: 'dahua' });
    expect(rows[2]).toMatchObject({ covered: null });
    expect(rows[3]).toMatchObject({ randomized: true, registrant: null, covered: null });
    const bad = await runCli(['oui', 'zz:zz']);
    expect(bad.code).toBe(2);
  });
});

describe('a scan of loopback, then the inventory commands', () => {
  let server: net.Server;
  let port = 0;
  let db = '';
  beforeAll(async () => {
    db = path.join(dir, 'loop.db');
    server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  it('stores the host with its open port, and lists it', async () => {
    const scan = await runCli(['scan', '127.0.0.1', '--engine', 'native', '--ports', String(port), '--db', db, '--json']);
    expect(scan.code, scan.stderr).toBe(0);
    expect(scan.stderr).toContain('Engine: native');
    expect(JSON.parse(scan.stdout)).toMatchObject({ status: 'complete', devices: 1 });

    const devices = await runCli(['devices', '--json', '--db', db]);
    expect(JSON.parse(devices.stdout)).toEqual([expect.objectContaining({ ip: '127.0.0.1', status: 'clear', covered: null })]);

    const show = await runCli(['show', '127.0.0.1', '--json', '--db', db]);
    const detail = JSON.parse(show.stdout) as { observations: { kind: string; value: string; port?: number }[] };
    expect(detail.observations).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'tcp.open', port })]));
    const flagged = await runCli(['devices', '--flagged', '--db', db]);
    expect(flagged.stdout).toContain('No devices match.');
  });

  it('a device that is not in the inventory is a runtime error, exit 1', async () => {
    const r = await runCli(['show', '10.1.2.3', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no device with MAC or IP "10.1.2.3"');
  });
});

describe('reading commands on a missing inventory', () => {
  it.each([['devices'], ['show', '10.0.0.1'], ['report'], ['changes']])('%s says there is no inventory yet and creates none', async (...args) => {
    const db = path.join(dir, 'never-scanned.db');
    const r = await runCli([...args, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no inventory at ${db}: run lanaudit scan first`);
    expect(fs.existsSync(db)).toBe(false);
  });
});

describe('the installed command on an older Node', () => {
  it('exits 2 naming the Node version it needs instead of failing to load its native module', () => {
    // The check runs before dist/ is imported, so it holds even where dist/ was never built.
    const older = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"18.19.0"})';
    const r = spawnSync(process.execPath, ['--import', older, path.join(REPO, 'bin', 'lanaudit.js'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('lanaudit needs Node.js 20 or newer; this is 18.19.0');
    expect(r.stdout).toBe('');
  });
});
