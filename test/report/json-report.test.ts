import { describe, expect, it } from 'vitest';
import { DEVICES, INPUT, INPUT_WITH_TRIAGE, META } from './fixtures.js';
import { render } from './render.js';
import { deviceList } from '../../src/report/device-list.js';

describe('JSON report', () => {
  it('keeps the documented shape (README "JSON report"), version 1, devices complete and unescaped', async () => {
    const json = JSON.parse((await render('json', INPUT)).text) as Record<string, unknown> & { devices: Record<string, unknown>[] };
    expect(Object.keys(json)).toEqual(['schema', 'version', 'generatedAt', 'tool', 'flaggedOnly', 'context', 'summary', 'devices']);
    expect(json).toMatchObject({ schema: 'lanaudit.report', version: 1, generatedAt: META.generatedAt, flaggedOnly: false });
    expect(json.summary).toEqual({ devices: 8, covered: 5, review: 1, clear: 1, unidentified: 1, byEntity: { hikvision: 1, dahua: 3, huawei: 1 } });
    expect(json.devices).toEqual(JSON.parse(JSON.stringify(DEVICES)));
    expect(json.devices[0]).not.toHaveProperty('triage');
    expect(json).not.toHaveProperty('changes');
  });

  it('adds triage per device and the changes when they are known', async () => {
    const json = JSON.parse((await render('json', INPUT_WITH_TRIAGE)).text) as { devices: { id: number; triage: unknown }[]; changes: unknown[] };
    expect(json.devices.find((d) => d.id === 2)?.triage).toMatchObject({ status: 'acknowledged', by: 'J. Doe' });
    expect(json.devices.find((d) => d.id === 5)?.triage).toBeNull();
    expect(json.changes).toHaveLength(2);
  });

  it('omits context when no metadata is given, and closes an empty list', async () => {
    const json = JSON.parse((await render('json', { meta: { generatedAt: META.generatedAt, tool: META.tool, flaggedOnly: true }, devices: deviceList([]) })).text) as Record<string, unknown>;
    expect(json).not.toHaveProperty('context');
    expect(json.devices).toEqual([]);
  });

  it('writes control and bidi characters (ESC, U+202E) as \\u escapes in the JSON and CycloneDX reports, the same strings to a parser', async () => {
    for (const format of ['json', 'cyclonedx'] as const) {
      const { text } = await render(format, INPUT);
      expect(text, format).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]/);
      expect(text, format).toContain('evil\\u202egnp.exe\\u2066iso\\u2069');
      expect(text, format).toContain('\\u001b[2J');
    }
    const json = JSON.parse((await render('json', INPUT)).text) as { devices: unknown[] };
    expect(json.devices).toEqual(JSON.parse(JSON.stringify(DEVICES)));
  });

  it('Markdown shows them as "?", never raw', async () => {
    const { text } = await render('md', INPUT);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('evil?gnp.exe?iso?');
  });
});
