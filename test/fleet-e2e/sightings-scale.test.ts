/**
 * Found by the fleet benchmark (test/bench/fleet-sync.ts): a site's sightings (last_seen of every
 * device a scan saw) must cost time in proportion to the site, also for a site PostgreSQL's
 * statistics do not know yet: every new site's first push, until autovacuum analyzes the table.
 * (The server folds sightings into last_seen just after acknowledging the push: fold-sightings.ts.)
 * A generous bound: linear is well under a second, a plan that rescans the site per device takes minutes.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/server/store/migrate.js';
import { addSite } from '../../src/server/store/sites.js';
import { foldSightings } from '../../src/server/sync/fold-sightings.js';
import { receivePush } from '../../src/server/sync/push.js';
import type { Batch } from '../../src/sync/protocol.js';
import { silentLogger } from '../../src/util/log.js';
import { testDatabase, type TestDatabase } from '../helpers/pg-cluster.js';
import { encode, sha256 } from '../server/helpers.js';

const DEVICES = 20_000;
const at = '2026-12-01T08:00:00.000Z';

function batch(site: string, seq: number, ids: readonly number[], seen: Batch['seen']): Batch {
  return {
    protocol: 1, site, seq, createdAt: at, agent: { version: 'test', hostname: 'h' },
    scans: [], addresses: [], macs: [], verdicts: [], events: [], triage: [], seen,
    devices: ids.map((id) => ({
      id, mac: null, ip: `10.${id >> 16}.${(id >> 8) & 255}.${id & 255}`, firstSeen: at, name: null, location: null, verdictId: null,
      status: null, covered: null, manufacturer: null, manufacturerName: null, brand: null, model: null, serial: null, firmware: null,
    })),
  };
}

describe("a site's sightings at fleet scale", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const sites = new Map<string, number>();

  beforeAll(async () => {
    db = await testDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await migrate(pool);
    for (const name of ['known', 'new']) {
      await addSite(pool, name, 'test');
      sites.set(name, (await pool.query<{ id: number }>('SELECT id FROM sites WHERE name = $1', [name])).rows[0]!.id);
    }
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  /** Pushes the site's devices in batches of 5,000, then one batch with a scan's sightings of all of them; the time to apply and fold that one. */
  async function pushSite(name: string): Promise<number> {
    let seq = 0;
    const send = async (b: Batch) => {
      const body = encode(b);
      const outcome = await receivePush(pool, silentLogger, { site: { id: sites.get(name)!, name }, seqHeader: String(b.seq), sha256Header: sha256(body), body, decisionsAfter: 0 });
      expect(outcome.status, JSON.stringify(outcome.reply).slice(0, 300)).toBe(200);
    };
    for (let first = 1; first <= DEVICES; first += 5_000) await send(batch(name, ++seq, Array.from({ length: 5_000 }, (_, i) => first + i), []));
    const started = process.hrtime.bigint();
    await send(batch(name, ++seq, [], [{ scanId: 1, at: '2026-12-01T09:00:00.000Z', devices: [[1, DEVICES]] }]));
    await foldSightings(pool, sites.get(name)!);
    return Number(process.hrtime.bigint() - started) / 1e6;
  }

  it('a new site after the statistics were taken: its sightings apply in time proportional to the site', async () => {
    await pushSite('known');
    await pool.query('ANALYZE devices');
    const ms = await pushSite('new');
    const moved = await pool.query<{ n: string }>("SELECT count(*) AS n FROM devices WHERE site_id = $1 AND last_seen = '2026-12-01T09:00:00.000Z'", [sites.get('new')]);
    expect(Number(moved.rows[0]!.n)).toBe(DEVICES);
    expect(ms, `sightings of ${DEVICES} devices took ${Math.round(ms)} ms`).toBeLessThan(15_000);
  }, 300_000);
});
