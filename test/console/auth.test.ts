/**
 * The console's doors over HTTP (no browser): password storage, login and its rate limit, the
 * session cookie, CSRF and Origin checks, roles, logout everywhere, a disabled user, and the security
 * headers on every response.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableUser, addUser, setPassword } from '../../src/server/console/users.js';
import { verifyPassword } from '../../src/server/console/passwords.js';
import { CONSOLE_CSP } from '../../src/server/console/headers.js';
import { PASSWORD, USERS, seededDatabase, serveConsole, type ConsoleServer, type SeededDatabase } from './fixture.js';
import { Client, hidden } from './http-client.js';
import { serverSection } from '../../src/config/server.js';
import { createApp } from '../../src/server/app.js';
import { silentLogger } from '../../src/util/log.js';

let data: SeededDatabase;
let server: ConsoleServer;

beforeAll(async () => {
  data = await seededDatabase();
  server = await serveConsole(data.pool, { loginMaxFailures: 3, loginWindowSeconds: 600 });
});
afterAll(async () => {
  await server?.close();
  await data?.drop();
});

describe('passwords', () => {
  it('are stored as scrypt with N ≥ 2^15 and a per-user salt, never in clear', async () => {
    const { rows } = await data.pool.query<{ name: string; password_hash: string }>('SELECT name, password_hash FROM users ORDER BY name');
    const salts = new Set<string>();
    for (const r of rows) {
      const [kind, n, , , salt] = r.password_hash.split('$');
      expect(kind).toBe('scrypt');
      expect(Number(n)).toBeGreaterThanOrEqual(2 ** 15);
      expect(r.password_hash).not.toContain(PASSWORD);
      salts.add(salt!);
      expect(await verifyPassword(PASSWORD, r.password_hash)).toBe(true);
      expect(await verifyPassword(`${PASSWORD}x`, r.password_hash)).toBe(false);
    }
    expect(salts.size).toBe(rows.length);
  });

  it('refuses a short password', async () => {
    await expect(addUser(data.pool, 'shorty', 'viewer', 'short', 'test')).rejects.toThrow(/at least 12/);
  });
});

describe('login', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie holding a random token whose hash alone is stored', async () => {
    const client = new Client(server.base);
    const res = await client.login(USERS.viewer);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/console/devices');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lanaudit='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    const token = client.cookies.get('lanaudit')!;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const stored = (await data.pool.query<{ id_hash: Buffer }>('SELECT id_hash FROM sessions')).rows.map((r) => r.id_hash.toString('hex'));
    expect(stored).toContain(createHash('sha256').update(token).digest('hex'));
    expect(stored).not.toContain(Buffer.from(token, 'base64url').toString('hex'));
    expect((await client.get('/console/devices')).status).toBe(200);
  });

  it('without a session, a page sends the browser to the login form and a POST is refused', async () => {
    const client = new Client(server.base);
    const res = await client.get('/console/devices?site=hq');
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/console/login?next=${encodeURIComponent('/console/devices?site=hq')}`);
    expect((await client.post('/console/devices/hq/81/triage', { status: 'acknowledged', note: 'x' })).status).toBe(401);
  });

  it('refuses a login form posted without its token or from another site', async () => {
    const client = new Client(server.base);
    const page = await (await client.get('/console/login')).text();
    expect((await client.post('/console/login', { name: USERS.viewer, password: PASSWORD })).status).toBe(403);
    expect((await client.post('/console/login', { _csrf: hidden(page, '_csrf'), name: USERS.viewer, password: PASSWORD }, 'http://evil.example')).status).toBe(403);
  });

  it('a body larger than any console form is refused before it is read (413)', async () => {
    const res = await new Client(server.base).post('/console/login', { name: 'x'.repeat(100_000), password: 'y' });
    expect(res.status).toBe(413);
  });

  it('an unknown user name fails like a wrong password', async () => {
    const res = await new Client(server.base).login('nobody-here');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Wrong user name or password');
  });

  it('never sends the user elsewhere after login (open redirect)', async () => {
    const client = new Client(server.base);
    const page = await (await client.get('/console/login')).text();
    const res = await client.post('/console/login', { _csrf: hidden(page, '_csrf'), name: USERS.viewer, password: PASSWORD, next: '//evil.example/x' });
    expect(res.headers.get('Location')).toBe('/console');
  });
});

describe('state changes', () => {
  it('are refused without the session’s CSRF token, with another session’s, or from another origin', async () => {
    const tom = new Client(server.base);
    await tom.login(USERS.triager);
    const other = new Client(server.base);
    await other.login(USERS.admin);
    const form = { status: 'acknowledged', note: 'forged' };
    expect((await tom.post('/console/devices/hq/81/triage', form)).status).toBe(403);
    expect((await tom.post('/console/devices/hq/81/triage', { ...form, _csrf: await other.csrf() })).status).toBe(403);
    expect((await tom.post('/console/devices/hq/81/triage', { ...form, _csrf: await tom.csrf() }, 'http://evil.example')).status).toBe(403);
    const { rows } = await data.pool.query("SELECT 1 FROM triage WHERE note = 'forged'");
    expect(rows).toHaveLength(0);
  });

  it('a viewer’s triage POST with a valid token is refused (403) and records nothing', async () => {
    const vera = new Client(server.base);
    await vera.login(USERS.viewer);
    const res = await vera.post('/console/devices/hq/81/triage', { status: 'false-positive', note: 'viewer tried', _csrf: await vera.csrf() });
    expect(res.status).toBe(403);
    expect((await data.pool.query("SELECT 1 FROM triage WHERE note = 'viewer tried'")).rows).toHaveLength(0);
  });

  it('a triager’s decision with a note is recorded centrally, with the user, and in the audit log', async () => {
    const tom = new Client(server.base);
    await tom.login(USERS.triager);
    const res = await tom.post('/console/devices/branch-2/1/triage', { status: 'acknowledged', note: 'replacement ordered', until: '', _csrf: await tom.csrf() });
    expect(res.status).toBe(303);
    const { rows } = await data.pool.query("SELECT status, by, origin FROM triage WHERE note = 'replacement ordered'");
    expect(rows).toEqual([{ status: 'acknowledged', by: USERS.triager, origin: 'central' }]);
    const audit = await data.pool.query("SELECT actor FROM audit WHERE action = 'triage' AND target = 'branch-2/1'");
    expect(audit.rows).toEqual([{ actor: USERS.triager }]);
  });

  it('a decision without a note, or a waiver without an end date, is refused with a reason', async () => {
    const tom = new Client(server.base);
    await tom.login(USERS.triager);
    const noNote = await tom.post('/console/devices/branch-2/1/triage', { status: 'removed', note: '  ', _csrf: await tom.csrf() });
    expect(noNote.status).toBe(400);
    expect(await noNote.text()).toContain('a note is required');
    const noEnd = await tom.post('/console/devices/branch-2/1/triage', { status: 'waiver', note: 'w', _csrf: await tom.csrf() });
    expect(noEnd.status).toBe(400);
    expect(await noEnd.text()).toContain('a waiver needs an end date');
  });
});

describe('sessions end', () => {
  it('everywhere at once when the user asks', async () => {
    const a = new Client(server.base);
    const b = new Client(server.base);
    await a.login(USERS.triager);
    await b.login(USERS.triager);
    expect((await a.post('/console/logout-everywhere', { _csrf: await a.csrf() })).status).toBe(303);
    expect((await b.get('/console/devices')).status).toBe(303);
  });

  it('at the absolute expiry however busy, and their rows go at the next login', async () => {
    const brief = await serveConsole(data.pool, { sessionAbsoluteSeconds: 4 });
    try {
      const c = new Client(brief.base);
      await c.login(USERS.viewer);
      const started = Date.now();
      // In use every 300 ms for 1 s (3 s short of the expiry: room for a slow machine), then past it.
      while (Date.now() - started < 1_000) {
        expect((await c.get('/console/devices')).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      await new Promise((resolve) => setTimeout(resolve, 4_500 - (Date.now() - started)));
      expect((await c.get('/console/devices')).status).toBe(303);
      await new Client(brief.base).login(USERS.triager);
      const old = await data.pool.query("SELECT 1 FROM sessions WHERE created_at <= now() - interval '4 seconds'");
      expect(old.rows).toEqual([]);
    } finally {
      await brief.close();
    }
  });

  it('when the user is disabled or their password changes', async () => {
    await addUser(data.pool, 'leaver', 'admin', PASSWORD, 'test');
    const c = new Client(server.base);
    await c.login('leaver');
    expect((await c.get('/console/audit')).status).toBe(200);
    await setPassword(data.pool, 'leaver', 'another long password', 'test');
    expect((await c.get('/console/audit')).status).toBe(303);
    await c.login('leaver', 'another long password');
    await disableUser(data.pool, 'leaver', 'test');
    expect((await c.get('/console/audit')).status).toBe(303);
    expect((await c.login('leaver', 'another long password')).status).toBe(403);
  });
});

describe('roles and headers', () => {
  it('the audit log is for admins only', async () => {
    const vera = new Client(server.base);
    await vera.login(USERS.viewer);
    expect((await vera.get('/console/audit')).status).toBe(403);
    const alice = new Client(server.base);
    await alice.login(USERS.admin);
    const page = await alice.get('/console/audit');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('user.add');
  });

  it('every response carries the CSP and the other security headers; pages are not cached', async () => {
    const alice = new Client(server.base);
    await alice.login(USERS.admin);
    for (const path of ['/console/login', '/console', '/console/devices', '/console/devices/hq/81', '/console/static/console.css', '/console/nope']) {
      const res = await alice.get(path);
      expect(res.headers.get('Content-Security-Policy'), path).toBe(CONSOLE_CSP);
      expect(res.headers.get('X-Content-Type-Options'), path).toBe('nosniff');
      expect(res.headers.get('Referrer-Policy'), path).toBe('no-referrer');
      if (!path.endsWith('.css')) expect(res.headers.get('Cache-Control'), path).toBe('no-store');
    }
  });
});

// Last: it blocks the address every client here shares.
describe('the login rate limit', () => {
  it('after 3 failures (the configured limit) refuses the user and the address even with the right password, and says so', async () => {
    await addUser(data.pool, 'limited', 'viewer', PASSWORD, 'test');
    // Every client here is 127.0.0.1: start the address's count from nothing.
    await data.pool.query('DELETE FROM login_failures');
    const client = new Client(server.base);
    for (let i = 0; i < 3; i++) expect((await client.login('limited', 'wrong password!')).status).toBe(403);
    const refused = await client.login('limited');
    expect(refused.status).toBe(429);
    expect(await refused.text()).toMatch(/Too many failed logins for this user or from this address: try again in 10 minutes/);
    expect(client.cookies.has('lanaudit')).toBe(false);
    expect((await new Client(server.base).login(USERS.admin)).status).toBe(429);
  });

});

describe('over TLS', () => {
  it('the session cookie is Secure and __Host- prefixed (bound to this host and path /), and it logs in', async () => {
    const config = serverSection.parse({ tls: { cert: '/unused/cert.pem', key: '/unused/key.pem' } });
    const app = createApp({ pool: data.pool, config, log: silentLogger, clock: { now: () => new Date() } });
    const origin = 'https://console.example:8443';
    const form = await app.request(`${origin}/console/login`);
    const loginCookie = form.headers.getSetCookie()[0]!;
    expect(loginCookie).toMatch(/; Secure/);
    const res = await app.request(`${origin}/console/login`, {
      method: 'POST',
      headers: { Origin: origin, Cookie: loginCookie.split(';')[0]!, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: hidden(await form.text(), '_csrf'), name: USERS.viewer, password: PASSWORD }).toString(),
    });
    expect(res.status).toBe(303);
    const session = res.headers.getSetCookie().find((c) => c.includes('lanaudit='))!;
    expect(session).toMatch(/^__Host-lanaudit=[A-Za-z0-9_-]{43}; /);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Strict/);
    expect(session).not.toMatch(/Domain=/);
    const page = await app.request(`${origin}/console/devices`, { headers: { Cookie: session.split(';')[0]! } });
    expect(page.status).toBe(200);
  });
});
