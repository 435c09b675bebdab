import { createMiddleware } from 'hono/factory';
import type { Pool } from '../store/pool.js';
import { authenticate, bearerToken, type Principal, type TokenKind } from './tokens.js';

/** Hono environment of routes behind requireToken: the authenticated principal. */
export interface TokenEnv {
  Variables: { principal: Principal };
}

/**
 * Hono middleware: the request must carry "Authorization: Bearer <token>" of an unrevoked token
 * of this kind. 401 with no usable token, 403 for a valid token of the other kind; on success
 * c.get('principal') says who it is.
 */
export function requireToken(pool: Pool, kind: TokenKind) {
  return createMiddleware<TokenEnv>(async (c, next) => {
    const principal = await authenticate(pool, bearerToken(c.req.header('authorization')));
    if (principal === null) {
      c.header('WWW-Authenticate', 'Bearer realm="lanaudit"');
      return c.json({ error: 'missing, unknown or revoked token' }, 401);
    }
    if (principal.kind !== kind) return c.json({ error: `this needs a ${kind} token, not a ${principal.kind} token` }, 403);
    c.set('principal', principal);
    await next();
    return undefined;
  });
}
