/**
 * Every report format from a real scan of the lab's `hostile` profile (27 devices whose names,
 * banners and replies carry script, formula, ANSI, CR/LF/NUL and RTL attacks; two honest covered
 * cameras among them), and the HTML report opened in headless Chromium.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { marked } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ensureBuilt, lanauditCommand } from '../helpers/cli.js';
import { labAvailable, upLab, type Lab } from '../lab/lab.js';
import { chromiumAvailable, launchChromium, openReport, pwned } from './browser.js';
import { cycloneDx16Validator } from './cyclonedx-schema.js';

const available = labAvailable();
if (!available.ok) console.warn(`skipping the lab report tests: ${available.why}`);

const COVERED_IPS = ['10.79.0.81', '10.79.0.82'];

describe.skipIf(!available.ok)('reports from a scan of the hostile lab profile', () => {
  let lab: Lab | undefined;
  let dir: string;
  let db: string;
  const file = (name: string) => path.join(dir, name);
  const report = (...args: string[]) => main(['node', 'lanaudit', '--db', db, 'report', '--org', 'Lab <Org>', '--contract', 'LAB-1', ...args]);

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'lanaudit-report-lab-'));
    db = file('lab.db');
    lab = await upLab('hostile', { id: 'rephostile' });
    const scan = await lab.exec(lanauditCommand('scan', '10.79.0.0/24', '--exclude', '10.79.0.2', '--engine', 'native', '--probe-timeout', '1500', '--db', db, '--json'), { timeoutMs: 240_000 });
    if (scan.code !== 0) throw new Error(`lab scan failed (${scan.code}): ${scan.stderr.slice(-2000)}`);
  }, 300_000);
  afterAll(async () => {
    await lab?.down();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes every format', async () => {
    for (const [format, name] of [['json', 'r.json'], ['csv', 'r.csv'], ['html', 'r.html'], ['md', 'r.md'], ['far', 'far.md'], ['far-html', 'far.html'], ['cyclonedx', 'bom.json']] as const)
      expect(await report('--format', format, '-o', file(name)), format).toBe(0);
    const json = JSON.parse(readFileSync(file('r.json'), 'utf8')) as { devices: { ip: string; status: string }[] };
    expect(json.devices.length).toBeGreaterThan(20);
    for (const ip of COVERED_IPS) expect(json.devices.find((d) => d.ip === ip)?.status, ip).toBe('covered');
  });

  it('CSV: no cell a spreadsheet would execute', () => {
    const rows = parse(readFileSync(file('r.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(20);
    for (const cell of rows.flatMap((r) => Object.values(r))) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('Markdown and FAR Markdown: no control characters, no links or HTML from devices', () => {
    for (const name of ['r.md', 'far.md']) {
      const text = readFileSync(file(name), 'utf8');
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      const html = marked.parse(text, { gfm: true, async: false });
      expect(html).not.toMatch(/<(img|script|svg|iframe)\b/i);
      for (const m of html.matchAll(/<a href="([^"]*)"/g)) expect(m[1]).toBe('https://dibnet.dod.mil');
    }
    const far = readFileSync(file('far.md'), 'utf8');
    for (const ip of COVERED_IPS) expect(far).toContain(ip);
  });

  it('CycloneDX validates against the 1.6 schema', () => {
    const validate = cycloneDx16Validator();
    expect(validate(JSON.parse(readFileSync(file('bom.json'), 'utf8'))), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it.skipIf(!chromiumAvailable)('HTML and FAR HTML in Chromium: nothing injected runs or loads; the covered cameras are flagged', async () => {
    const browser = await launchChromium();
    try {
      for (const name of ['r.html', 'far.html']) {
        const { page, watch } = await openReport(browser, file(name));
        await page.mouse.move(200, 200);
        expect(await pwned(page)).toBeUndefined();
        expect(watch.dialogs, name).toEqual([]);
        expect(watch.requests, name).toEqual([]);
        expect(await page.$$eval('img, iframe', (els) => els.length)).toBe(0);
        if (name === 'r.html') {
          const flagged = (await page.textContent('#flagged')) ?? '';
          for (const ip of COVERED_IPS) expect(flagged).toContain(ip);
        }
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});
