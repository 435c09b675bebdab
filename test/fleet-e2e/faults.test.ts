/**
 * Issue 13's faults, through the real agent (`lanaudit sync`, dist/, a separate process) and the
 * real `lanaudit server` (dist/, HTTPS on 127.0.0.1) on a PostgreSQL cluster of this file's own (it
 * is stopped and started). In every case the agent says in `lanaudit status` what it could not
 * send, and once the fault is gone the server's tables for the site equal a clean replay of every
 * batch the site built: nothing lost, nothing doubled. (The HTTP-level refusals themselves are
 * test/server/sync.test.ts's; here is what the agent does on each.)
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { buildBatches } from '../../src/sync/build-batches.js';
import { ensureBuilt } from '../helpers/cli.js';
import { builtBatches, cleanReplay, recordBuiltBatches, siteTables } from '../helpers/fleet-replay.js';
import { fleetCert, fleetTempDir, freeLoopbackPort, pgControl, serverAdmin, snapshotBuild, startFleetServer, type FleetCert, type FleetServer } from '../helpers/fleet-server.js';
import { startCluster, type PgCluster } from '../helpers/pg-cluster.js';
import { scanDevices, testClock } from '../sync/helpers.js';

interface Agent {
  readonly site: string;
  readonly db: string;
  readonly config: string;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe('fleet faults, through the agent', () => {
  let dir = '';
  let cluster: PgCluster;
  let pgUrl = '';
  let cert: FleetCert;
  let port = 0;
  let server: FleetServer | undefined;
  let admin: pg.Pool;
  /** This file's copy of the build (others may rebuild dist/ meanwhile). */
  let bin = '';

  const start = async (bodyLimitBytes?: number) => {
    server = await startFleetServer({ pgUrl, cert, host: '127.0.0.1', port, dir, bin, ...(bodyLimitBytes !== undefined ? { bodyLimitBytes } : {}) });
  };

  beforeAll(async () => {
    ensureBuilt();
    dir = fleetTempDir('fleet-faults');
    bin = snapshotBuild(dir);
    cluster = await startCluster();
    const boot = new pg.Client({ connectionString: cluster.url });
    await boot.connect();
    await boot.query('CREATE DATABASE fleet');
    await boot.end();
    pgUrl = cluster.url.replace(/\/postgres$/, '/fleet');
    serverAdmin(bin, pgUrl, 'init');
    admin = new pg.Pool({ connectionString: pgUrl, max: 2 });
    // Its idle connections die with PostgreSQL in the first test; the next query opens new ones.
    admin.on('error', () => undefined);
    cert = fleetCert(dir, ['127.0.0.1']);
    port = await freeLoopbackPort();
    await start();
  }, 120_000);

  // A test that failed half-way leaves no dead server behind for the next.
  beforeEach(async () => {
    if (server === undefined || server.child.exitCode !== null || server.child.signalCode !== null) await start();
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await admin?.end().catch(() => undefined);
    cluster?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** An enrolled site whose agent holds `devices` devices (two scans, through the Inventory API), every batch it builds recorded. */
  async function agent(site: string, devices: number, over: { token?: string; site?: string } = {}): Promise<Agent> {
    const { token } = serverAdmin(bin, pgUrl, 'site', 'add', site) as { token: string };
    const db = path.join(dir, `${site}.db`);
    const config = path.join(dir, `${site}.yaml`);
    fs.writeFileSync(config, `fleet:\n  url: https://127.0.0.1:${port}\n  site: ${over.site ?? site}\n  token: ${over.token ?? token}\n  caFile: ${cert.certPath}\n`, { mode: 0o600 });
    recordBuiltBatches(db);
    const clock = testClock();
    const inv = Inventory.open(db, { now: clock.now });
    await scanDevices(inv, devices, clock.iso(), Math.ceil(devices / 20));
    clock.advance();
    await scanDevices(inv, devices, clock.iso(), Math.ceil(devices / 20));
    inv.close();
    return { site, db, config };
  }

  function lanaudit(a: Agent, ...args: string[]): Promise<Run> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [bin, ...args, '--db', a.db, '--config', a.config], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  const sync = async (a: Agent) => {
    const r = await lanaudit(a, 'sync', '--json');
    return { code: r.code, report: JSON.parse(r.stdout || '{}'), stderr: r.stderr };
  };
  const status = async (a: Agent) => {
    const r = await lanaudit(a, 'status', '--json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).fleet;
  };
  const acked = async (site: string) => Number((await admin.query<{ a: string }>('SELECT acked_seq::text AS a FROM sites WHERE name = $1', [site])).rows[0]!.a);
  const siteRows = async (site: string) =>
    Number((await admin.query<{ n: string }>('SELECT (SELECT count(*) FROM devices d JOIN sites s ON s.id = d.site_id WHERE s.name = $1) + (SELECT count(*) FROM batches b JOIN sites s ON s.id = b.site_id WHERE s.name = $1) AS n', [site])).rows[0]!.n);
  /** The server's tables for the site equal a clean replay of every batch the site built. */
  const equalsCleanReplay = async (a: Agent) => expect(await siteTables(pgUrl, a.site)).toEqual(await cleanReplay(a.site, builtBatches(a.db)));

  /** Resolves once PostgreSQL runs a statement of a batch being applied (the server is mid-batch). */
  async function midBatch(timeoutMs = 120_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const { rows } = await admin.query(
        "SELECT 1 FROM pg_stat_activity WHERE application_name = 'lanaudit' AND state = 'active' AND query ~ '^\\s*(INSERT INTO (devices|verdicts|device_ips|device_macs|events)|UPDATE devices)'",
      );
      if (rows.length > 0) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('no batch was being applied');
  }

  it('PostgreSQL stopped during ingest and started again: the agent says what waits; the next sync completes it', async () => {
    const a = await agent('pgdown', 6_000);
    const pushing = sync(a);
    // Its first batch is in: the next ones are on their way or being applied.
    await server!.waitFor(/"site":"pgdown","seq":1\b/);
    const control = pgControl(cluster.url);
    control.stop();
    try {
      const failed = await pushing;
      expect(failed.code).toBe(1);
      expect(failed.report).toMatchObject({ ok: false });
      expect(server!.child.exitCode, `the server died with PostgreSQL:\n${server!.output().slice(-3_000)}`).toBeNull();
      const waiting = await status(a);
      expect(waiting.waiting).toBeGreaterThan(0);
      expect(waiting.lastError).toMatch(/HTTP 500|not sent/);
    } finally {
      control.start();
    }

    const done = await sync(a);
    expect(done.report, done.stderr).toMatchObject({ ok: true, waiting: 0, error: null });
    expect(await status(a)).toMatchObject({ waiting: 0, lastError: null });
    // The server lived through it.
    expect(server!.child.exitCode).toBeNull();
    await equalsCleanReplay(a);
  }, 300_000);

  it('the server killed (SIGKILL) in the middle of applying a batch: the batch is rolled back and sent again', async () => {
    const a = await agent('killed', 6_000);
    const pushing = sync(a);
    await midBatch();
    await server!.stop('SIGKILL');
    const failed = await pushing;
    expect(failed.code).toBe(1);
    expect(failed.report.error).toMatch(/not sent/);
    const waiting = await status(a);
    expect(waiting.waiting).toBeGreaterThan(0);
    expect(waiting.lastError).toMatch(/not sent/);
    // What the server holds is whole batches only: as many as it acknowledged.
    expect(Number((await admin.query<{ n: string }>("SELECT count(*) AS n FROM batches b JOIN sites s ON s.id = b.site_id WHERE s.name = 'killed'")).rows[0]!.n)).toBe(await acked('killed'));

    await start();
    const done = await sync(a);
    expect(done.report, done.stderr).toMatchObject({ ok: true, waiting: 0, error: null });
    await equalsCleanReplay(a);
  }, 300_000);

  it('a batch over the server\'s limit: a clear 413 in sync and status, nothing written; sent once the limit allows it', async () => {
    const a = await agent('oversized', 300);
    await server!.stop();
    await start(64 * 1024);
    try {
      const refused = await sync(a);
      expect(refused.code).toBe(1);
      expect(refused.report.error).toMatch(/batch 1 \(\d+ bytes\) as too large.*over the server's limit of 65536 bytes/);
      expect(await status(a)).toMatchObject({ acked: 0, lastError: expect.stringMatching(/too large/) });
      expect(await siteRows('oversized')).toBe(0);
    } finally {
      await server!.stop();
      await start();
    }
    expect((await sync(a)).report).toMatchObject({ ok: true, waiting: 0 });
    await equalsCleanReplay(a);
  }, 300_000);

  it("forged pushes: another site's token (403), an unknown token (401): each stops with what it means, writes nothing, and keeps the batches", async () => {
    const owner = await agent('forge-owner', 50);
    const ownerToken = fs.readFileSync(owner.config, 'utf8').match(/token: (\S+)/)![1]!;
    // Site forge-b's agent configured with site forge-owner's token.
    const wrongSite = await agent('forge-b', 50, { token: ownerToken });
    const r403 = await sync(wrongSite);
    expect(r403.code).toBe(1);
    expect(r403.report.error).toMatch(/token belongs to another site/);
    expect((await status(wrongSite)).lastError).toMatch(/token belongs to another site/);
    expect(await siteRows('forge-owner')).toBe(0);
    expect(await siteRows('forge-b')).toBe(0);

    const unknown = await agent('forge-c', 50, { token: 'lanaudit-site-0000000000000000000000000000000000000000' });
    const r401 = await sync(unknown);
    expect(r401.code, r401.stderr).toBe(1);
    expect(r401.report.error).toMatch(/refused the site token/);
    expect((await status(unknown)).lastError).toMatch(/refused the site token/);
    expect(await siteRows('forge-c')).toBe(0);
    for (const a of [wrongSite, unknown]) expect((await status(a)).waiting, a.site).toBeGreaterThan(0);

    // The site whose token was misused pushes its own inventory: what it holds is its own batches only.
    expect((await sync(owner)).report).toMatchObject({ ok: true, waiting: 0 });
    await equalsCleanReplay(owner);
  }, 300_000);

  it('an outbox batch altered on disk (400, bad hash): the agent stops and keeps it, nothing written; sync --resend-all sends the inventory again', async () => {
    const owner = await agent('altered', 50);
    const inv = Inventory.open(owner.db);
    buildBatches(inv, { site: 'altered' });
    inv.close();
    // One byte of the waiting batch changed: its bytes no longer hash to what the agent recorded.
    const raw = new Database(owner.db);
    const body = (raw.prepare('SELECT body FROM sync_outbox WHERE seq = 1').get() as { body: Buffer }).body;
    const altered = Buffer.from(body);
    altered[altered.indexOf('"hosts":') + 8] = '9'.charCodeAt(0);
    raw.prepare('UPDATE sync_outbox SET body = ? WHERE seq = 1').run(altered);
    raw.close();
    const r400 = await sync(owner);
    expect(r400.code).toBe(1);
    expect(r400.report.error).toMatch(/rejected batch 1 as malformed.*hash/);
    expect(await status(owner)).toMatchObject({ acked: 0, waiting: 1, lastError: expect.stringMatching(/malformed/) });
    expect(await siteRows('altered')).toBe(0);

    // The operator's way out: send the inventory again from the server's position.
    const resent = await lanaudit(owner, 'sync', '--resend-all', '--json');
    expect(resent.code, resent.stderr).toBe(0);
    expect(JSON.parse(resent.stdout)).toMatchObject({ ok: true, waiting: 0 });
    await equalsCleanReplay(owner);
  }, 300_000);

  it('an agent restored from a backup resends what the server already holds: duplicates, nothing applied twice', async () => {
    const a = await agent('restored', 2_000);
    const inv = Inventory.open(a.db);
    const built = buildBatches(inv, { site: a.site });
    inv.close();
    // The backup holds the batches and a position before the server acknowledged them.
    fs.copyFileSync(a.db, `${a.db}.bak`);
    expect((await sync(a)).report).toMatchObject({ ok: true, sent: built.length, duplicates: 0 });
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${a.db}${suffix}`, { force: true });
    fs.copyFileSync(`${a.db}.bak`, a.db);
    expect(await status(a)).toMatchObject({ acked: 0, waiting: built.length });

    // The server's first answer (a duplicate) says it holds them all: the agent sends no more.
    const again = await sync(a);
    expect(again.report).toMatchObject({ ok: true, waiting: 0, sent: 1, duplicates: 1, acked: built.at(-1)!.seq });
    await equalsCleanReplay(a);
  }, 300_000);
});
