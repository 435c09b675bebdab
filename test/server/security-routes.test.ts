/**
 * Adversarial checks of every route the fleet server mounts (src/server/app.ts): who may call it
 * (no credential, a site token, a read token, a console session), odd Authorization headers, and
 * hostile query and path parameters, which must be refused with a 4xx, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { serverSection } from '../../src/config/server.js';
import { createApp } from '../../src/server/app.js';
import { addReadToken, revokeReadToken } from '../../src/server/auth/read-tokens.js';
import { addSite, rotateSite } from '../../src/server/store/sites.js';
import { silentLogger } from '../../src/util/log.js';
import { USERS, seededDatabase, serveConsole, type ConsoleServer, type SeededDatabase } from '../console/fixture.js';
import { Client } from '../console/http-client.js';

let data: SeededDatabase;
let app: Hono;
let server: ConsoleServer;
let siteToken: string;
let readToken: string;
let viewerCookie: string;

beforeAll(async () => {
  data = await seededDatabase();
  app = createApp({ pool: data.pool, config: serverSection.parse({}), log: silentLogger, clock: { now: () => new Date() } });
  siteToken = (await rotateSite(data.pool, 'hq', 'test')).token;
  readToken = (await addReadToken(data.pool, 'scripts', 'test')).token;
  server = await serveConsole(data.pool);
  const viewer = new Client(server.base);
  expect((await viewer.login(USERS.viewer)).status).toBe(303);
  viewerCookie = [...viewer.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
});
afterAll(async () => {
  await server?.close();
  await data?.drop();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

const READ_ROUTES = ['/api/v1/devices', '/api/v1/devices/hq/1', '/api/v1/changes', '/api/v1/status', '/api/v1/report?format=csv'];

describe('authorization of every route', () => {
  it('sync routes: a site token only; a read token is 403, a console session or nothing 401', async () => {
    for (const [method, path] of [['GET', '/api/v1/sync/position'], ['POST', '/api/v1/sync/batches']] as const) {
      const call = (headers: Record<string, string>) => app.request(path, { method, headers, ...(method === 'POST' && { body: '{}' }) });
      expect((await call({})).status).toBe(401);
      expect((await call({ cookie: viewerCookie })).status).toBe(401);
      expect((await call(bearer(readToken))).status).toBe(403);
    }
    expect((await get('/api/v1/sync/position', bearer(siteToken))).status).toBe(200);
  });

  it('read API: a read token only; a site token is 403, a console session or nothing 401', async () => {
    for (const path of READ_ROUTES) {
      expect((await get(path)).status, path).toBe(401);
      expect((await get(path, { cookie: viewerCookie })).status, path).toBe(401);
      expect((await get(path, bearer(siteToken))).status, path).toBe(403);
      const ok = await get(path, bearer(readToken));
      expect([200, 404], path).toContain(ok.status);
      await ok.arrayBuffer();
    }
  });

  it('console: a token is no session', async () => {
    for (const token of [readToken, siteToken]) {
      const res = await get('/console/devices', bearer(token));
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/console\/login\?/);
      const post = await app.request('/console/sites', { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=evil' });
      expect(post.status).toBe(401);
    }
    expect((await data.pool.query("SELECT 1 FROM sites WHERE name = 'evil'")).rowCount).toBe(0);
  });

  it('console: admin pages and actions refused below admin, triage refused to a viewer', async () => {
    for (const role of ['viewer', 'triager'] as const) {
      const client = new Client(server.base);
      expect((await client.login(USERS[role])).status).toBe(303);
      const csrf = await client.csrf();
      expect((await client.get('/console/audit')).status, role).toBe(403);
      for (const [path, form] of [
        ['/console/sites', { name: `x-${role}` }],
        ['/console/sites/hq/rotate', {}],
        ['/console/sites/hq/revoke', {}],
        ['/console/read-tokens', { name: `t-${role}` }],
        ['/console/read-tokens/revoke', { name: 'scripts' }],
        ['/console/reports/facts', { organization: 'Evil' }],
      ] as const) {
        expect((await client.post(path, { _csrf: csrf, ...form })).status, `${role} ${path}`).toBe(403);
      }
      const sitesPage = await (await client.get('/console/sites')).text();
      expect(sitesPage).not.toMatch(/lsa_|lra_/);
    }
    const viewer = new Client(server.base);
    await viewer.login(USERS.viewer);
    const triage = await viewer.post('/console/devices/hq/1/triage', { _csrf: await viewer.csrf(), status: 'acknowledged', note: 'no' });
    expect(triage.status).toBe(403);
    // Nothing above happened: the site's tokens and the read token still work.
    expect((await get('/api/v1/sync/position', bearer(siteToken))).status).toBe(200);
    expect((await get('/api/v1/status', bearer(readToken))).status).toBe(200);
  });
});

describe('tokens in odd headers', () => {
  it('accepts the scheme in any case and refuses anything else shaped oddly', async () => {
    expect((await get('/api/v1/status', { authorization: `bearer ${readToken}` })).status).toBe(200);
    const refused = [
      `Bearer ${readToken}, Bearer ${siteToken}`,
      `Bearer ${readToken}x`,
      `Bearer ${readToken.slice(0, 10)}é${readToken.slice(11)}`,
      `Bearer ${'A'.repeat(8_000)}`,
      `Basic ${Buffer.from(`x:${readToken}`).toString('base64')}`,
      readToken,
      'Bearer',
    ];
    for (const header of refused) expect((await get('/api/v1/status', { authorization: header })).status, header.slice(0, 40)).toBe(401);
  });

  it('refuses a revoked token and a rotated site token', async () => {
    const { token } = await addReadToken(data.pool, 'short-lived', 'test');
    expect((await get('/api/v1/status', bearer(token))).status).toBe(200);
    await revokeReadToken(data.pool, 'short-lived', 'test');
    expect((await get('/api/v1/status', bearer(token))).status).toBe(401);
    const first = (await addSite(data.pool, 'rotating', 'test')).token;
    const second = (await rotateSite(data.pool, 'rotating', 'test')).token;
    expect((await get('/api/v1/sync/position', bearer(first))).status).toBe(401);
    expect((await get('/api/v1/sync/position', bearer(second))).status).toBe(200);
  });
});

/** A cursor as the server encodes them (base64url JSON), with forged key values. */
const forged = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('hostile parameters are a 4xx, never a 500', () => {
  const api = [
    `/api/v1/devices?cursor=${forged(['last_seen', 'not a time', 1, 1])}`,
    `/api/v1/devices?sort=ip&cursor=${forged(['ip', 1e300, 1, 1])}`,
    `/api/v1/changes?cursor=${forged(['changes', 'yesterday-ish', 1, 1])}`,
    '/api/v1/devices?since=%2B275760-09-13',
    '/api/v1/devices?since=-271821-04-20',
    '/api/v1/changes?since=%2B275760-09-13',
    '/api/v1/devices?limit=100000',
    '/api/v1/devices?limit=-1',
    '/api/v1/devices?cursor=%00%01',
    '/api/v1/devices/hq/9999999999999999',
    '/api/v1/devices/hq/-1',
    `/api/v1/devices/${'a'.repeat(300)}/1`,
    '/api/v1/devices?ip=10.0.0.0/99',
    '/api/v1/devices?mac=zz',
    // A report's headers go out before its first query: a bad date must be refused before them.
    '/api/v1/report?format=csv&since=%2B275760-09-13',
    '/api/v1/report?format=csv&changesSince=-000001-01-01',
  ];
  for (const path of api) {
    it(`read API ${path.slice(0, 70)}`, async () => {
      const res = await get(path, bearer(readToken));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      await res.arrayBuffer();
    });
  }

  it('a name filter of LIKE wildcards matches them literally', async () => {
    const res = await get('/api/v1/devices?name=%25_', bearer(readToken));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { devices: unknown[] }).devices).toEqual([]);
  });

  const pages = [
    `/console/devices?cursor=${forged(['status', 3, 'not a time', 1, 1])}`,
    `/console/changes?cursor=${forged(['changes', 'not a time', 1, 1])}`,
    '/console/devices?since=%2B275760-09-13',
    '/console/audit?before=9999999999999999999',
    '/console/devices/hq/99999999999999999999',
  ];
  for (const path of pages) {
    it(`console ${path.slice(0, 70)}`, async () => {
      const admin = new Client(server.base);
      await admin.login(USERS.admin);
      const res = await admin.get(path);
      expect(res.status).toBeLessThan(500);
    });
  }
});
