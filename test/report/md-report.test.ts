import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { DEVICES, INPUT, INPUT_WITH_TRIAGE } from './fixtures.js';
import { render } from './render.js';

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('Markdown report', () => {
  it('has no control or bidi characters', async () => {
    const { text } = await render('md', INPUT_WITH_TRIAGE);
    expect(text).not.toMatch(CONTROL);
  });

  it('renders (GFM) without any link, image, HTML element or code that came from a device', async () => {
    const { text } = await render('md', INPUT_WITH_TRIAGE);
    const html = marked.parse(text, { gfm: true, async: false });
    expect(html).not.toMatch(/<(a|img|script|svg|iframe|b|code|pre|del|hr)\b/i);
    expect(html).toContain('&lt;script&gt;window.__pwned=1');
    expect(html).toContain('[click](http://evil.example)');
  });

  it('keeps the inventory a table of ten columns, one row per device', async () => {
    const { text } = await render('md', INPUT);
    const tables = marked.lexer(text).filter((t) => t.type === 'table');
    const inventory = tables.find((t) => t.type === 'table' && t.header.length === 10);
    expect(inventory?.type === 'table' && inventory.rows.length).toBe(DEVICES.length);
    if (inventory?.type === 'table') for (const r of inventory.rows) expect(r).toHaveLength(10);
  });

  it('lists the flagged devices first with maker, brand, model, serial, addresses, dates, triage and evidence', async () => {
    const { text } = await render('md', INPUT_WITH_TRIAGE);
    expect(text.indexOf('## Flagged devices (5)')).toBeLessThan(text.indexOf('## Inventory'));
    expect(text).toContain('- **Maker:** made by Dahua, sold as Amcrest');
    expect(text).toContain('- **Serial:** DS-2CD2143G2-I20231101AAWRJ12345678');
    expect(text).toContain('- **IP / MAC:** 10.79.0.50 / 58:50:ed:1f:e3:85');
    expect(text).toContain('Acknowledged \\(J. Doe, 2026-11-21\\); note: Isolated on VLAN 99');
    expect(text).toContain('MAC prefix 58:50:ED is registered to Hangzhou Hikvision');
    expect(text).toContain('**changed**');
    const plain = (await render('md', INPUT)).text;
    expect(plain).toContain('no triage recorded');
    expect(plain).toContain('No change tracking recorded');
  });
});
