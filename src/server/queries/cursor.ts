import { UsageError } from '../../util/errors.js';

/**
 * A keyset page's cursor: the sort's name and the last row's key values, opaque to callers (base64url
 * of JSON). The key ends in (site_id, id), so it is unique and a page starts exactly after the last row.
 */
export type KeyValue = string | number;

export class CursorError extends UsageError {}

export function encodeCursor(sort: string, key: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify([sort, ...key]), 'utf8').toString('base64url');
}

/** The key values of a cursor made for `sort` with these value types, or a CursorError. */
export function decodeCursor(cursor: string, sort: string, types: readonly ('string' | 'number')[]): KeyValue[] {
  let parsed: unknown;
  try {
    if (cursor.length > 1_024 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('cursor: not a cursor this server made');
  }
  if (!Array.isArray(parsed) || parsed.length !== types.length + 1 || parsed[0] !== sort) {
    throw new CursorError(`cursor: made for another sort or listing (this one is sorted by ${sort})`);
  }
  const values = parsed.slice(1) as unknown[];
  values.forEach((v, i) => {
    const ok = types[i] === 'number' ? typeof v === 'number' && Number.isSafeInteger(v) : typeof v === 'string' && v.length <= 64;
    if (!ok) throw new CursorError('cursor: damaged');
  });
  return values as KeyValue[];
}

/** Page sizes the server accepts: a page is read whole, so it is bounded. */
export const PAGE_DEFAULT = 100;
export const PAGE_MAX = 1_000;

export interface PageRequest {
  readonly limit?: number;
  /** The previous page's `next`. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: T[];
  /** The cursor of the next page, null on the last. */
  readonly next: string | null;
}

export function pageLimit(page: PageRequest): number {
  const limit = page.limit ?? PAGE_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) throw new UsageError(`limit: must be 1 to ${PAGE_MAX}`);
  return limit;
}
