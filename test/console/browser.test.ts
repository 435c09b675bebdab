/**
 * The console in a real browser (Debian's Chromium through playwright-core) against the app on
 * 127.0.0.1 and a real PostgreSQL holding two sites, one of them the lab's hostile profile.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../report/browser.js';
import { HOSTILE_NAMES, PASSWORD, USERS, seededDatabase, serveConsole, type ConsoleServer, type SeededDatabase } from './fixture.js';

let data: SeededDatabase;
let server: ConsoleServer;
let browser: Browser;

beforeAll(async () => {
  data = await seededDatabase();
  server = await serveConsole(data.pool);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await data?.drop();
});

interface Watched {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Alerts, requests to anything but the app, CSP violations, console errors, page errors. */
  readonly trouble: string[];
}

/** A fresh browser profile whose page reports anything a hostile string could make it do. */
async function watchedPage(base = server.base): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  // Generous: scrypt and PostgreSQL on a busy 2-core machine; a bound against hanging, not a speed claim.
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const trouble: string[] = [];
  page.on('dialog', (d) => {
    trouble.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(`${base}/`)) trouble.push(`request: ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') trouble.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => trouble.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().includes('/triage')) trouble.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  // Injected by the browser's devtools, not the page, so the page's CSP does not apply to it.
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))`);
  return { page, context, trouble };
}

