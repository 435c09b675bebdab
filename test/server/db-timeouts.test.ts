/**
 * The server's limits on PostgreSQL's work (config server.database, store/pool.ts): a request a lock
 * or a slow statement holds up answers 503 within the limit instead of holding its connection for
 * good, loses nothing (the agent's batch waits in its outbox and applies once when pushed again), and
 * a report that streams at a slow reader's pace is not cut by the per-statement limit.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverSection } from '../../src/config/server.js';
import { Inventory } from '../../src/inventory/inventory.js';
import type { Target } from '../../src/alerts/targets.js';
import { deliverFleetAlerts } from '../../src/server/alerts/deliver-fleet-alerts.js';
import { addReadToken } from '../../src/server/auth/read-tokens.js';
import { withFleetReport } from '../../src/server/queries/report-devices.js';
import { runServer } from '../../src/server/run-server.js';
import { migrate } from '../../src/server/store/migrate.js';
import { openPool, type Pool } from '../../src/server/store/pool.js';
import { addSite } from '../../src/server/store/sites.js';
import { buildBatches } from '../../src/sync/build-batches.js';
import { pushOutbox, type FleetEndpoint } from '../../src/sync/push.js';
import { silentLogger, type Logger } from '../../src/util/log.js';
import { tempDbPath, useTempDirs } from '../changes/helpers.js';
import { testDatabase, type TestDatabase } from '../helpers/pg-cluster.js';
import { scanDevices, testClock } from '../sync/helpers.js';

const tempDir = useTempDirs();

/** Generous: each limit below is 1 s; this proves the request did not wait on the lock, not how fast it failed. */
const WITHIN_LIMIT_MS = 15_000;

interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields: Record<string, unknown> | undefined;
}

interface RunningServer {
  readonly url: string;
  readonly logs: LogLine[];
  stop(): Promise<void>;
}

let db: TestDatabase;
let admin: Pool;
const running: RunningServer[] = [];

beforeAll(async () => {
  db = await testDatabase();
  admin = openPool(db.url);
  await migrate(admin);
});

afterAll(async () => {
  for (const s of running) await s.stop();
  await admin?.end();
  await db?.drop();
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** `lanaudit server` as its command runs it (runServer), plain HTTP on loopback, with these database limits. */
async function startServer(database: Record<string, number>): Promise<RunningServer> {
  const port = await freePort();
  const logs: LogLine[] = [];
  let listening: () => void = () => undefined;
  const up = new Promise<void>((resolve) => (listening = resolve));
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    logs.push({ level, message, fields });
    if (message === 'fleet server listening') listening();
  };
  const log: Logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  const abort = new AbortController();
  const config = serverSection.parse({ listen: { host: '127.0.0.1', port }, database });
  const done = runServer({ config, pgUrl: db.url, log, signal: abort.signal, alertTargets: [] });
  await Promise.race([up, done.then(() => Promise.reject(new Error(`the server ended: ${JSON.stringify(logs)}`)))]);
  const server: RunningServer = {
    url: `http://127.0.0.1:${port}`,
    logs,
    async stop() {
      abort.abort();
      await done;
      running.splice(running.indexOf(server), 1);
    },
  };
  running.push(server);
  return server;
}

/** Another session, as an operator's or a migration's, holding `lockSql` until release(). */
async function holdLock(lockSql: string): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query('BEGIN');
  await client.query(lockSql);
  return {
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await fn();
  return { result, ms: Date.now() - started };
}

describe('database time limits', () => {
  it('a push held up by a lock on its site answers 503 within the lock limit, the batch waits in the outbox, and the retry applies it once', async () => {
    const server = await startServer({ lockTimeoutSeconds: 1, statementTimeoutSeconds: 5 });
    const token = (await addSite(admin, 'hq', 'test')).token;
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    await scanDevices(inv, 5, clock.iso(), 1);
    expect(buildBatches(inv, { site: 'hq' })).toHaveLength(1);
    // The agent's own idle timeout is far above the lock limit: without the limit the push waits for it.
    const endpoint: FleetEndpoint = { url: server.url, token, timeoutMs: 20_000 };

    const lock = await holdLock("SELECT 1 FROM sites WHERE name = 'hq' FOR UPDATE");
    let blocked;
    try {
      blocked = await timed(() => pushOutbox(inv, endpoint));
    } finally {
      await lock.release();
    }
    expect(blocked.result).toMatchObject({ ok: false, acked: 0, sent: 0, waiting: 1 });
    expect(blocked.result.error).toMatch(/could not complete batch 1 in time.*stays in the outbox.*lock timeout/);
    expect(blocked.ms).toBeLessThan(WITHIN_LIMIT_MS);
    expect(server.logs).toContainEqual({
      level: 'warn',
      message: 'request over the database time limit',
      fields: { method: 'POST', path: '/api/v1/sync/batches', error: 'canceling statement due to lock timeout' },
    });
    expect((await admin.query('SELECT count(*)::int AS n FROM batches')).rows).toEqual([{ n: 0 }]);

    const retried = await pushOutbox(inv, endpoint);
    expect(retried).toMatchObject({ ok: true, acked: 1, sent: 1, duplicates: 0, waiting: 0, error: null });
    expect((await admin.query('SELECT seq::int FROM batches')).rows).toEqual([{ seq: 1 }]);
    const ids = (await admin.query<{ id: number }>('SELECT id::int FROM devices ORDER BY id')).rows.map((r) => r.id);
    expect(ids).toEqual(inv.devices.ids().sort((a, b) => a - b));
    inv.close();
    await server.stop();
  }, 90_000);

  it('a fleet query held up past the statement limit answers 503 with the reason, then answers once the lock is gone', async () => {
    // No lock limit: the statement limit is what ends the wait.
    const server = await startServer({ lockTimeoutSeconds: 0, statementTimeoutSeconds: 1 });
    const token = (await addReadToken(admin, 'reports', 'test')).token;
    // Given up after 20 s, far above the limit: without the limit the request waits for the lock.
    const devices = () => fetch(`${server.url}/api/v1/devices`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(20_000) });

    const lock = await holdLock('LOCK TABLE devices IN ACCESS EXCLUSIVE MODE');
    let blocked;
    try {
      blocked = await timed(devices);
    } finally {
      await lock.release();
    }
    expect(blocked.result.status).toBe(503);
    expect(blocked.result.headers.get('retry-after')).toBe('60');
    expect(((await blocked.result.json()) as { error: string }).error).toMatch(/did not complete this request in time \(canceling statement due to statement timeout\)/);
    expect(blocked.ms).toBeLessThan(WITHIN_LIMIT_MS);

    const answered = await devices();
    expect(answered.status).toBe(200);
    await server.stop();
  }, 90_000);
});

