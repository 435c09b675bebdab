import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReportDevice } from '../../src/report/report-device.js';
import { DEVICES, INPUT, INPUT_WITH_TRIAGE, META } from './fixtures.js';
import { render } from './render.js';
import { deviceList } from '../../src/report/device-list.js';

const scripts = (html: string) => [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1] ?? '');
const styles = (html: string) => [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1] ?? '');
const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
/** Every tag name that opens an element, in document order. */
const tags = (html: string) => [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => (m[1] ?? '').toLowerCase());

describe('HTML report', () => {
  it('contains no device markup: one script (ours), no img/iframe/event handlers from device text', async () => {
    const { text } = await render('html', INPUT_WITH_TRIAGE);
    expect(scripts(text)).toHaveLength(1);
    const found = new Set(tags(text));
    for (const bad of ['img', 'iframe', 'object', 'embed', 'link', 'base', 'form', 'meta-refresh']) expect(found.has(bad), bad).toBe(false);
    // Attributes are written by us only: any on…= inside a tag would be device text that escaped.
    for (const tag of text.match(/<[a-zA-Z][^>]*>/g) ?? []) expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(text).not.toContain('<svg/onload');
    expect(text).toContain('&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;');
    expect(text).toContain('&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2');
    expect(text).toContain('&#39; onmouseover=&#39;window.__pwned=3&#39;');
  });

  it('allows by CSP exactly its own script and stylesheet, and nothing from the network', async () => {
    const { text } = await render('html', INPUT);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(text)?.[1]?.replaceAll('&#39;', "'");
    expect(csp).toBeDefined();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${sha(scripts(text)[0] ?? '')}`);
    expect(csp).toContain(`style-src ${sha(styles(text)[0] ?? '')}`);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(text).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
  });

  it('strips controls and bidi overrides and bounds long strings', async () => {
    const { text } = await render('html', INPUT);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).not.toContain('A'.repeat(500));
    expect(text).not.toContain('x'.repeat(500));
  });

  it('shows the header facts, counts, the chart, flagged devices first and then the whole inventory', async () => {
    const { text } = await render('html', INPUT_WITH_TRIAGE);
    expect(text).toContain('Example Federal Services LLC');
    expect(text).toContain('Arlington HQ &lt;b&gt;3rd floor&lt;/b&gt;');
    expect(text).toContain('2026-11-20 09:00 – 2026-11-27 08:05 UTC (12 scans)');
    expect(text).toMatch(/<li class="covered"><b>5<\/b>Covered<\/li>/);
    expect(text).toMatch(/Covered by entity: Dahua 3 · Hikvision 1 · Huawei 1/);
    expect(text).toContain('<svg class="chart"');
    expect(text).toContain('made by Dahua, sold as Amcrest');
    const flagged = text.indexOf('id="flagged"');
    const inventory = text.indexOf('id="inventory"');
    const covered = DEVICES.filter((d) => d.status === 'covered');
    for (const d of covered) {
      const at = text.indexOf(`id="device-${d.id}"`);
      expect(at, `device ${d.id}`).toBeGreaterThan(flagged);
      expect(at).toBeLessThan(inventory);
    }
    expect(text.match(/<tr data-status=/g)).toHaveLength(DEVICES.length);
    expect(text).toContain('DS-2CD2143G2-I20231101AAWRJ12345678');
    expect(text).toContain('MAC prefix 58:50:ED is registered to Hangzhou Hikvision');
  });

  it('shows triage and changes when given, and says so when not', async () => {
    const withTriage = (await render('html', INPUT_WITH_TRIAGE)).text;
    expect(withTriage).toContain('Acknowledged (J. Doe, 2026-11-21)');
    expect(withTriage).toContain('Open (waiver expired 2026-06-30)');
    expect(withTriage).toContain('Isolated on VLAN 99');
    expect(withTriage).toMatch(/<td>new<\/td>/);
    const without = (await render('html', INPUT)).text;
    expect(without).toContain('no triage recorded');
    expect(without).toContain('No change tracking recorded');
  });

  it('says so when nothing is flagged', async () => {
    const clear = DEVICES.filter((d) => d.status !== 'covered');
    const { text } = await render('html', { meta: META, devices: deviceList(clear) });
    expect(text).toContain('No covered equipment was found');
  });

  it('streams: a big inventory arrives in bounded chunks, not one string', async () => {
    const many: ReportDevice[] = Array.from({ length: 3000 }, (_, i) => ({ ...DEVICES[i % DEVICES.length]!, id: i + 1 }));
    const r = await render('html', { meta: META, devices: deviceList(many) });
    expect(r.chunks).toBeGreaterThan(10);
    expect(r.largestChunk).toBeLessThan(r.text.length / 5);
  });
});
