/**
 * The console: server-rendered pages under /console (hono/jsx, which escapes every text), no script,
 * one stylesheet. Every page needs a session; every POST its CSRF token; each action its role.
 */
import { createHash, randomBytes } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import type { ServerDeps } from '../app.js';
import { writeAudit } from '../store/audit.js';
import { clearSessionCookie, foreignOrigin, forbidden, requireCsrf, requireSession, sameText, setSessionCookie, type ConsoleEnv } from './guard.js';
import { securityHeaders } from './headers.js';
import { beginLogin, loginSucceeded } from './login-limit.js';
import { BASE } from './pages/layout.js';
import { LOGIN_CSRF_COOKIE, LoginPage } from './pages/login.js';
import { createSession, endAllSessions, endSession, pruneSessions } from './sessions.js';
import { CONSOLE_CSS } from './styles.js';
import { authenticate } from './users.js';
import { pageRoutes } from './page-routes.js';
import { render } from './render.js';

const CSS_ETAG = `"${createHash('sha256').update(CONSOLE_CSS).digest('base64url').slice(0, 22)}"`;

/** Where to go after login: a console path only (an open redirect elsewhere is refused). */
function safeNext(next: unknown): string {
  return typeof next === 'string' && (next === BASE || next.startsWith(`${BASE}/`)) && !next.includes('\\') ? next : BASE;
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function consoleRoutes(deps: ServerDeps): Hono {
  const settings = deps.config.console;
  const limits = { idleSeconds: settings.sessionIdleSeconds, absoluteSeconds: settings.sessionAbsoluteSeconds };
  const tls = deps.config.tls !== undefined;
  const db = deps.pool;

  const root = new Hono();
  root.get('/', (c) => c.redirect(BASE, 303));
  root.get(`${BASE}/`, (c) => c.redirect(BASE, 303));
  // Browsers ask for it on every first visit; an empty answer keeps their consoles free of 404s.
  root.get('/favicon.ico', (c) => c.body(null, 204));

  const app = new Hono<ConsoleEnv>();
  app.use('*', securityHeaders);
  // Console forms are a few fields: a large body is refused before it is read.
  app.use('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Payload Too Large: console forms are small', 413) }));

  app.get('/static/console.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('ETag', CSS_ETAG);
    if (c.req.header('If-None-Match') === CSS_ETAG) return c.body(null, 304);
    return c.body(CONSOLE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  // Login: a double-submit token (cookie and field) stands in for the session's until there is one.
  const loginPage = (c: Context, extra: { error?: string; info?: string; name?: string; next?: string }, status: 200 | 403 | 429 = 200) => {
    const csrf = randomBytes(24).toString('base64url');
    setCookie(c, LOGIN_CSRF_COOKIE, csrf, { httpOnly: true, secure: tls, sameSite: 'Strict', path: `${BASE}/login` });
    return render(c, <LoginPage csrf={csrf} next={safeNext(extra.next ?? c.req.query('next'))} {...extra} />, status);
  };
  app.get('/login', (c) => loginPage(c, c.req.query('expired') === '1' ? { info: 'Your session ended; log in again.' } : {}));
  app.post('/login', async (c) => {
    const body = await c.req.parseBody();
    const cookie = getCookie(c, LOGIN_CSRF_COOKIE);
    const sent = body['_csrf'];
    if (foreignOrigin(c) || cookie === undefined || typeof sent !== 'string' || !sameText(sent, cookie)) return forbidden(c, 'the login form is stale or forged; reload it');
    const name = typeof body['name'] === 'string' ? body['name'].slice(0, 64) : '';
    const password = typeof body['password'] === 'string' ? body['password'].slice(0, 1024) : '';
    const next = body['next'];
    const address = clientAddress(c);
    const limit = { maxFailures: settings.loginMaxFailures, windowSeconds: settings.loginWindowSeconds };
    const attempt = await beginLogin(db, limit, name, address);
    const wait = attempt.wait;
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60);
      return loginPage(c, { error: `Too many failed logins for this user or from this address: try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, name, next: safeNext(next) }, 429 as 429);
    }
    const user = await authenticate(db, name, password);
    if (user === null) {
      deps.log.warn('console login failed', { user: name.replace(/[^\w.@-]/g, '?'), address });
      return loginPage(c, { error: 'Wrong user name or password (or the user is disabled).', name, next: safeNext(next) }, 403);
    }
    await loginSucceeded(db, name, attempt);
    await pruneSessions(db, limits);
    const { token } = await createSession(db, user.id);
    setSessionCookie(c, tls, token);
    await writeAudit(db, { actor: user.name, action: 'login', detail: { address } });
    return c.redirect(safeNext(next), 303);
  });

  app.use('*', requireSession(db, limits, tls, BASE));
  app.use('*', requireCsrf);

  app.post('/logout', async (c) => {
    await endSession(db, c.get('sessionToken'));
    clearSessionCookie(c, tls);
    return c.redirect(`${BASE}/login`, 303);
  });
  app.post('/logout-everywhere', async (c) => {
    const session = c.get('session');
    await endAllSessions(db, session.userId);
    await writeAudit(db, { actor: session.name, action: 'logout.everywhere', target: session.name });
    clearSessionCookie(c, tls);
    return c.redirect(`${BASE}/login`, 303);
  });

  app.route('/', pageRoutes(deps));
  root.route(BASE, app);
  return root;
}
