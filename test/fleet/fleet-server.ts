/** A fleet server for the read API and `fleet` CLI tests: migrated database, rows written straight in, a read token. */
import { serverSection } from '../../src/config/server.js';
import { createApp, systemWallClock } from '../../src/server/app.js';
import { addReadToken } from '../../src/server/auth/read-tokens.js';
import { hashToken, newToken } from '../../src/server/auth/tokens.js';
import { migrate } from '../../src/server/store/migrate.js';
import { openPool, type Pool } from '../../src/server/store/pool.js';
import { createLogger } from '../../src/util/log.js';
import { HOSTILE } from '../report/fixtures.js';
import { testDatabase, type TestDatabase } from '../helpers/pg-cluster.js';
import { fleetDevices, insertFleet } from '../server/queries/fleet-fixture.js';

export const SITES = ['alpha', 'beta'];
export const PER_SITE = 60;
/** PostgreSQL text holds no NUL: the ingest's concern; every other hostile string goes in as a site would send it. */
export const HOSTILE_NAME = `${HOSTILE.hyperlink} ${HOSTILE.script}`;
export const HOSTILE_MODEL = `${HOSTILE.img}${HOSTILE.rtl}`;
export const HOSTILE_MAKER = HOSTILE.mdLink;
export const HOSTILE_SAYS = `${HOSTILE.svg} ${HOSTILE.ansi}`;

export interface TestFleet {
  readonly db: TestDatabase;
  readonly pool: Pool;
  readonly app: ReturnType<typeof createApp>;
  readonly token: string;
  readonly siteToken: string;
  close(): Promise<void>;
}

/** alpha/1 is covered (hikvision, open) with hostile strings in every field a report shows. */
export async function testFleet(): Promise<TestFleet> {
  const db = await testDatabase();
  const pool = openPool(db.url);
  await migrate(pool);
  await insertFleet(pool, SITES, fleetDevices(SITES, PER_SITE));
  await pool.query(
    `UPDATE devices SET name = $1, model = $2, manufacturer_name = $3, status = 'covered', covered = 'hikvision', verdict_id = 1, triage_status = 'open', triage_until = NULL
     WHERE site_id = 1 AND id = 1`,
    [HOSTILE_NAME, HOSTILE_MODEL, HOSTILE_MAKER],
  );
  await pool.query(
    `INSERT INTO verdicts (site_id, id, device_id, at, status, covered, confidence, randomized_mac, evidence) VALUES (1, 1, 1, '2026-11-01Z', 'covered', 'hikvision', 0.95, false, $1)`,
    [JSON.stringify([{ rule: 'sadp.model', kind: 'sadp.reply', value: HOSTILE.script, source: 'sadp', certainty: 0.95, says: HOSTILE_SAYS, entity: 'hikvision' }])],
  );
  await pool.query(
    `INSERT INTO events (site_id, id, device_id, at, type, field, old, new) VALUES (1, 1, 1, now(), 'changed', 'name', 'cam', $1), (2, 1, 2, now(), 'new', NULL, NULL, NULL)`,
    [HOSTILE_NAME],
  );
  await pool.query(
    `INSERT INTO scans (site_id, id, started_at, finished_at, scope, ranges, engine, status, hosts, flagged) VALUES (1, 1, '2026-12-01Z', '2026-12-01T00:10Z', 'x', '[]', 'native', 'complete', 60, 12)`,
  );
  const { token } = await addReadToken(pool, 'tests', 'test');
  const siteToken = newToken('site');
  await pool.query(`INSERT INTO tokens (kind, site_id, name, hash) VALUES ('site', 1, 'alpha', $1)`, [hashToken(siteToken)]);
  const log = createLogger({ stream: { write: () => undefined }, human: false, level: 'error' });
  const app = createApp({ pool, config: serverSection.parse({}), log, clock: systemWallClock });
  return {
    db,
    pool,
    app,
    token,
    siteToken,
    async close() {
      await pool.end();
      await db.drop();
    },
  };
}
