/** The admin pages over HTTP: site enrollment and tokens (shown once, admins only), report facts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate as tokenPrincipal } from '../../src/server/auth/tokens.js';
import { readReportFacts } from '../../src/server/console/queries-report-facts.js';
import { USERS, seededDatabase, serveConsole, type ConsoleServer, type SeededDatabase } from './fixture.js';
import { Client } from './http-client.js';

let data: SeededDatabase;
let server: ConsoleServer;
let alice: Client;

beforeAll(async () => {
  data = await seededDatabase();
  server = await serveConsole(data.pool);
  alice = new Client(server.base);
  await alice.login(USERS.admin);
});
afterAll(async () => {
  await server?.close();
  await data?.drop();
});

const shownToken = (html: string) => /<p class="secret" id="new-token">([^<]+)<\/p>/.exec(html)?.[1] ?? null;

describe('sites page', () => {
  it('an admin enrolls a site: its token is shown on that page only, and it authenticates as that site', async () => {
    const res = await alice.post('/console/sites', { name: 'branch-3', _csrf: await alice.csrf() });
    expect(res.status).toBe(200);
    const token = shownToken(await res.text());
    expect(token).toMatch(/^lsa_/);
    expect(await tokenPrincipal(data.pool, token!)).toMatchObject({ kind: 'site', siteName: 'branch-3' });
    const again = await (await alice.get('/console/sites')).text();
    expect(again).toContain('branch-3');
    expect(again).not.toContain(token!);
  });

  it('rotate shows a new token and revokes the old; revoke leaves none', async () => {
    const first = shownToken(await (await alice.post('/console/sites', { name: 'branch-4', _csrf: await alice.csrf() })).text())!;
    const rotated = await (await alice.post('/console/sites/branch-4/rotate', { _csrf: await alice.csrf() })).text();
    const second = shownToken(rotated)!;
    expect(second).not.toBe(first);
    expect(rotated).toContain('1 older token of branch-4 revoked');
    expect(await tokenPrincipal(data.pool, first)).toBeNull();
    expect(await tokenPrincipal(data.pool, second)).not.toBeNull();
    await alice.post('/console/sites/branch-4/revoke', { _csrf: await alice.csrf() });
    expect(await tokenPrincipal(data.pool, second)).toBeNull();
    const audit = await data.pool.query<{ action: string; actor: string }>("SELECT action, actor FROM audit WHERE target = 'branch-4' ORDER BY id");
    expect(audit.rows).toEqual(['site.add', 'site.rotate', 'site.revoke'].map((action) => ({ action, actor: USERS.admin })));
  });

  it('a bad site name is refused on the page, with the reason', async () => {
    const res = await alice.post('/console/sites', { name: '../etc', _csrf: await alice.csrf() });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('is not a site name');
  });

  it('a triager sees health but no token controls, and cannot enroll', async () => {
    const tom = new Client(server.base);
    await tom.login(USERS.triager);
    const page = await (await tom.get('/console/sites')).text();
    expect(page).toContain('hq');
    expect(page).not.toContain('Rotate token');
    expect((await tom.post('/console/sites', { name: 'sneaky', _csrf: await tom.csrf() })).status).toBe(403);
    expect((await data.pool.query("SELECT 1 FROM sites WHERE name = 'sneaky'")).rows).toEqual([]);
  });
});

describe('report facts', () => {
  it('an admin saves them (UEI and CAGE upper-cased, orders one per line) and they are audited', async () => {
    const res = await alice.post('/console/reports/facts', {
      organization: 'Acme <Federal>', contract: 'W91-24-C-0001', order: 'TO-1\nTO-2', uei: 'abcdefghjk12', cage: '1abc2', contact: 'ciso@acme.example', supplier: '', _csrf: await alice.csrf(),
    });
    expect(res.status).toBe(303);
    expect((await readReportFacts(data.pool)).facts).toEqual({ organization: 'Acme <Federal>', contract: 'W91-24-C-0001', order: ['TO-1', 'TO-2'], uei: 'ABCDEFGHJK12', cage: '1ABC2', contact: 'ciso@acme.example' });
    const page = await (await alice.get('/console/reports')).text();
    expect(page).toContain('value="Acme &lt;Federal&gt;"');
    expect((await data.pool.query("SELECT actor FROM audit WHERE action = 'report-facts.update'")).rows).toEqual([{ actor: USERS.admin }]);
  });

  it('refuses a malformed UEI with the rule, and keeps the stored facts', async () => {
    const res = await alice.post('/console/reports/facts', { organization: 'Other', uei: 'short', _csrf: await alice.csrf() });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('12-character SAM Unique Entity ID');
    expect((await readReportFacts(data.pool)).facts.organization).toBe('Acme <Federal>');
  });

  it('the fleet FAR report names them', async () => {
    const far = await (await alice.get('/console/reports/download?format=far-md')).text();
    expect(far).toContain('Acme');
    expect(far).toContain('W91-24-C-0001');
    expect(far).toContain('ABCDEFGHJK12');
  });

  it('a viewer cannot change them', async () => {
    const vera = new Client(server.base);
    await vera.login(USERS.viewer);
    expect((await vera.post('/console/reports/facts', { organization: 'Viewer Inc', _csrf: await vera.csrf() })).status).toBe(403);
  });
});
