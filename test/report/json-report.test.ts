import { describe, expect, it } from 'vitest';
import { DEVICES, INPUT, INPUT_WITH_TRIAGE, META } from './fixtures.js';
import { render } from './render.js';

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
    const json = JSON.parse((await render('json', { meta: { generatedAt: META.generatedAt, tool: META.tool, flaggedOnly: true }, devices: [] })).text) as Record<string, unknown>;
    expect(json).not.toHaveProperty('context');
    expect(json.devices).toEqual([]);
  });
});
