import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverSection } from '../../src/config/server.js';
import { createApp, systemWallClock } from '../../src/server/app.js';
import { addReadToken } from '../../src/server/auth/read-tokens.js';
import { listen, type Listening } from '../../src/server/listen.js';
import { migrate } from '../../src/server/store/migrate.js';
import { openPool, type Pool } from '../../src/server/store/pool.js';
import { addSite, revokeSite } from '../../src/server/store/sites.js';
import { recordCentralDecision } from '../../src/server/sync/central-decision.js';
import { createLogger } from '../../src/util/log.js';
import { testDatabase, type TestDatabase } from '../helpers/pg-cluster.js';
import { call, dumpSite, encode, makeCert, removeCert, push, sha256, siteHistory, type TestCert } from './helpers.js';

const BODY_LIMIT = 256 * 1024;

interface Fleet {
  db: TestDatabase;
  pool: Pool;
  server: Listening;
  logs: string[];
  tokens: Record<string, string>;
}

async function fleet(cert: TestCert, sites: readonly string[]): Promise<Fleet> {
  const db = await testDatabase();
  const pool = openPool(db.url);
  await migrate(pool);
  const tokens: Record<string, string> = {};
  for (const name of sites) tokens[name] = (await addSite(pool, name, 'test')).token;
  const logs: string[] = [];
  const log = createLogger({ stream: { write: (line: string) => logs.push(line) }, human: false, level: 'debug' });
  const config = serverSection.parse({ bodyLimitBytes: BODY_LIMIT });
  const app = createApp({ pool, config, log, clock: systemWallClock });
  const server = await listen(app, { host: '127.0.0.1', port: 0, tls: { cert: cert.cert, key: cert.key } });
  return { db, pool, server, logs, tokens };
}

async function close(f: Fleet | undefined): Promise<void> {
  if (f === undefined) return;
  await f.server.close();
  await f.pool.end();
  await f.db.drop();
}

