import pg from 'pg';
import type { ServerConfig } from '../../config/server.js';
import type { Logger } from '../../util/log.js';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  /** Connections at most (default 10). */
  readonly max?: number;
  /** Where an idle connection's failure is reported (PostgreSQL restarted, network cut). */
  readonly log?: Logger;
  /** The server's limits on PostgreSQL's work (config server.database); absent: none (tools, migrations). */
  readonly limits?: DatabaseLimits;
}

export type DatabaseLimits = ServerConfig['database'];

/** Each pool's limits, for the transactions that set their own (reportLimits). */
const poolLimits = new WeakMap<Pool, DatabaseLimits>();

/**
 * Connections whose session PostgreSQL ended, with its reason: the statement that next meets the
 * closed connection fails in the driver's words ("not queryable"), which do not say why.
 */
const sessionEnded = new WeakMap<PoolClient, Error>();

const ms = (seconds: number): number => Math.round(seconds * 1000);

/**
 * A connection pool for a `postgres://` URL. An idle connection that fails (the database restarts)
 * is reported and dropped instead of crashing the process: the next query opens a new one.
 */
export function openPool(url: string, options: PoolOptions = {}): Pool {
  const limits = options.limits;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: 'lanaudit',
    // Sent with each connection's startup (0: not sent), so every statement on it is bounded.
    ...(limits !== undefined && {
      statement_timeout: ms(limits.statementTimeoutSeconds),
      lock_timeout: ms(limits.lockTimeoutSeconds),
      idle_in_transaction_session_timeout: ms(limits.idleInTransactionSeconds),
      connectionTimeoutMillis: ms(limits.poolWaitSeconds),
    }),
  });
  if (limits !== undefined) poolLimits.set(pool, limits);
  // A connection that fails emits 'error' on its client, idle or checked out (a transaction between
  // two queries, a report's cursor, a session a limit ended); the pool listens only while it is idle
  // (and re-emits it here): unheard, it would end the process. Reported once, by the client's
  // listener, with PostgreSQL's reason. The query in flight rejects, and the pool drops the client.
  pool.on('error', () => undefined);
  pool.on('connect', (client) =>
    client.on('error', (err) => {
      // The first error is PostgreSQL's reason; the socket's close ("terminated unexpectedly") follows.
      if (!sessionEnded.has(client)) sessionEnded.set(client, err);
      options.log?.warn('PostgreSQL connection lost', { error: err.message });
    }),
  );
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
    throw sessionEnded.get(client) ?? err;
  } finally {
    client.release();
  }
}

/**
 * Within a transaction that streams a report at its reader's pace: the pool's report limit replaces
 * its statement and idle limits. A pg-cursor's reads are one statement to PostgreSQL, its timer
 * started by the first read (nothing ends it until the cursor closes), and between passes the
 * transaction is idle while the reader catches up.
 */
export async function reportLimits(pool: Pool, client: PoolClient): Promise<void> {
  const limits = poolLimits.get(pool);
  if (limits === undefined) return;
  await client.query("SELECT set_config('statement_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $1, true)", [String(ms(limits.reportSeconds))]);
}

/** Within a transaction that waits on something else between its statements: the pool's idle limit, raised to `waitMs` when below it. */
export async function allowIdle(pool: Pool, client: PoolClient, waitMs: number): Promise<void> {
  const idle = poolLimits.get(pool)?.idleInTransactionSeconds;
  if (idle === undefined || idle === 0 || ms(idle) >= waitMs) return;
  await client.query("SELECT set_config('idle_in_transaction_session_timeout', $1, true)", [String(Math.ceil(waitMs))]);
}

/**
 * Why the database gave up on a request in time (the limits above), in PostgreSQL's words, or null:
 * a statement or lock wait cancelled, an idle transaction's session ended, no free connection.
 * The request changed nothing (its transaction rolled back): a 503, try again later.
 */
export function databaseTimeout(err: unknown): string | null {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return null;
  // 57014 query_canceled (statement timeout), 55P03 lock_not_available (lock timeout), 25P03 idle-in-transaction timeout.
  if (code === '57014' || code === '55P03' || code === '25P03') return message;
  // pg-pool's words when no connection came free (or a new one did not connect) within poolWaitSeconds.
  if (message === 'timeout exceeded when trying to connect' || message === 'Connection terminated due to connection timeout') return `no database connection free: ${message}`;
  return null;
}

/**
 * Whether PostgreSQL refused a value (SQLSTATE class 22: a date it cannot read, a number out of
 * range): in a read, the request's own input, so a 400 rather than a 500.
 */
export function isDataException(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('22');
}