describe('a report streamed at its reader’s pace', () => {
  const DEVICES = 2_500;
  const pause = () => new Promise((resolve) => setTimeout(resolve, 700));

  beforeAll(async () => {
    await addSite(admin, 'big', 'test');
    await admin.query(
      `INSERT INTO devices (site_id, id, ip, first_seen, last_seen)
       SELECT (SELECT id FROM sites WHERE name = 'big'), g, '10.2.' || (g / 256) || '.' || (g % 256), now(), now() FROM generate_series(1, $1::int) g`,
      [DEVICES],
    );
  });

  /**
   * Reads the site's devices as a report writer does, pausing before the pass (the transaction idle)
   * and at each 1,000 rows (the cursor's reads: one statement to PostgreSQL, open across the pauses).
   */
  async function slowReport(limits: Record<string, number>, lost: string[] = []): Promise<number> {
    const log: Logger = { debug: () => undefined, info: () => undefined, warn: (_m, f) => lost.push(String(f?.['error'])), error: () => undefined };
    const pool = openPool(db.url, { log, limits: serverSection.parse({ database: limits }).database });
    try {
      return await withFleetReport(pool, { site: 'big' }, new Date(0).toISOString(), async (data) => {
        let n = 0;
        await pause();
        for await (const _ of data.devices.listed()) if (n++ % 1_000 === 0) await pause();
        return n;
      });
    } finally {
      await pool.end();
    }
  }

  it('is not cut by the statement and idle limits meant for short requests', async () => {
    expect(await slowReport({ statementTimeoutSeconds: 0.5, idleInTransactionSeconds: 0.5 })).toBe(DEVICES);
  }, 60_000);

  it('is cut by the report limit, and the log says why', async () => {
    const lost: string[] = [];
    await expect(slowReport({ statementTimeoutSeconds: 60, idleInTransactionSeconds: 60, reportSeconds: 0.5 }, lost)).rejects.toThrow();
    expect(lost.join('; ')).toMatch(/due to (statement|idle-in-transaction) timeout/);
  }, 60_000);
});

it('fleet alerts sent to a target slower than the idle limit are delivered and recorded once (the claim idles while they go)', async () => {
  const received: string[] = [];
  const hook = createHttpServer((req, res) => {
    req.resume();
    received.push(String(req.headers['x-lanaudit-alert']));
    setTimeout(() => res.end('ok'), 1_200);
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const pool = openPool(db.url, { limits: serverSection.parse({ database: { idleInTransactionSeconds: 0.5 } }).database });
  try {
    await addSite(admin, 'alerting', 'test');
    await admin.query(
      `INSERT INTO fleet_alerts (device_key, state, site_id, device_id, message)
       SELECT 'site:' || id || ':1', 'covered', id, 1, '{"summary":"covered device"}' FROM sites WHERE name = 'alerting'`,
    );
    const target: Target = { kind: 'webhook', name: 'webhook slow', url: `http://127.0.0.1:${(hook.address() as { port: number }).port}/`, token: null, hmacSecret: null, timeoutMs: 5_000 };
    expect(await deliverFleetAlerts(pool, [target], silentLogger)).toEqual({ delivered: 1, failed: 0 });
    expect((await admin.query('SELECT attempts, delivered_at IS NOT NULL AS delivered FROM fleet_alerts')).rows).toEqual([{ attempts: 1, delivered: true }]);
    expect(await deliverFleetAlerts(pool, [target], silentLogger)).toEqual({ delivered: 0, failed: 0 });
    expect(received).toHaveLength(1);
  } finally {
    await pool.end();
    await new Promise((resolve) => hook.close(resolve));
  }
}, 60_000);