/** Logs in with the keyboard alone. */
async function login(page: Page, name: string, base = server.base): Promise<void> {
  await page.goto(`${base}/console/login`);
  // The name field has autofocus; typing before the browser applied it lost the first keys (a flaky
  // "wrong user name or password" under load).
  await page.waitForFunction("document.activeElement?.getAttribute('name') === 'name'");
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}/console`);
}

async function download(page: Page, format: string, site: string): Promise<string> {
  await page.goto(`${server.base}/console/reports`);
  await page.selectOption('select[name=format]', format);
  await page.selectOption('select[name=site]', site);
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Download")')]);
  return readFileSync((await file.path())!, 'utf8');
}

const HIK = '10.79.0.81';

// Generous bounds: a browser on a loaded 2-core machine; none of these waits is a speed claim.
describe.skipIf(!chromiumAvailable)('the console in Chromium', { timeout: 120_000 }, () => {
  it('a triager filters devices, opens one, records a waiver, and finds it in the history and the reports', async () => {
    const { page, context, trouble } = await watchedPage();
    await login(page, USERS.triager);
    const farBefore = await download(page, 'far-md', 'hq');
    expect(farBefore).toContain(HIK);

    await page.goto(`${server.base}/console/devices`);
    await page.selectOption('select[name=site]', 'hq');
    await page.selectOption('select[name=status]', 'covered');
    await page.click('button:has-text("Filter")');
    await page.waitForURL(/site=hq&status=covered/);
    const ips = await page.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(ips.sort()).toEqual(['10.79.0.81', '10.79.0.82']);

    await page.click(`a:has-text("${HIK}")`);
    await page.waitForURL(`${server.base}/console/devices/hq/81`);
    const facts = await page.locator('dl.facts').innerText();
    expect(facts).toContain('core-sw-1');
    expect(facts).toContain('Gi1/0/5');
    expect(facts).toContain('VLAN 30');
    expect(await page.locator('#evidence + table tbody tr').count()).toBeGreaterThan(1);

    await page.selectOption('select[name=status]', 'waiver');
    await page.fill('input[name=until]', '2027-06-30');
    await page.fill('textarea[name=note]', 'W-12: replacement ordered <b>not bold</b>');
    await page.click('button:has-text("Record decision")');
    await page.waitForURL(/saved=1/);
    const first = await page.locator('#triage-history + table tbody tr').first().innerText();
    expect(first).toContain('Waiver');
    expect(first).toContain('2027-06-30');
    expect(first).toContain(USERS.triager);
    expect(first).toContain('central');
    expect(first).toContain('W-12: replacement ordered <b>not bold</b>');

    // The FAR report leaves a waived device out and says so; the full report names the waiver.
    const farAfter = await download(page, 'far-md', 'hq');
    expect(farAfter).not.toContain(HIK);
    expect(farAfter).toContain('1 covered device(s) excluded as waived or false positive');
    const json = JSON.parse(await download(page, 'json', 'hq')) as { devices: { ip: string; triage?: { status: string; note: string; by: string } }[] };
    expect(json.devices.find((d) => d.ip === HIK)?.triage).toMatchObject({ status: 'waiver', by: USERS.triager, note: 'W-12: replacement ordered <b>not bold</b>' });
    expect(trouble).toEqual([]);
    await context.close();
  });

  it('a viewer sees no triage form, and a POST made anyway is refused', async () => {
    const { page, context, trouble } = await watchedPage();
    await login(page, USERS.viewer);
    await page.goto(`${server.base}/console/devices/branch-2/1`);
    expect(await page.locator('form[action$="/triage"]').count()).toBe(0);
    expect(await page.locator('text=Record a decision').count()).toBe(0);
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const res = await page.request.post(`${server.base}/console/devices/branch-2/1/triage`, { form: { _csrf: csrf, status: 'false-positive', note: 'viewer' }, headers: { Origin: server.base } });
    expect(res.status()).toBe(403);
    expect((await data.pool.query("SELECT 1 FROM triage WHERE note = 'viewer'")).rows).toEqual([]);
    expect(trouble).toEqual([]);
    await context.close();
  });

  it('a forged form on another page (same site, another port) without the CSRF token is refused', async () => {
    const evil: Server = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(`<!DOCTYPE html><form method="post" action="${server.base}/console/devices/branch-2/1/triage">
        <input name="status" value="removed"><input name="note" value="forged"><button id="go">Win a prize</button></form>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const { page, context } = await watchedPage();
    try {
      await login(page, USERS.admin);
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('/triage')), page.click('#go')]);
      expect(response.status()).toBe(403);
      expect((await data.pool.query("SELECT 1 FROM triage WHERE note = 'forged'")).rows).toEqual([]);
    } finally {
      await context.close();
      await new Promise((resolve) => evil.close(resolve));
    }
  });

  it('a session unused past its idle expiry ends: the next page asks for a login', async () => {
    const brief = await serveConsole(data.pool, { sessionIdleSeconds: 2 });
    const { page, context } = await watchedPage(brief.base);
    try {
      await login(page, USERS.viewer, brief.base);
      await page.goto(`${brief.base}/console/devices`);
      expect(page.url()).toBe(`${brief.base}/console/devices`);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await page.goto(`${brief.base}/console/devices`);
      expect(page.url()).toMatch(new RegExp(`^${brief.base}/console/login\\?`));
      expect(await page.locator('[role=status]').innerText()).toContain('Your session ended');
    } finally {
      await context.close();
      await brief.close();
    }
  });

  it('the hostile profile renders as text: nothing runs, loads or overflows, on every page that shows it', async () => {
    const { page, context, trouble } = await watchedPage();
    await login(page, USERS.admin);
    const ids = (await data.pool.query<{ id: string }>("SELECT d.id::text AS id FROM devices d JOIN sites s ON s.id = d.site_id WHERE s.name = 'hq' AND d.id < 100 ORDER BY d.id")).rows.map((r) => r.id);
    expect(ids.length).toBe(HOSTILE_NAMES.length);
    const paths = ['/console', '/console/devices?site=hq', '/console/devices?site=hq&sort=ip', '/console/changes', '/console/sites', '/console/audit', '/console/reports', ...ids.map((id) => `/console/devices/hq/${id}`)];
    for (const path of paths) {
      await page.goto(server.base + path);
      const shape = await page.evaluate<{ scripts: number; images: number; overflow: number; text: string }>(
        `({ scripts: document.scripts.length, images: document.images.length,
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            text: document.body.innerText })`,
      );
      expect(shape.scripts, path).toBe(0);
      expect(shape.images, path).toBe(0);
      expect(shape.overflow, `${path} is wider than the window`).toBeLessThanOrEqual(0);
    }
    // The device strings are there, as text.
    await page.goto(`${server.base}/console/devices?site=hq&sort=ip`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('=HYPERLINK("http://evil","x")');
    expect(text).toContain(HOSTILE_NAMES.find((n) => n.length > 200)!.slice(0, 60));
    await page.goto(`${server.base}/console/devices/hq/81`);
    const device = await page.locator('main').innerText();
    expect(device).toContain('DS-2CD2043G2-I "><img src=x onerror=alert(2)>');
    await page.goto(`${server.base}/console/devices/hq/61`);
    const xss = await page.locator('main').innerText();
    expect(xss).toContain('"><img src=x onerror=alert(1)>');
    expect(xss).toContain('<script>alert(1)</script>');
    // The bidi override is neutralised: the serial reads in its stored order.
    expect(device).not.toContain('\u202e');
    expect(trouble).toEqual([]);
    await context.close();
  });
});
