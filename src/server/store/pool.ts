import pg from 'pg';
import type { Logger } from '../../util/log.js';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  /** Connections at most (default 10). */
  readonly max?: number;
  /** Where an idle connection's failure is reported (PostgreSQL restarted, network cut). */
  readonly log?: Logger;
}

/**
 * A connection pool for a `postgres://` URL. An idle connection that fails (the database restarts)
 * is reported and dropped instead of crashing the process: the next query opens a new one.
 */
export function openPool(url: string, options: PoolOptions = {}): Pool {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, application_name: 'lanaudit' });
  pool.on('error', (err) => options.log?.warn('PostgreSQL connection lost', { error: err.message }));
  // A connection that fails while checked out (a transaction between two queries, a report's
  // cursor) emits 'error' on its client, which the pool listens to only while the client is idle:
  // unheard, it would end the process. The query in flight rejects with it, and the pool drops the
  // client when it comes back (no longer queryable).
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Runs fn in one transaction on one connection: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Whether PostgreSQL refused a value (SQLSTATE class 22: a date it cannot read, a number out of
 * range): in a read, the request's own input, so a 400 rather than a 500.
 */
export function isDataException(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('22');
}
