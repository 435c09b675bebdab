/** Issue #12: every report shows a device's name and location, device text escaped as each format escapes the rest. */
import { parse } from 'csv-parse/sync';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { CSV_CELL_MAX } from '../../src/report/csv-report.js';
import { plainText } from '../../src/util/safe-text.js';
import { HIK, HOSTILE, HOSTILE_COVERED, HOSTILE_OTHERS, INPUT, INPUT_WITH_TRIAGE } from './fixtures.js';
import { render } from './render.js';

const RAW_CONTROL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
const FORMULA = HOSTILE_OTHERS[0]!;
const HIK_LINE = 'core-sw (10.79.0.2) Gi1/0/5 "Lobby camera" VLAN 20, high confidence';

describe('names and locations in reports', () => {
  it('JSON: name and location fields, the same strings to a parser, no raw control or bidi character', async () => {
    const { text } = await render('json', INPUT);
    expect(text).not.toMatch(RAW_CONTROL);
    const json = JSON.parse(text) as { devices: { id: number; name: unknown; location: unknown }[] };
    const byId = new Map(json.devices.map((d) => [d.id, d]));
    expect(byId.get(1)).toMatchObject({ name: 'lobby-cam-1', location: { switchName: 'core-sw', switchAddress: '10.79.0.2', port: 'Gi1/0/5', portAlias: 'Lobby camera', vlan: 20, confidence: 'high' } });
    expect(byId.get(3)).toMatchObject({ name: HOSTILE_COVERED.name, location: HOSTILE_COVERED.location });
    expect(byId.get(5)).toMatchObject({ name: null, location: null });
  });

  it('CSV: a name column and a column per location part, inert and formula-guarded', async () => {
    const rows = parse((await render('csv', INPUT)).text, { columns: true }) as Record<string, string>[];
    const expected = (v: string) => {
      const shown = plainText(v, CSV_CELL_MAX);
      return /^[=+\-@\t\r]/.test(shown) ? `'${shown}` : shown;
    };
    const hik = rows.find((r) => r.ip === HIK.ip);
    expect(hik).toMatchObject({ name: 'lobby-cam-1', location_switch: 'core-sw', location_switch_address: '10.79.0.2', location_port: 'Gi1/0/5', location_port_alias: 'Lobby camera', location_vlan: '20', location_confidence: 'high' });
    for (const d of [HOSTILE_COVERED, FORMULA]) {
      const row = rows.find((r) => r.ip === d.ip);
      expect(row?.name).toBe(expected(d.name!));
      expect(row?.location_switch).toBe(expected(d.location!.switchName));
      expect(row?.location_port).toBe(expected(d.location!.port));
      expect(row?.location_port_alias).toBe(expected(d.location!.portAlias));
    }
    const formula = rows.find((r) => r.ip === FORMULA.ip);
    expect(formula).toMatchObject({ name: `'${HOSTILE.hyperlink}`, location_switch: `'${HOSTILE.plusCmd}`, location_port: `'${HOSTILE.at}`, location_port_alias: `'${HOSTILE.minus}`, location_vlan: '', location_confidence: 'low' });
    expect(rows.find((r) => r.ip === '10.79.0.61')).toMatchObject({ name: '', location_switch: '', location_confidence: '' });
  });

  it('HTML: name and location in the inventory row and the flagged card, escaped', async () => {
    const { text } = await render('html', INPUT);
    const row = (ip: string) => text.split('\n').find((l) => l.startsWith('<tr data-status') && l.includes(`>${ip}<`)) ?? '';
    expect(row(HIK.ip)).toContain('<td>lobby-cam-1</td><td>core-sw Gi1/0/5 VLAN 20</td>');
    expect(row(FORMULA.ip)).toContain(`${HOSTILE.plusCmd.replaceAll("'", '&#39;')} ${HOSTILE.at} (low)`);
    const card = text.slice(text.indexOf('id="device-1"'), text.indexOf('</article>', text.indexOf('id="device-1"')));
    expect(card).toContain('<dt>Name</dt><dd>lobby-cam-1</dd>');
    expect(card).toContain(`<dt>Location</dt><dd>${HIK_LINE.replaceAll('"', '&quot;')}</dd>`);
    // The hostile switch name is text, never an element; its bidi name and ANSI port are inert.
    expect(text.match(/<script\b/g)).toHaveLength(1);
    expect(row(HOSTILE_COVERED.ip)).toContain('<td>evil?gnp.exe?iso?</td><td>&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt; ?[2J?[31mRED?[0m?]0;title? VLAN 30 (medium)</td>');
    expect(text).not.toMatch(RAW_CONTROL);
  });

  it('Markdown: Name and Location columns and lines, nothing from a device becomes a link, HTML or code', async () => {
    const { text } = await render('md', INPUT_WITH_TRIAGE);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('| lobby-cam-1 | core-sw Gi1/0/5 VLAN 20 |');
    expect(text).toContain(`- **Name:** lobby-cam-1\n- **Location:** ${HIK_LINE.replace('(10.79.0.2)', '\\(10.79.0.2\\)')}`);
    const html = marked.parse(text, { gfm: true, async: false });
    expect(html).not.toMatch(/<(a|img|script|svg|iframe|b|code|pre|del|hr)\b/i);
  });

  for (const format of ['far-md', 'far-html'] as const) {
    it(`${format}: each item says where it is (name and switch port), or how to find it when unknown`, async () => {
      const { text } = await render(format, INPUT);
      const plain = format === 'far-md' ? text.replaceAll('\\', '') : text.replaceAll('&quot;', '"');
      expect(plain).toContain(`named lobby-cam-1; plugged into ${HIK_LINE}`);
      expect(plain).toContain('no name known and no switch placed it');
      expect(text).not.toMatch(RAW_CONTROL);
      if (format === 'far-html') expect(text).not.toMatch(/<script\b/);
    });
  }

  it('CycloneDX: lanaudit:name and lanaudit:location:* properties, controls as \\u escapes', async () => {
    const { text } = await render('cyclonedx', INPUT);
    expect(text).not.toMatch(RAW_CONTROL);
    const bom = JSON.parse(text) as { components: { properties: { name: string; value: string }[] }[] };
    const props = (ip: string) => {
      const c = bom.components.find((x) => x.properties.some((p) => p.name === 'lanaudit:ip' && p.value === ip));
      return Object.fromEntries((c?.properties ?? []).filter((p) => /^lanaudit:(name|location:)/.test(p.name)).map((p) => [p.name, p.value]));
    };
    expect(props(HIK.ip)).toEqual({
      'lanaudit:name': 'lobby-cam-1',
      'lanaudit:location:switch': 'core-sw',
      'lanaudit:location:switchAddress': '10.79.0.2',
      'lanaudit:location:port': 'Gi1/0/5',
      'lanaudit:location:portAlias': 'Lobby camera',
      'lanaudit:location:vlan': '20',
      'lanaudit:location:confidence': 'high',
    });
    expect(props(HOSTILE_COVERED.ip)['lanaudit:name']).toBe(HOSTILE.rtl);
    expect(props('10.79.0.61')).toEqual({});
  });
});
