/**
 * The HTML report in real headless Chromium: hostile device text must not run, load or break the
 * layout; sorting and filtering must work by clicking; a screenshot goes next to this test for the README.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { chromiumAvailable, CHROMIUM, launchChromium, openReport, pwned, type Watch } from './browser.js';
import { DEVICES, INPUT_WITH_TRIAGE } from './fixtures.js';
import { render } from './render.js';

if (!chromiumAvailable) console.warn(`skipping the HTML report browser tests: ${CHROMIUM} is missing (apt-get install -y chromium, or run test/install-deps.sh as root)`);

const ipColumn = (page: Page) => page.$$eval('#inv tbody tr:not([hidden]) td:nth-child(2)', (cells) => cells.map((c) => c.textContent ?? ''));

describe.skipIf(!chromiumAvailable)('HTML report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  let file: string;
  let page: Page;
  let watch: Watch;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lanaudit-report-browser-'));
    file = path.join(dir, 'report.html');
    writeFileSync(file, (await render('html', INPUT_WITH_TRIAGE)).text);
    browser = await launchChromium();
    ({ page, watch } = await openReport(browser, file));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs no injected script, opens no dialog and loads nothing', async () => {
    await page.mouse.move(300, 300);
    await page.hover('#inv tbody tr:nth-child(3) td:nth-child(4)');
    expect(await pwned(page)).toBeUndefined();
    expect(watch.dialogs).toEqual([]);
    expect(watch.requests).toEqual([]);
    expect(watch.errors).toEqual([]);
    expect(await page.$$eval('img, iframe, object, embed', (els) => els.length)).toBe(0);
    expect(await page.$$eval('script', (els) => els.length)).toBe(1);
    // Hostile text arrives as text: the script tag is visible characters, not an element.
    expect(await page.textContent('#flagged')).toContain('<script>window.__pwned=1;alert(1)</script>');
  });

  it('keeps the layout: 10 KB strings wrap inside the page width', async () => {
    const { scroll, width } = await page.evaluate<{ scroll: number; width: number }>('({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })');
    expect(scroll).toBeLessThanOrEqual(width);
  });

  it('sorts the inventory by clicking a column header (IP numerically, both directions)', async () => {
    await page.click('#inv thead th:nth-child(2) button');
    const ascending = await ipColumn(page);
    expect(ascending[0]).toBe('10.79.0.9');
    expect(ascending.at(-1)).toBe('10.79.0.62');
    expect(await page.getAttribute('#inv thead th:nth-child(2)', 'aria-sort')).toBe('ascending');
    await page.click('#inv thead th:nth-child(2) button');
    expect(await ipColumn(page)).toEqual([...ascending].reverse());
  });

  it('filters by text and by status', async () => {
    await page.fill('#q', 'amcrest');
    expect(await ipColumn(page)).toEqual(['10.79.0.51']);
    expect(await page.textContent('#shown')).toBe('1');
    await page.fill('#q', '');
    await page.selectOption('#st', 'covered');
    expect((await ipColumn(page)).sort()).toEqual(DEVICES.filter((d) => d.status === 'covered').map((d) => d.ip).sort());
    await page.selectOption('#st', '');
    expect(await ipColumn(page)).toHaveLength(DEVICES.length);
  });

  it('prints on A4 and Letter without the controls', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('.controls')).display")).toBe('none');
    for (const format of ['A4', 'Letter'] as const) {
      const pdf = await page.pdf({ format, printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    }
    await page.emulateMedia({ media: 'screen' });
  });

  it('takes the README screenshot (test/report/report-screenshot.png)', async () => {
    const shot = await browser.newPage({ viewport: { width: 1200, height: 1000 }, deviceScaleFactor: 1 });
    await shot.goto(`file://${file}`);
    mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
    const png = await shot.screenshot({ path: path.join(ROOT, 'test', 'report', 'report-screenshot.png'), fullPage: false });
    expect(png.length).toBeGreaterThan(10_000);
    expect(await pwned(shot)).toBeUndefined();
    await shot.close();
  });
});
