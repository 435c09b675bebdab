/** Headless Chromium for the report tests: Debian's /usr/bin/chromium driven by playwright-core. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface Watch {
  /** Dialogs (alert/confirm/prompt) that opened: an injected script ran. */
  readonly dialogs: string[];
  /** Requests other than the report file itself: the report loaded something. */
  readonly requests: string[];
  readonly errors: string[];
}

/** Opens a report file, recording dialogs, outside requests and page errors. */
export async function openReport(browser: Browser, file: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; watch: Watch }> {
  const page = await browser.newPage({ viewport });
  const watch: Watch = { dialogs: [], requests: [], errors: [] };
  page.on('dialog', (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  const url = `file://${file}`;
  page.on('request', (r) => {
    if (r.url() !== url) watch.requests.push(r.url());
  });
  page.on('pageerror', (e) => watch.errors.push(e.message));
  await page.goto(url, { waitUntil: 'load' });
  return { page, watch };
}

/** Whether any script a device smuggled in ran (the hostile fixtures set window.__pwned). */
export function pwned(page: Page): Promise<unknown> {
  // A string expression: the test project has no DOM typings.
  return page.evaluate<unknown>('window.__pwned');
}
