import { RuntimeError } from '../../util/errors.js';
import { PG_MIGRATIONS, type PgMigration } from './migrations.js';
import type { Pool } from './pool.js';

/** pg_advisory_lock key: "lanaudit" in ASCII, so every server of one database takes the same lock. */
const MIGRATION_LOCK = 0x6c616e6175646974n;

export interface MigrateResult {
  /** The schema version found (0: an empty database). */
  readonly from: number;
  readonly to: number;
  readonly applied: readonly { readonly version: number; readonly name: string }[];
}

/**
 * Brings the database to the newest migration: each in its own transaction, recorded in
 * schema_migrations. A session advisory lock makes servers starting at once apply each migration
 * once (the second waits, then finds nothing to do). A database newer than this code is refused:
 * an older lanaudit must not write a schema it does not know.
 */
export async function migrate(pool: Pool, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<MigrateResult> {
  const latest = migrations.at(-1)?.version ?? 0;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const from = await currentVersion(client);
      if (from > latest) {
        throw new RuntimeError(`the database's schema is version ${from}, newer than this lanaudit knows (${latest}): upgrade lanaudit`);
      }
      const applied: { version: number; name: string }[] = [];
      for (const m of migrations.filter((m) => m.version > from)) {
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new RuntimeError(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push({ version: m.version, name: m.name });
      }
      return { from, to: Math.max(from, latest), applied };
    } finally {
      // A lost connection has lost its lock too.
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

/** The schema version of the database (0: never migrated). */
export async function schemaVersion(pool: Pool): Promise<number> {
  const client = await pool.connect();
  try {
    const exists = await client.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
    return exists.rows[0]?.t === null ? 0 : currentVersion(client);
  } finally {
    client.release();
  }
}

async function currentVersion(client: { query: Pool['query'] }): Promise<number> {
  const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
}
