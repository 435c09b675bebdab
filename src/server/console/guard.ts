/**
 * Who may see and do what in the console: a live session for every page, the session's CSRF token
 * and a same-origin Origin on every POST, a role for each action. A refusal is a 403 page.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { resumeSession, type Session, type SessionLimits } from './sessions.js';
import { allows, type Role } from './users.js';
import type { Queryable } from '../queries/db.js';

export type ConsoleEnv = { Variables: { session: Session; sessionToken: string } };

export const CSRF_FIELD = '_csrf';

/** `__Host-` binds the cookie to this host and path / over HTTPS; over loopback HTTP it cannot be Secure. */
export const cookieName = (tls: boolean) => (tls ? '__Host-lanaudit' : 'lanaudit');

export function setSessionCookie(c: Context, tls: boolean, token: string): void {
  setCookie(c, cookieName(tls), token, { httpOnly: true, secure: tls, sameSite: 'Strict', path: '/', ...(tls ? { prefix: 'host' as const } : {}) });
}

export function clearSessionCookie(c: Context, tls: boolean): void {
  deleteCookie(c, cookieName(tls), { path: '/', secure: tls, ...(tls ? { prefix: 'host' as const } : {}) });
}

export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A POST from another origin is refused before its token is read, as the browser names it: in
 * Sec-Fetch-Site, or in Origin. Under Referrer-Policy no-referrer Chrome sends "Origin: null" even
 * for the console's own forms, so "null" is taken as not said (the CSRF token still decides).
 */
export function foreignOrigin(c: Context): boolean {
  const site = c.req.header('Sec-Fetch-Site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = c.req.header('Origin');
  if (origin === undefined || origin === 'null') return false;
  return origin !== new URL(c.req.url).origin;
}

export function forbidden(c: Context, why: string): Response {
  return c.text(`Forbidden: ${why}`, 403);
}

/** Requires a live session: a GET without one goes to the login page, anything else is refused. */
export function requireSession(db: Queryable, limits: SessionLimits, tls: boolean, base: string): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const token = getCookie(c, cookieName(tls), tls ? 'host' : undefined);
    const session = token === undefined ? null : await resumeSession(db, limits, token);
    if (session === null || token === undefined) {
      if (token !== undefined) clearSessionCookie(c, tls);
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const here = new URL(c.req.url);
        const expired = token !== undefined ? '&expired=1' : '';
        return c.redirect(`${base}/login?next=${encodeURIComponent(here.pathname + here.search)}${expired}`, 303);
      }
      return c.text('Unauthorized: log in again (the session ended)', 401);
    }
    c.set('session', session);
    c.set('sessionToken', token);
    return next();
  };
}

/** Every state change: same origin (when the browser says) and the session's token in the form. */
export const requireCsrf: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  if (c.req.method !== 'POST') return next();
  if (foreignOrigin(c)) return forbidden(c, 'the request came from another site');
  const body = await c.req.parseBody();
  const sent = body[CSRF_FIELD];
  if (typeof sent !== 'string' || !sameText(sent, c.get('session').csrf)) return forbidden(c, 'the form is stale or forged (CSRF token missing or wrong); reload the page and try again');
  return next();
};

export function requireRole(least: Role): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (!allows(c.get('session').role, least)) return forbidden(c, `this needs the ${least} role`);
    return next();
  };
}
