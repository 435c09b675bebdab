/**
 * Login rate limit: failures are counted per user name and per client address over a window
 * (login_failures); at the limit, logins by that name or from that address are refused until the
 * oldest failure leaves the window. A correct password does not get past the limit either.
 */
import type { Queryable } from '../queries/db.js';

export interface LoginLimit {
  readonly maxFailures: number;
  readonly windowSeconds: number;
}

const keys = (name: string, address: string) => [`user:${name.toLowerCase()}`, `addr:${address}`];

/** A login under way: its rows in login_failures, counted before its password is checked. */
export interface LoginAttempt {
  /** Seconds until a login for this name from this address may be tried again; 0: check the password. */
  readonly wait: number;
  readonly rows: readonly string[];
}

/**
 * Counts the attempt as a failure BEFORE its password is checked, then counts the others: logins
 * sent at once cannot all pass the limit while the first ones are still being checked (scrypt is
 * slow). A refused attempt's rows are dropped at once (waiting does not extend the block).
 */
export async function beginLogin(db: Queryable, limit: LoginLimit, name: string, address: string): Promise<LoginAttempt> {
  await db.query(`DELETE FROM login_failures WHERE at < now() - make_interval(secs => $1)`, [limit.windowSeconds]);
  const inserted = await db.query<{ row: string }>('INSERT INTO login_failures (key) SELECT unnest($1::text[]) RETURNING ctid::text AS row', [keys(name, address)]);
  const rows = inserted.rows.map((r) => r.row);
  // Blocked while the key's max-th newest other attempt is inside the window.
  const { rows: found } = await db.query<{ wait: number | null }>(
    `SELECT max(ceil(extract(epoch FROM at + make_interval(secs => $2) - now()))) AS wait
       FROM (SELECT at, row_number() OVER (PARTITION BY key ORDER BY at DESC) AS newer
               FROM login_failures WHERE key = ANY($1) AND at >= now() - make_interval(secs => $2) AND NOT ctid = ANY($4::tid[])) f
      WHERE newer = $3`,
    [keys(name, address), limit.windowSeconds, limit.maxFailures, rows],
  );
  const wait = Math.max(0, Number(found[0]?.wait ?? 0));
  if (wait > 0) await db.query('DELETE FROM login_failures WHERE ctid = ANY($1::tid[])', [rows]);
  return { wait, rows };
}

/** A successful login: its own attempt is no failure, and the name's failures are cleared (the address keeps its others). */
export async function loginSucceeded(db: Queryable, name: string, attempt: LoginAttempt): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE key = $1 OR ctid = ANY($2::tid[])', [`user:${name.toLowerCase()}`, attempt.rows]);
}
