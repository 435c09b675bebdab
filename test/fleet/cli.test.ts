import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../src/server/listen.js';
import { startCli } from '../cli/run-cli.js';
import { makeCert, type TestCert } from '../server/helpers.js';
import { fleetDevices } from '../server/queries/fleet-fixture.js';
import { HOSTILE_NAME, PER_SITE, SITES, testFleet, type TestFleet } from './fleet-server.js';

let fleet: TestFleet;
let cert: TestCert;
let server: Listening;
let dir: string;

beforeAll(async () => {
  fleet = await testFleet();
  cert = makeCert();
  server = await listen(fleet.app, { host: '127.0.0.1', port: 0, tls: { cert: cert.cert, key: cert.key } });
  dir = mkdtempSync(join(tmpdir(), 'lanaudit-fleet-cli-'));
});
afterAll(async () => {
  await server?.close();
  await fleet?.close();
  rmSync(dir, { recursive: true, force: true });
  if (cert) rmSync(cert.dir, { recursive: true, force: true });
});

const run = (...args: string[]) => startCli(['fleet', '--server', server.url, '--ca', cert.certPath, ...args], { LANAUDIT_FLEET_TOKEN: fleet.token }).done;

describe('lanaudit fleet over HTTPS', () => {
  it('devices --flagged --json: every covered device of every site, once', async () => {
    const r = await run('devices', '--flagged', '--json');
    expect(r.code, r.stderr).toBe(0);
    const devices = JSON.parse(r.stdout) as { site: string; id: number; status: string }[];
    const expected = fleetDevices(SITES, PER_SITE).filter((d) => d.status === 'covered' || (d.site === 'alpha' && d.id === 1));
    expect(devices.map((d) => `${d.site}/${d.id}`).sort()).toEqual(expected.map((d) => `${d.site}/${d.id}`).sort());
  });

  it('devices: a table with a SITE column, device text made inert', async () => {
    const r = await run('devices', '--site', 'alpha', '--ip', '10.0.0.1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^SITE\s+IP\s+MAC/);
    expect(r.stdout).toContain('alpha  10.0.0.1');
    expect(r.stdout).toContain('=HYPERLINK');
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u001b\u202e]/);
    expect(r.stdout).toContain('1 device');
  });

  it('show, changes and status', async () => {
    const show = await run('show', 'alpha', '10.0.0.1', '--json');
    expect(show.code, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout).device).toMatchObject({ site: 'alpha', id: 1, name: HOSTILE_NAME });
    const table = await run('show', 'alpha', '1');
    expect(table.stdout).toContain('sadp.model');
    const changes = await run('changes', '--json');
    expect((JSON.parse(changes.stdout) as { site: string }[]).map((c) => c.site).sort()).toEqual(['alpha', 'beta']);
    const status = await run('status');
    expect(status.stdout).toMatch(/^SITE\s+LAST SYNC/);
    expect(status.stdout).toContain('2 sites, ');
  });

  it('report: streams CSV to a file, FAR as HTML by the file name', async () => {
    const csv = join(dir, 'fleet.csv');
    const r = await run('report', '--format', 'csv', '-o', csv);
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(readFileSync(csv, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(SITES.length * PER_SITE);
    expect(new Set(rows.map((row) => row['site']))).toEqual(new Set(SITES));
    const far = join(dir, 'far.html');
    expect((await run('report', '--format', 'far', '-o', far, '--contract', 'W91-1')).code).toBe(0);
    expect(readFileSync(far, 'utf8')).toContain('<th>Contract number</th><td>W91-1</td>');
  });

  it('says what is wrong: a bad filter (exit 2), a refused token (exit 1), plain http off loopback (no request)', async () => {
    const bad = await run('devices', '--since', 'yesterday');
    expect(bad.code).toBe(2);
    const ip = await run('devices', '--ip', '10.0.0.0/99');
    expect(ip.code).toBe(2);
    expect(ip.stderr).toContain('ip');
    const refused = await startCli(['fleet', '--server', server.url, '--ca', cert.certPath, '--token', 'lra_wrong', 'status']).done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('token was refused');
    const clear = await startCli(['fleet', '--server', 'http://192.0.2.1:8443', '--token', 'x', 'status']).done;
    expect(clear.code).toBe(2);
    expect(clear.stderr).toContain('https');
    const untrusted = await startCli(['fleet', '--server', server.url, '--token', fleet.token, 'status']).done;
    expect(untrusted.code).not.toBe(0);
  });
});

describe('a report cut short', () => {
  let cut: Server;
  beforeAll(async () => {
    // A server that starts a report and dies in the middle of it (as the fleet server does when PostgreSQL fails mid-stream).
    cut = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.write('site,ip\r\nalpha,10.0.0.1\r\n');
      setTimeout(() => res.destroy(), 50);
    });
    await new Promise<void>((resolve) => cut.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => cut.close(() => resolve())));

  it('fails and leaves the previous file as it was', async () => {
    const target = join(dir, 'kept.csv');
    writeFileSync(target, 'previous report\n');
    const port = (cut.address() as AddressInfo).port;
    const r = await startCli(['fleet', '--server', `http://127.0.0.1:${port}`, '--token', 'lra_x', 'report', '--format', 'csv', '-o', target]).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cut short');
    expect(readFileSync(target, 'utf8')).toBe('previous report\n');
    expect(existsSync(target)).toBe(true);
  });
});

describe('lanaudit fleet devices over several pages', () => {
  it('--json lists every device once in the server order across 1,000-device pages, and --limit stops mid-page', async () => {
    // 2,400 more devices in beta (pages of 1,000), dropped afterwards for the other tests.
    await fleet.pool.query(`INSERT INTO devices (site_id, id, ip, first_seen, last_seen, triage_status)
      SELECT 2, 10000 + i, '10.9.' || (i / 250) || '.' || (i % 250), now(), now() - (i % 7) * interval '1 minute', 'open' FROM generate_series(1, 2400) i`);
    try {
      const all = await run('devices', '--site', 'beta', '--json');
      expect(all.code, all.stderr).toBe(0);
      const listed = (JSON.parse(all.stdout) as { id: number }[]).map((d) => d.id);
      expect(listed).toHaveLength(PER_SITE + 2_400);
      expect(new Set(listed).size).toBe(listed.length);
      const ordered = await fetchIds();
      expect(listed).toEqual(ordered);
      const limited = await run('devices', '--site', 'beta', '--json', '--limit', '1500');
      expect((JSON.parse(limited.stdout) as { id: number }[]).map((d) => d.id)).toEqual(ordered.slice(0, 1_500));
    } finally {
      await fleet.pool.query('DELETE FROM devices WHERE site_id = 2 AND id > 10000');
    }
  });
});

/** beta's device ids in the order the query layer lists them (newest first), read in one go. */
async function fetchIds(): Promise<number[]> {
  const { rows } = await fleet.pool.query('SELECT id FROM devices WHERE site_id = 2 ORDER BY last_seen DESC, site_id DESC, id DESC');
  return rows.map((r: { id: string | number }) => Number(r.id));
}
