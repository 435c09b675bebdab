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

/**
 * The session cookie: `lanaudit`, and over HTTPS `__Host-lanaudit` (Secure, Path=/, no Domain: bound
 * to this host). Over loopback HTTP it cannot be Secure: a browser would not send it back.
 */
const COOKIE = 'lanaudit';
const prefix = (tls: boolean) => (tls ? ({ prefix: 'host' } as const) : {});

export function sessionCookie(c: Context, tls: boolean): string | undefined {
  return getCookie(c, COOKIE, tls ? 'host' : undefined);
}

export function setSessionCookie(c: Context, tls: boolean, token: string): void {
  setCookie(c, COOKIE, token, { httpOnly: true, secure: tls, sameSite: 'Strict', path: '/', ...prefix(tls) });
}

export function clearSessionCookie(c: Context, tls: boolean): void {
  deleteCookie(c, COOKIE, { path: '/', secure: tls, ...prefix(tls) });
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
    const token = sessionCookie(c, tls);
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
