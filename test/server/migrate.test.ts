import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../src/server/store/migrate.js';
import { PG_MIGRATIONS } from '../../src/server/store/migrations.js';
import { openPool, type Pool } from '../../src/server/store/pool.js';
import { testDatabase, type TestDatabase } from '../helpers/pg-cluster.js';

const LATEST = PG_MIGRATIONS.at(-1)!.version;

describe('PostgreSQL migrations', () => {
  let db: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    db = await testDatabase();
    pool = openPool(db.url, { max: 6 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('applies every migration once when servers start at once, then nothing', async () => {
    expect(await schemaVersion(pool)).toBe(0);
    const results = await Promise.all([migrate(pool), migrate(pool), migrate(pool)]);
    // Exactly one of the three applied them; the others waited on the lock and found nothing to do.
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, PG_MIGRATIONS.length]);
    expect(results.every((r) => r.to === LATEST)).toBe(true);
    const { rows } = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    expect(await migrate(pool)).toEqual({ from: LATEST, to: LATEST, applied: [] });
    const tables = await pool.query<{ n: string }>("SELECT count(*)::text AS n FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('sites', 'tokens', 'devices', 'triage', 'audit')");
    expect(tables.rows[0]!.n).toBe('5');
  });

  it('refuses a database newer than the code', async () => {
    await expect(migrate(pool, PG_MIGRATIONS.slice(0, -1))).rejects.toThrow(
      `the database's schema is version ${LATEST}, newer than this lanaudit knows (${LATEST - 1}): upgrade lanaudit`,
    );
  });

  it('rolls a failing migration back whole and records nothing of it', async () => {
    const broken = [...PG_MIGRATIONS, { version: LATEST + 1, name: 'broken', sql: 'CREATE TABLE half_done (x int); SELECT no_such_function();' }];
    await expect(migrate(pool, broken)).rejects.toThrow(`migration ${LATEST + 1} (broken) failed`);
    expect(await schemaVersion(pool)).toBe(LATEST);
    const { rows } = await pool.query("SELECT to_regclass('half_done') AS t");
    expect(rows[0].t).toBeNull();
  });
});
