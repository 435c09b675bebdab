import type pg from 'pg';

/** Anything that runs a query: the server's pool, or one client (a transaction, a test). */
export type Queryable = Pick<pg.ClientBase, 'query'>;

/** pg reads timestamptz as a Date (milliseconds); the fleet's rows carry ISO text, as the site's do. */
export function isoTime(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

export function isoTimeOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : isoTime(value);
}

/** bigint columns come as text (they may exceed 2^53); the sites' ids never do. */
export function int(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}
