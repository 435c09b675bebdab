import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { parseDeadline } from '../../src/config/deadline.js';
import { dueAfter } from '../../src/report/deadline.js';
import { resolveFormat } from '../../src/report/formats.js';
import { INPUT, INPUT_WITH_TRIAGE, META } from './fixtures.js';
import { render } from './render.js';

const REQUIRED = ['Contract number', 'Order number(s)', 'Supplier name', 'Supplier unique entity identifier (UEI)', 'Supplier CAGE code', 'Brand', 'Model number', 'Item description', 'Discovery date', 'Mitigation actions'];

describe('FAR 52.204-25(d) report', () => {
  for (const format of ['far-md', 'far-html'] as const) {
    it(`${format}: has every required field with its value`, async () => {
      const { text } = await render(format, INPUT_WITH_TRIAGE);
      const plain = format === 'far-md' ? text.replaceAll('\\', '') : text;
      for (const label of REQUIRED) expect(plain, label).toContain(label);
      for (const value of ['W91QUZ-25-C-0001', 'W91QUZ-25-F-0042', 'Example Federal Services LLC', 'ABCDEFGH1234', '1ABC2', 'Amcrest', 'IP8M-2496EB', 'DS-2CD2143G2-I', '2026-11-20'])
        expect(plain, value).toContain(value);
      expect(plain).toContain('made by Dahua, sold as Amcrest');
      expect(plain).toContain('Isolated on VLAN 99; replacement ordered.');
      expect(plain).toMatch(/Report within (<b>|\*\*)1 business day/);
      expect(plain).toMatch(/Follow-up within 10 business days/);
    });

    it(`${format}: leaves out waived and false-positive devices, keeps expired waivers`, async () => {
      const { text } = await render(format, INPUT_WITH_TRIAGE);
      expect(text).toContain('10.79.0.51');
      expect(text).toContain('10.79.0.50'); // waiver expired on 2026-06-30
      expect(text).not.toContain('10.79.0.9'); // waiver until 2027
      expect(text).not.toContain('10.79.0.10'); // false positive
      expect(text).not.toContain('10.79.0.61'); // clear device
      expect(text).toMatch(/3 items to report\. 2 covered device\(s\) excluded/);
    });

    it(`${format}: without triage includes every covered device and says mitigation is not recorded`, async () => {
      const { text } = await render(format, INPUT);
      for (const ip of ['10.79.0.9', '10.79.0.10', '10.79.0.50', '10.79.0.51', '10.79.0.52']) expect(text).toContain(ip);
      expect(text).toContain('No triage recorded');
      expect(text).toContain('none recorded yet');
    });

    it(`${format}: clause and deadlines come from settings (FAR overhaul: one 72-hour report)`, async () => {
      const meta = { ...META, far: { clause: '52.240-91(d)', initial: { amount: 72, unit: 'hours' as const }, followUp: null } };
      const { text } = await render(format, { meta, devices: INPUT.devices });
      expect(text).toContain('52.240-91');
      expect(text).not.toContain('52.204-25');
      expect(text).toContain('72 hours');
      expect(text).toContain('single report: no follow-up section');
    });
  }

  it('far-md renders without device links or HTML; the only link is DIBNET', async () => {
    const html = marked.parse((await render('far-md', INPUT_WITH_TRIAGE)).text, { gfm: true, async: false });
    expect(html).not.toMatch(/<(img|script|svg|b)\b/i);
    expect([...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1])).toEqual(['https://dibnet.dod.mil']);
  });

  it('far-html runs no script and loads nothing', async () => {
    const { text } = await render('far-html', INPUT_WITH_TRIAGE);
    expect(text).not.toMatch(/<script|<img|<link|<iframe/i);
    expect(text).toMatch(/Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-/);
    expect(text).toContain('&lt;script&gt;window.__pwned=1');
  });

  it('--format far picks HTML for .html outputs, Markdown otherwise', () => {
    expect(resolveFormat('far', 'x.html')).toBe('far-html');
    expect(resolveFormat('far', 'x.HTM')).toBe('far-html');
    expect(resolveFormat('far', 'x.md')).toBe('far-md');
    expect(resolveFormat('far', undefined)).toBe('far-md');
  });
});

describe('deadlines', () => {
  it('parses 1bd, 10bd, 72h, 30d and refuses the rest', () => {
    expect(parseDeadline('1bd')).toEqual({ amount: 1, unit: 'business-days' });
    expect(parseDeadline('72h')).toEqual({ amount: 72, unit: 'hours' });
    expect(parseDeadline('30D')).toEqual({ amount: 30, unit: 'days' });
    for (const bad of ['', 'bd', '1 week', '-1bd', '1.5h']) expect(parseDeadline(bad)).toBeNull();
  });

  it('counts business days over weekends', () => {
    expect(dueAfter('2026-11-27T10:00:00.000Z', { amount: 1, unit: 'business-days' })).toBe('2026-11-30T10:00:00.000Z'); // Fri → Mon
    expect(dueAfter('2026-11-30T10:00:00.000Z', { amount: 10, unit: 'business-days' })).toBe('2026-12-14T10:00:00.000Z');
    expect(dueAfter('2026-11-28T10:00:00.000Z', { amount: 72, unit: 'hours' })).toBe('2026-12-01T10:00:00.000Z');
  });
});
