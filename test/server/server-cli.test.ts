import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addReadToken } from '../../src/server/auth/read-tokens.js';
import { authenticate } from '../../src/server/auth/tokens.js';
import { addSite, setSiteAlerts } from '../../src/server/store/sites.js';
import { recordCentralDecision } from '../../src/server/sync/central-decision.js';
import { UsageError } from '../../src/util/errors.js';
import { openPool, type Pool } from '../../src/server/store/pool.js';
import { receivePush } from '../../src/server/sync/push.js';
import { silentLogger } from '../../src/util/log.js';
import { runCli, startCli } from '../cli/run-cli.js';
import { testDatabase, type TestDatabase } from '../helpers/pg-cluster.js';
import { call, encode, makeCert, sha256, siteHistory, type TestCert } from './helpers.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

// Each case runs lanaudit from source a few times (a few seconds each on a loaded machine): generous timeouts.
describe('lanaudit server (CLI)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let dir: string;
  let cert: TestCert;
  const password = () => new URL(db.url).password;
  const config = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  };

  beforeAll(async () => {
    db = await testDatabase();
    pool = openPool(db.url);
    dir = mkdtempSync(join(tmpdir(), 'lanaudit-server-cli-'));
    cert = makeCert();
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
    if (cert !== undefined) rmSync(cert.dir, { recursive: true, force: true });
  });

  it('init migrates, says what it did, then has nothing to do; it writes no file', { timeout: 180_000 }, async () => {
    const home = mkdtempSync(join(tmpdir(), 'lanaudit-home-'));
    try {
      const first = await runCli(['server', 'init', '--pg', db.url], { HOME: home, XDG_DATA_HOME: join(home, 'data') });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/schema version 0 -> \d+\. Applied:\n {2}1 {2}sites, tokens/);
      expect(first.stdout).not.toContain(password());
      expect(first.stdout).toContain(':***@127.0.0.1');
      const again = await runCli(['server', 'init', '--json'], { HOME: home, LANAUDIT_SERVER_PG: db.url });
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ applied: [] });
      expect(readdirSync(home)).toEqual([]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('enrolls, lists, rotates and revokes sites; the token is printed once and only its hash is stored', { timeout: 180_000 }, async () => {
    const add = await runCli(['server', 'site', 'add', 'alpha', '--pg', db.url]);
    expect(add.code, add.stderr).toBe(0);
    const token = add.stdout.trim();
    expect(token).toMatch(/^lsa_[A-Za-z0-9_-]{43}$/);
    expect(add.stderr).toContain('shown this once');
    expect(await authenticate(pool, token)).toMatchObject({ kind: 'site', siteName: 'alpha' });
    const stored = await pool.query("SELECT encode(hash, 'hex') AS h FROM tokens");
    expect(stored.rows).toEqual([{ h: sha256(Buffer.from(token)) }]);
    await expect(addSite(pool, 'alpha', 'test')).rejects.toThrow('site alpha exists already');
    await expect(addSite(pool, 'no/slash', 'test')).rejects.toThrow(UsageError);

    const rotate = await runCli(['server', 'site', 'rotate', 'alpha', '--json', '--pg', db.url]);
    expect(rotate.code, rotate.stderr).toBe(0);
    const rotated = JSON.parse(rotate.stdout) as { token: string; revoked: number };
    expect(rotated.revoked).toBe(1);
    expect(await authenticate(pool, token)).toBeNull();
    expect(await authenticate(pool, rotated.token)).toMatchObject({ kind: 'site', siteName: 'alpha' });

    const list = await runCli(['server', 'site', 'list', '--json', '--pg', db.url]);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ name: 'alpha', tokens: 1, lastSyncAt: null })]);
    expect(list.stdout).not.toContain(rotated.token.slice(4));

    const revoke = await runCli(['server', 'site', 'revoke', 'alpha', '--pg', db.url]);
    expect(revoke.stdout).toContain('1 token(s) revoked');
    expect(await authenticate(pool, rotated.token)).toBeNull();
    const table = await runCli(['server', 'site', 'list', '--pg', db.url]);
    expect(table.stdout).toMatch(/^alpha +\S+ +- +0 +local$/m);
  });

  it('sets who sends a site\'s alerts (central or local), audited, and lists it', { timeout: 180_000 }, async () => {
    await addSite(pool, 'gamma', 'test');
    const central = await runCli(['server', 'site', 'alerts', 'gamma', 'central', '--pg', db.url]);
    expect(central.code, central.stderr).toBe(0);
    expect(central.stdout).toContain('the server sends its alerts');
    expect((await pool.query("SELECT central_alerts FROM sites WHERE name = 'gamma'")).rows).toEqual([{ central_alerts: true }]);
    expect((await runCli(['server', 'site', 'list', '--pg', db.url])).stdout).toMatch(/^gamma +\S+ +- +1 +central$/m);
    const list = await runCli(['server', 'site', 'list', '--json', '--pg', db.url]);
    expect(JSON.parse(list.stdout)).toContainEqual(expect.objectContaining({ name: 'gamma', centralAlerts: true }));

    const local = await runCli(['server', 'site', 'alerts', 'gamma', 'local', '--json', '--pg', db.url]);
    expect(JSON.parse(local.stdout)).toEqual({ site: 'gamma', alerts: 'local' });
    expect((await pool.query("SELECT central_alerts FROM sites WHERE name = 'gamma'")).rows).toEqual([{ central_alerts: false }]);
    const audit = await pool.query("SELECT target, detail FROM audit WHERE action = 'site.alerts' ORDER BY id");
    expect(audit.rows).toEqual([{ target: 'gamma', detail: { alerts: 'central' } }, { target: 'gamma', detail: { alerts: 'local' } }]);

    // Refused, nothing written: an unknown mode, an unknown site.
    const bad = await runCli(['server', 'site', 'alerts', 'gamma', 'both', '--pg', db.url]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"both" is not an alerts mode: central or local');
    await expect(setSiteAlerts(pool, 'nowhere', 'central', 'test')).rejects.toThrow('no site nowhere');
    expect((await pool.query("SELECT count(*)::int AS n FROM audit WHERE action = 'site.alerts'")).rows).toEqual([{ n: 2 }]);
  });

  it('adds, lists and revokes read tokens', { timeout: 180_000 }, async () => {
    const add = await runCli(['server', 'token', 'add', 'reports', '--pg', db.url]);
    const token = add.stdout.trim();
    expect(token).toMatch(/^lra_[A-Za-z0-9_-]{43}$/);
    expect(await authenticate(pool, token)).toMatchObject({ kind: 'read' });
    await expect(addReadToken(pool, 'reports', 'test')).rejects.toThrow('a read token named reports exists');
    const list = await runCli(['server', 'token', 'list', '--pg', db.url]);
    expect(list.stdout).toMatch(/^reports +\S+Z +\S+Z +-$/m);
    expect(list.stdout).not.toContain(token.slice(4));
    expect((await runCli(['server', 'token', 'revoke', 'reports', '--pg', db.url])).code).toBe(0);
    expect(await authenticate(pool, token)).toBeNull();
  });

  it('records a central decision on a device a site pushed', { timeout: 180_000 }, async () => {
    await addSite(pool, 'beta', 'test');
    const site = await pool.query<{ id: number }>("SELECT id FROM sites WHERE name = 'beta'");
    const body = encode(siteHistory('beta', 1)[0]!);
    const pushed = await receivePush(pool, silentLogger, { site: { id: site.rows[0]!.id, name: 'beta' }, seqHeader: '1', sha256Header: sha256(body), body, decisionsAfter: 0 });
    expect(pushed.status).toBe(200);
    const noNote = await runCli(['server', 'triage', 'beta', '3', '--status', 'waiver', '--pg', db.url]);
    expect(noNote.code).toBe(2);
    const result = await runCli(['server', 'triage', 'beta', '3', '--status', 'waiver', '--note', 'W-12 until replaced', '--until', '2027-01-31', '--by', 'officer', '--json', '--pg', db.url]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ deviceId: 3, status: 'waiver', until: '2027-01-31T23:59:59.999Z', by: 'officer', origin: 'central' });
    const device = await pool.query("SELECT triage_status, triage_until FROM devices WHERE id = 3");
    expect(device.rows[0]).toEqual({ triage_status: 'waiver', triage_until: new Date('2027-01-31T23:59:59.999Z') });
    await expect(recordCentralDecision(pool, { siteName: 'beta', deviceId: 99, status: 'acknowledged', note: 'x', by: 't', until: null })).rejects.toThrow('no device 99 at site beta');
  });

  it('refuses plain HTTP on a non-loopback listen address (a configuration error)', { timeout: 180_000 }, async () => {
    const path = config('open.yaml', 'server:\n  listen:\n    host: 0.0.0.0\n');
    const check = await runCli(['config', 'check', '--config', path]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('server.tls: plain HTTP would carry site tokens and inventories in clear on 0.0.0.0: set tls.cert and tls.key');
    const run = await runCli(['server', '--config', path, '--pg', db.url]);
    expect(run.code).toBe(2);
  });

  it('config check shows the server section with the PostgreSQL password redacted', { timeout: 180_000 }, async () => {
    const path = config('server.yaml', `server:\n  pg: ${db.url}\n  listen:\n    host: 127.0.0.1\n`);
    const check = await runCli(['config', 'check', '--config', path]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('pg: postgres://postgres:***@127.0.0.1');
    expect(check.stdout + check.stderr).not.toContain(password());
  });

  it('runs over HTTPS in the foreground, logs without secrets, stops on SIGTERM closing the pool', { timeout: 180_000 }, async () => {
    const port = await freePort();
    const path = config('run.yaml', `server:\n  pg: ${db.url}\n  listen:\n    host: 127.0.0.1\n    port: ${port}\n  tls:\n    cert: ${cert.certPath}\n    key: ${cert.keyPath}\n`);
    const server = startCli(['server', '--config', path]);
    await server.printed(/fleet server listening/);
    const reply = await call(`https://127.0.0.1:${port}/api/v1/sync/position`, cert.cert, { headers: { authorization: 'Bearer lsa_nothing' } });
    expect(reply.status).toBe(401);
    server.child.kill('SIGTERM');
    const done = await server.done;
    expect(done.code).toBe(0);
    const out = done.stdout + done.stderr;
    expect(out).toContain(`"url":"https://127.0.0.1:${port}"`);
    expect(out).toContain('fleet server stopped; database pool closed');
    expect(out).not.toContain(password());
  });

  it('install --dry-run writes a hardened unit with the secrets as credentials (systemd-analyze verify)', { timeout: 180_000 }, async () => {
    const pgFile = config('pg.url', `${db.url}\n`);
    const path = config('unit.yaml', `server:\n  pgFile: ${pgFile}\n  listen:\n    host: 0.0.0.0\n    port: 443\n  tls:\n    cert: ${cert.certPath}\n    key: ${cert.keyPath}\n`);
    const result = await runCli(['server', 'install', '--dry-run', '--config', path]);
    expect(result.code, result.stderr).toBe(0);
    const unit = result.stdout.replace(/^# .*\n/, '');
    const lines = unit.split('\n');
    expect(lines.find((l) => l.startsWith('ExecStart='))).toMatch(
      / server --config \$\{CREDENTIALS_DIRECTORY\}\/config\.yaml --tls-cert \$\{CREDENTIALS_DIRECTORY\}\/tls\.crt --tls-key \$\{CREDENTIALS_DIRECTORY\}\/tls\.key --pg-file \$\{CREDENTIALS_DIRECTORY\}\/pg$/,
    );
    for (const line of [
      `LoadCredential=config.yaml:${path}`,
      `LoadCredential=tls.key:${cert.keyPath}`,
      `LoadCredential=pg:${pgFile}`,
      'DynamicUser=yes',
      'ProtectSystem=strict',
      'NoNewPrivileges=yes',
      'AmbientCapabilities=CAP_NET_BIND_SERVICE',
      'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX',
      'SystemCallFilter=@system-service',
    ]) {
      expect(lines).toContain(line);
    }
    expect(unit).not.toContain(password());
    let analyze = true;
    try {
      execFileSync('systemd-analyze', ['--version'], { stdio: 'ignore' });
    } catch {
      analyze = false;
      console.warn('skipping systemd-analyze verify: systemd-analyze is missing');
    }
    if (analyze) {
      const unitDir = mkdtempSync(join(tmpdir(), 'lanaudit-units-'));
      try {
        writeFileSync(join(unitDir, 'lanaudit-server.service'), unit);
        execFileSync('systemd-analyze', ['verify', join(unitDir, 'lanaudit-server.service')], { cwd: unitDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (err) {
        const e = err as { stderr?: string; stdout?: string };
        throw new Error(`systemd-analyze verify failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
      } finally {
        rmSync(unitDir, { recursive: true, force: true });
      }
    }
  });
});
