import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from '../store/pool.js';

export type TokenKind = 'site' | 'read';

/** Recognisable prefixes, so a leaked token is easy to find (secret scanners) and to tell apart. */
export const TOKEN_PREFIX: Readonly<Record<TokenKind, string>> = { site: 'lsa_', read: 'lra_' };

/** The token's bearer: a site's agent (writes that site only) or a reader (fleet queries, scripts). */
export type Principal = { readonly kind: 'site'; readonly siteId: number; readonly siteName: string } | { readonly kind: 'read'; readonly tokenId: number };

/** A new token: its prefix and 32 random bytes, base64url. Shown once; only its hash is stored. */
export function newToken(kind: TokenKind): string {
  return TOKEN_PREFIX[kind] + randomBytes(32).toString('base64url');
}

/** SHA-256 of the token's UTF-8 bytes: what the tokens table keeps. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Longer than any token we issue: a header that long is refused before hashing. */
const MAX_TOKEN_LENGTH = 256;

interface TokenRow {
  readonly id: number;
  readonly kind: TokenKind;
  readonly site_id: number | null;
  readonly site_name: string | null;
}

/**
 * The principal of an unrevoked token, or null. Lookup is by hash, so timing tells nothing about
 * the token. last_used_at is written at most once a minute per token: an agent pushing batch
 * after batch does not rewrite the row each time.
 */
export async function authenticate(pool: Pool, bearer: string | undefined | null): Promise<Principal | null> {
  if (bearer === undefined || bearer === null || bearer.length === 0 || bearer.length > MAX_TOKEN_LENGTH) return null;
  const { rows } = await pool.query<TokenRow>(
    `WITH t AS (
       SELECT t.id, t.kind, t.site_id, s.name AS site_name, t.last_used_at
       FROM tokens t LEFT JOIN sites s ON s.id = t.site_id
       WHERE t.hash = $1 AND t.revoked_at IS NULL
     ), touched AS (
       UPDATE tokens SET last_used_at = now() FROM t
       WHERE tokens.id = t.id AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute')
     )
     SELECT id, kind, site_id, site_name FROM t`,
    [hashToken(bearer)],
  );
  const row = rows[0];
  if (row === undefined) return null;
  if (row.kind === 'site') return row.site_id === null || row.site_name === null ? null : { kind: 'site', siteId: row.site_id, siteName: row.site_name };
  return { kind: 'read', tokenId: row.id };
}

/** The token of an "Authorization: Bearer …" header, or null. */
export function bearerToken(header: string | undefined | null): string | null {
  const m = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return m?.[1] ?? null;
}
