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

/** Seconds until a login for this name from this address may be tried again, or 0 when it may be now. */
export async function loginBlockedFor(db: Queryable, limit: LoginLimit, name: string, address: string): Promise<number> {
  await db.query(`DELETE FROM login_failures WHERE at < now() - make_interval(secs => $1)`, [limit.windowSeconds]);
  // Blocked while the key's max-th newest failure is inside the window.
  const { rows } = await db.query<{ wait: number | null }>(
    `SELECT max(ceil(extract(epoch FROM at + make_interval(secs => $2) - now()))) AS wait
       FROM (SELECT at, row_number() OVER (PARTITION BY key ORDER BY at DESC) AS newer
               FROM login_failures WHERE key = ANY($1) AND at >= now() - make_interval(secs => $2)) f
      WHERE newer = $3`,
    [keys(name, address), limit.windowSeconds, limit.maxFailures],
  );
  return Math.max(0, Number(rows[0]?.wait ?? 0));
}

export async function recordLoginFailure(db: Queryable, name: string, address: string): Promise<void> {
  await db.query('INSERT INTO login_failures (key) SELECT unnest($1::text[])', [keys(name, address)]);
}

/** A successful login clears the name's failures (the address keeps its own). */
export async function clearLoginFailures(db: Queryable, name: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE key = $1', [`user:${name.toLowerCase()}`]);
}
