/** The agent's push against the real fleet server: createApp over HTTPS on 127.0.0.1, a real PostgreSQL. */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverSection } from '../../src/config/server.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { createApp, systemWallClock } from '../../src/server/app.js';
import { listen, type Listening } from '../../src/server/listen.js';
import { migrate } from '../../src/server/store/migrate.js';
import { openPool, type Pool } from '../../src/server/store/pool.js';
import { addSite } from '../../src/server/store/sites.js';
import { recordCentralDecision } from '../../src/server/sync/central-decision.js';
import { buildBatches } from '../../src/sync/build-batches.js';
import { pushOutbox } from '../../src/sync/push.js';
import { fleetEndpoint } from '../../src/sync/sync-now.js';
import { recordDecision } from '../../src/triage/triage.js';
import { silentLogger } from '../../src/util/log.js';
import { testDatabase, type TestDatabase } from '../helpers/pg-cluster.js';
import { makeCert, type TestCert } from '../server/helpers.js';
import { tempDbPath, useTempDirs } from '../changes/helpers.js';
import { runCli } from '../cli/run-cli.js';
import { useConfigFiles } from '../config/helpers.js';
import { ipOf, scanDevices, testClock } from './helpers.js';

const tempDir = useTempDirs();
const configFile = useConfigFiles();

describe('pushing to the real fleet server', () => {
  let cert: TestCert;
  let db: TestDatabase;
  let pool: Pool;
  let server: Listening;
  let token: string;

  beforeAll(async () => {
    cert = makeCert();
    db = await testDatabase();
    pool = openPool(db.url);
    await migrate(pool);
    token = (await addSite(pool, 'hq', 'test')).token;
    const app = createApp({ pool, config: serverSection.parse({}), log: silentLogger, clock: systemWallClock });
    server = await listen(app, { host: '127.0.0.1', port: 0, tls: { cert: cert.cert, key: cert.key } });
  });

  afterAll(async () => {
    await server?.close();
    await pool?.end();
    await db?.drop();
    if (cert) rmSync(cert.dir, { recursive: true, force: true });
  });

  it("the server's tables hold the site's devices, verdicts, events and decisions; a central decision comes back", async () => {
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    await scanDevices(inv, 30, clock.iso(), 4);
    clock.advance();
    await scanDevices(inv, 32, clock.iso(), 4);
    recordDecision(inv, ipOf(1), { status: 'acknowledged', note: 'replacement ordered', by: 'ann' }, clock.now());
    buildBatches(inv, { site: 'hq', maxRows: 40 });
    // Without fleet.caFile the server's self-signed certificate is refused: nothing sent, nothing lost.
    const untrusted = await pushOutbox(inv, { url: server.url, token, timeoutMs: 10_000 });
    expect(untrusted).toMatchObject({ ok: false, sent: 0 });
    expect(untrusted.error).toMatch(/batch 1 not sent: .*certificate/);
    const endpoint = fleetEndpoint({ url: server.url, site: 'hq', token, caFile: cert.certPath, alerts: 'local' });

    const report = await pushOutbox(inv, endpoint);
    expect(report).toMatchObject({ ok: true, waiting: 0, error: null });
    expect(report.acked).toBeGreaterThan(3);

    const rows = async (sql: string) => (await pool.query(sql)).rows as Record<string, unknown>[];
    const devices = await rows(`SELECT d.id::int AS id, d.ip, d.mac, d.status, d.covered FROM devices d JOIN sites s ON s.id = d.site_id WHERE s.name = 'hq' ORDER BY d.id`);
    expect(devices).toEqual(inv.devices.list().sort((a, b) => a.id - b.id).map((d) => ({ id: d.id, ip: d.ip, mac: d.mac, status: d.verdict?.status ?? null, covered: d.verdict?.covered ?? null })));
    expect(devices.filter((d) => d['covered'] === 'hikvision')).toHaveLength(4);
    const [counts] = await rows(`SELECT (SELECT count(*)::int FROM verdicts) AS verdicts, (SELECT count(*)::int FROM events) AS events, (SELECT count(*)::int FROM scans) AS scans`);
    expect(counts).toEqual({ verdicts: inv.devices.ids().flatMap((id) => inv.verdicts.history(id)).length, events: inv.changes.events().length, scans: 2 });
    const triage = await rows(`SELECT uid, device_id::int AS device, status, by FROM triage`);
    expect(triage).toEqual([{ uid: inv.triage.history(1)[0]!.uid, device: 1, status: 'acknowledged', by: 'ann' }]);

    // Decided centrally, later than ann: on the next sync it reaches the site and is in force there.
    const central = await recordCentralDecision(pool, { siteName: 'hq', deviceId: 1, status: 'false-positive', note: 'lab camera', by: 'officer', until: null });
    const pulled = await pushOutbox(inv, endpoint);
    expect(pulled).toMatchObject({ ok: true, sent: 0, decisionsApplied: 1 });
    expect(inv.triage.current().get(1)).toMatchObject({ uid: central.uid, status: 'false-positive', by: 'officer', origin: 'central' });

    // An unchanged scan: one small batch; the server's last_seen follows it.
    clock.advance();
    const scan = await scanDevices(inv, 32, clock.iso(), 4);
    const built = buildBatches(inv, { site: 'hq' });
    expect(built).toHaveLength(1);
    expect(built[0]!.bytes).toBeLessThan(2048);
    expect(await pushOutbox(inv, endpoint)).toMatchObject({ ok: true, sent: 1, waiting: 0 });
    // The server may fold sightings into last_seen just after acknowledging: wait for it (bounded).
    const finished = inv.scans.get(scan)!.finishedAt;
    const lastSeen = async () => {
      const [seen] = await rows(`SELECT min(last_seen) AS first, max(last_seen) AS last FROM devices d JOIN sites s ON s.id = d.site_id WHERE s.name = 'hq'`);
      return [new Date(seen!['first'] as Date).toISOString(), new Date(seen!['last'] as Date).toISOString()];
    };
    for (let i = 0; i < 300 && (await lastSeen())[0] !== finished; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await lastSeen()).toEqual([finished, finished]);
    // The central decision received here was not sent back as the site's.
    expect(await rows(`SELECT origin, count(*)::int AS n FROM triage GROUP BY origin ORDER BY origin`)).toEqual([
      { origin: 'central', n: 1 },
      { origin: 'site', n: 1 },
    ]);
    inv.close();
  }, 60_000);

  it('lanaudit sync, run as its own process, pushes over TLS with fleet.caFile and tokenFile', async () => {
    const branch = (await addSite(pool, 'branch', 'test')).token;
    const path = tempDbPath(tempDir);
    const clock = testClock();
    const inv = Inventory.open(path, { now: clock.now });
    await scanDevices(inv, 12, clock.iso(), 2);
    inv.close();
    const tokenFile = configFile('token', `${branch}\n`);
    const config = configFile('config.yaml', `fleet:\n  url: ${server.url}\n  site: branch\n  tokenFile: ${tokenFile}\n  caFile: ${cert.certPath}\n`);
    const run = await runCli(['--config', config, '--db', path, 'sync', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, acked: 1, waiting: 0, site: 'branch' });
    const { rows } = await pool.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE d.covered = 'hikvision')::int AS covered FROM devices d JOIN sites s ON s.id = d.site_id WHERE s.name = 'branch'`);
    expect(rows[0]).toEqual({ n: 12, covered: 2 });
  }, 60_000);
});