describe('fleet sync over HTTPS', () => {
  let cert: TestCert;
  let main: Fleet;
  let replay: Fleet;
  const history = siteHistory('alpha', 8);

  beforeAll(async () => {
    cert = makeCert();
    main = await fleet(cert, ['alpha', 'beta', 'gamma']);
    replay = await fleet(cert, ['alpha']);
  });
  afterAll(async () => {
    await close(main);
    await close(replay);
    removeCert(cert);
  });

  const pushAs = (f: Fleet, site: string, i: number, headers: Record<string, string> = {}, after = 0) =>
    push(f.server.url, cert.cert, f.tokens[site]!, encode(history[i - 1]!), i, headers, after);

  it('applies a site\'s first batch and acknowledges it', async () => {
    const reply = await pushAs(main, 'alpha', 1);
    expect(reply).toEqual({ status: 200, body: { acked: 1, decisions: [] } });
    const devices = await main.pool.query('SELECT id, ip, last_seen, status, covered, location FROM devices ORDER BY id');
    expect(devices.rows).toHaveLength(10);
    expect(devices.rows[2]).toMatchObject({ id: '3', ip: '10.9.0.3', status: 'covered', covered: 'hikvision', location: { switchName: 'sw1', port: 'Gi1/0/3', vlan: 10 } });
    // last_seen came from the sighting, after firstSeen.
    expect((devices.rows[0].last_seen as Date).toISOString()).toBe(history[0]!.seen[0]!.at);
    const site = await main.pool.query("SELECT acked_seq::int, agent_version, last_complete_scan_at FROM sites WHERE name = 'alpha'");
    expect(site.rows[0]).toEqual({ acked_seq: 1, agent_version: '0.1.1', last_complete_scan_at: new Date(history[0]!.scans[0]!.finishedAt!) });
  });

  describe('refusals write nothing', () => {
    let before: Record<string, unknown[]>;
    beforeAll(async () => {
      before = await dumpSite(main.pool, 'alpha');
    });
    const unchanged = async () => expect(await dumpSite(main.pool, 'alpha')).toEqual(before);

    it('a site token pushing another site\'s batch: 403', async () => {
      // beta's token carrying alpha's batch 2.
      const reply = await push(main.server.url, cert.cert, main.tokens['beta']!, encode(history[1]!), 2);
      expect(reply.status).toBe(403);
      expect(reply.body.error).toBe('this token belongs to site beta, not alpha');
      await unchanged();
      const beta = await dumpSite(main.pool, 'beta');
      expect(beta.devices).toEqual([]);
      expect(beta.batches).toEqual([]);
    });

    it('no token, an unknown token, a revoked token, a read token: 401/403', async () => {
      const body = encode(history[1]!);
      const noToken = await call(`${main.server.url}/api/v1/sync/batches`, cert.cert, { method: 'POST', body, headers: { 'x-lanaudit-seq': '2', 'x-lanaudit-sha256': sha256(body) } });
      expect(noToken.status).toBe(401);
      expect((await push(main.server.url, cert.cert, 'lsa_' + 'x'.repeat(43), body, 2)).status).toBe(401);
      const gamma = main.tokens['gamma']!;
      expect((await call(`${main.server.url}/api/v1/sync/position`, cert.cert, { headers: { authorization: `Bearer ${gamma}` } })).status).toBe(200);
      await revokeSite(main.pool, 'gamma', 'test');
      const revoked = await call(`${main.server.url}/api/v1/sync/position`, cert.cert, { headers: { authorization: `Bearer ${gamma}` } });
      expect(revoked).toEqual({ status: 401, body: { error: 'missing, unknown or revoked token' } });
      const { token: read } = await addReadToken(main.pool, 'scripts', 'test');
      expect((await push(main.server.url, cert.cert, read, body, 2)).status).toBe(403);
      await unchanged();
    });

    it('a body that does not hash to its header, truncated, not JSON, or failing the schema: 400', async () => {
      const body = encode(history[1]!);
      const truncated = body.subarray(0, body.length - 40);
      const cases: [Buffer, Record<string, string>, string][] = [
        [body, { 'x-lanaudit-sha256': sha256(Buffer.from('other')) }, 'the body does not hash to X-Lanaudit-Sha256 (truncated or altered in transit)'],
        // Cut in transit: the header is the whole body's hash.
        [truncated, { 'x-lanaudit-sha256': sha256(body) }, 'the body does not hash to X-Lanaudit-Sha256 (truncated or altered in transit)'],
        // Cut before hashing: it hashes, but is no JSON.
        [truncated, {}, 'the body is not UTF-8 JSON'],
        [Buffer.from([0xff, 0xfe, 0x7b]), {}, 'the body is not UTF-8 JSON'],
        [encode({ ...history[1]!, devices: [{ ...history[1]!.devices[0]!, ip: 'x'.repeat(46) }] }), {}, 'not a protocol 1 batch: devices.0.ip: Too big: expected string to have <=45 characters'],
        [Buffer.from(JSON.stringify({ ...history[1]!, extra: 1 })), {}, 'not a protocol 1 batch: (top level): Unrecognized key: "extra"'],
        [body, { 'x-lanaudit-seq': '3' }, "X-Lanaudit-Seq (3) is not the batch's seq (2)"],
      ];
      for (const [bytes, headers, error] of cases) {
        const reply = await push(main.server.url, cert.cert, main.tokens['alpha']!, bytes, 2, headers);
        expect(reply, error).toEqual({ status: 400, body: { error } });
      }
      await unchanged();
      const site = await main.pool.query("SELECT failed_pushes, last_error FROM sites WHERE name = 'alpha'");
      expect(site.rows[0]).toEqual({ failed_pushes: cases.length, last_error: cases.at(-1)![2] });
    });

    it('a body over the limit: 413 with a clear error, before it is read whole', async () => {
      const big = Buffer.alloc(BODY_LIMIT * 4, 0x20);
      const reply = await push(main.server.url, cert.cert, main.tokens['alpha']!, big, 2);
      expect(reply).toEqual({ status: 413, body: { error: `the batch is over the server's limit of ${BODY_LIMIT} bytes: send smaller batches` } });
      // Without a Content-Length (chunked), the limit holds while reading.
      const chunked = await push(main.server.url, cert.cert, main.tokens['alpha']!, big, 2, { 'transfer-encoding': 'chunked' });
      expect(chunked.status).toBe(413);
      await unchanged();
    });

    it('a replay of an applied batch: 200 duplicate, nothing applied again', async () => {
      const reply = await pushAs(main, 'alpha', 1);
      expect(reply).toEqual({ status: 200, body: { acked: 1, duplicate: true, decisions: [] } });
      await unchanged();
    });

    it('an applied seq with other bytes: 409, the history forked', async () => {
      const forged = encode({ ...history[0]!, createdAt: new Date().toISOString() });
      const reply = await push(main.server.url, cert.cert, main.tokens['alpha']!, forged, 1);
      expect(reply.status).toBe(409);
      expect(reply.body).toMatchObject({ acked: 1, decisions: [] });
      expect(reply.body.error).toMatch(/history forked/);
      await unchanged();
    });

    it('a batch out of order: 409 with the seq expected', async () => {
      const reply = await pushAs(main, 'alpha', 3);
      expect(reply).toEqual({ status: 409, body: { acked: 1, expected: 2, decisions: [], error: 'out of order: expected batch 2' } });
      await unchanged();
    });
  });

  it('batches 1..n with replays and reorder attempts between them leave the same tables as a clean replay', async () => {
    // main has batch 1 and the refusals above; now the rest, with noise between.
    for (let i = 2; i <= history.length; i++) {
      if (i < history.length) expect((await pushAs(main, 'alpha', i + 1)).status).toBe(409);
      expect((await pushAs(main, 'alpha', i)).status).toBe(200);
      expect((await pushAs(main, 'alpha', i)).body.duplicate).toBe(true);
      expect((await pushAs(main, 'alpha', Math.max(1, i - 2))).body.duplicate).toBe(true);
    }
    for (let i = 1; i <= history.length; i++) expect((await pushAs(replay, 'alpha', i)).status).toBe(200);
    const a = await dumpSite(main.pool, 'alpha');
    expect(a.devices).toHaveLength(10);
    expect(a.batches).toHaveLength(history.length);
    expect(a).toEqual(await dumpSite(replay.pool, 'alpha'));
  });

  it('applies concurrent pushes of one batch once: the others are duplicates', async () => {
    const f = await fleet(cert, ['delta']);
    try {
      const batch = encode({ ...history[0]!, site: 'delta' });
      const replies = await Promise.all(Array.from({ length: 6 }, () => push(f.server.url, cert.cert, f.tokens['delta']!, batch, 1)));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(replies.filter((r) => r.body.duplicate !== true)).toHaveLength(1);
      const next = [2, 3].map((seq) => encode({ ...history[seq - 1]!, site: 'delta' }));
      // 2 and 3 at once: 3 is applied after 2 or refused as out of order, never before it.
      const [two, three] = await Promise.all([push(f.server.url, cert.cert, f.tokens['delta']!, next[0]!, 2), push(f.server.url, cert.cert, f.tokens['delta']!, next[1]!, 3)]);
      expect(two!.status).toBe(200);
      expect([200, 409]).toContain(three!.status);
      const { rows } = await f.pool.query('SELECT seq::int FROM batches ORDER BY seq');
      expect(rows.map((r) => r.seq)).toEqual(three!.status === 200 ? [1, 2, 3] : [1, 2]);
    } finally {
      await close(f);
    }
  });

  it('stores text PostgreSQL cannot hold (NUL, a lone surrogate) as U+FFFD; a value the database refuses is a 400', async () => {
    const f = await fleet(cert, ['eps']);
    try {
      const b1 = { ...history[0]!, site: 'eps' };
      const hostile = { ...b1, devices: b1.devices.map((d) => (d.id === 1 ? { ...d, name: 'cam\u0000era\ud800' } : d)) };
      expect((await push(f.server.url, cert.cert, f.tokens['eps']!, encode(hostile), 1)).status).toBe(200);
      const { rows } = await f.pool.query('SELECT name FROM devices WHERE id = 1');
      expect(rows[0].name).toBe('cam\ufffdera\ufffd');
      const before = await dumpSite(f.pool, 'eps');
      const huge = { ...history[1]!, site: 'eps', scans: [{ ...history[1]!.scans[0]!, hosts: 2 ** 31 }] };
      const reply = await push(f.server.url, cert.cert, f.tokens['eps']!, encode(huge), 2);
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatch(/^batch 2 refused by the database: .*out of range/);
      expect(await dumpSite(f.pool, 'eps')).toEqual(before);
    } finally {
      await close(f);
    }
  });

  it('puts in force the latest decision by time, whatever order they arrived in', async () => {
    // Batch 2 brought a waiver at t+300, batch 4 an acknowledgement at t+200: the waiver is in force.
    const { rows } = await main.pool.query("SELECT triage_status, triage_until FROM devices d JOIN sites s ON s.id = d.site_id WHERE s.name = 'alpha' AND d.id = 3");
    expect(rows[0].triage_status).toBe('waiver');
    expect(rows[0].triage_until).not.toBeNull();
  });

  it('delivers a central decision through position and push replies, and puts it in force', async () => {
    const decision = await recordCentralDecision(main.pool, { siteName: 'alpha', deviceId: 3, status: 'false-positive', note: 'lab camera, not Hikvision', by: 'officer', until: null });
    expect(decision).toMatchObject({ deviceId: 3, status: 'false-positive', origin: 'central', by: 'officer' });
    expect(decision.uid).toMatch(/^[0-9a-f]{32}$/);
    const token = main.tokens['alpha']!;
    const position = await call(`${main.server.url}/api/v1/sync/position?decisionsAfter=0`, cert.cert, { headers: { authorization: `Bearer ${token}` } });
    expect(position).toEqual({ status: 200, body: { acked: history.length, decisions: [decision] } });
    const after = await call(`${main.server.url}/api/v1/sync/position?decisionsAfter=${decision.id}`, cert.cert, { headers: { authorization: `Bearer ${token}` } });
    expect(after.body).toEqual({ acked: history.length, decisions: [] });
    // The push reply carries it too (here a duplicate push, which costs nothing).
    expect((await pushAs(main, 'alpha', history.length, {}, 0)).body.decisions).toEqual([decision]);
    // beta never sees alpha's decisions.
    const beta = await call(`${main.server.url}/api/v1/sync/position`, cert.cert, { headers: { authorization: `Bearer ${main.tokens['beta']}` } });
    expect(beta.body).toEqual({ acked: 0, decisions: [] });
    // A site with nothing to send is still in touch: its last sync moves.
    const touched = await main.pool.query("SELECT last_sync_at FROM sites WHERE name = 'beta'");
    expect(touched.rows[0].last_sync_at).toBeInstanceOf(Date);
    const { rows } = await main.pool.query("SELECT triage_status FROM devices d JOIN sites s ON s.id = d.site_id WHERE s.name = 'alpha' AND d.id = 3");
    expect(rows[0].triage_status).toBe('false-positive');
    const audit = await main.pool.query("SELECT actor, action, target, detail FROM audit WHERE action = 'triage'");
    expect(audit.rows).toEqual([{ actor: 'officer', action: 'triage', target: 'alpha/3', detail: { uid: decision.uid, status: 'false-positive', note: 'lab camera, not Hikvision', until: null } }]);
    // The agent echoes it back in a later batch: kept once, still central.
    const echo = { ...history[0]!, seq: history.length + 1, triage: [{ ...decision, id: undefined, origin: 'central' as const }] };
    delete (echo.triage[0] as unknown as { id?: number }).id;
    expect((await push(main.server.url, cert.cert, token, encode(echo), echo.seq)).status).toBe(200);
    const kept = await main.pool.query('SELECT origin FROM triage WHERE uid = $1', [decision.uid]);
    expect(kept.rows).toEqual([{ origin: 'central' }]);
  });

  it('never logs a token', () => {
    const text = main.logs.join('');
    expect(text).toContain('batch applied');
    for (const token of Object.values(main.tokens)) expect(text).not.toContain(token);
  });
});
