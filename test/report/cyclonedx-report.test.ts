import { describe, expect, it } from 'vitest';
import { DEVICES, INPUT, INPUT_WITH_TRIAGE, META } from './fixtures.js';
import { cycloneDx16Validator } from './cyclonedx-schema.js';
import { render } from './render.js';
import { deviceList } from '../../src/report/device-list.js';

interface Component {
  type: string;
  name: string;
  'bom-ref': string;
  manufacturer?: { name: string };
  supplier?: { name: string };
  properties: { name: string; value: string }[];
}

const validate = cycloneDx16Validator();
const prop = (c: Component | undefined, name: string) => c?.properties.filter((p) => p.name === `lanaudit:${name}`).map((p) => p.value);

describe('CycloneDX report', () => {
  it('validates against the official CycloneDX 1.6 JSON schema (hostile devices, triage, empty)', async () => {
    for (const input of [INPUT, INPUT_WITH_TRIAGE, { meta: { generatedAt: META.generatedAt, tool: META.tool, flaggedOnly: true }, devices: deviceList([]) }]) {
      const bom: unknown = JSON.parse((await render('cyclonedx', input)).text);
      const ok = validate(bom);
      expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('the schema check is real: a broken BOM fails it', async () => {
    const bom = JSON.parse((await render('cyclonedx', INPUT)).text) as { components: Component[] };
    (bom.components[0] as unknown as Record<string, unknown>).type = 'camera';
    expect(validate(bom)).toBe(false);
  });

  it('has one device component per device with manufacturer, model, serial, MAC, IP and covered status', async () => {
    const bom = JSON.parse((await render('cyclonedx', INPUT_WITH_TRIAGE)).text) as { specVersion: string; components: Component[] };
    expect(bom.specVersion).toBe('1.6');
    expect(bom.components).toHaveLength(DEVICES.length);
    expect(new Set(bom.components.map((c) => c.type))).toEqual(new Set(['device']));
    const hik = bom.components.find((c) => prop(c, 'ip')?.[0] === '10.79.0.50');
    expect(hik?.manufacturer?.name).toBe('Hangzhou Hikvision Digital Technology Co.,Ltd.');
    expect(hik?.name).toBe('DS-2CD2143G2-I');
    expect(prop(hik, 'mac')).toEqual(['58:50:ed:1f:e3:85']);
    expect(prop(hik, 'status')).toEqual(['covered']);
    expect(prop(hik, 'covered')).toEqual(['hikvision']);
    expect(prop(hik, 'serial')).toEqual(['DS-2CD2143G2-I20231101AAWRJ12345678']);
    expect(prop(hik, 'triage')).toEqual(['open']);
    expect(prop(hik, 'evidence')?.[0]).toContain('58:50:ED is registered to Hangzhou Hikvision');
    const amcrest = bom.components.find((c) => prop(c, 'ip')?.[0] === '10.79.0.51');
    expect(amcrest?.supplier?.name).toBe('Amcrest');
    expect(prop(bom.components.find((c) => prop(c, 'ip')?.[0] === '10.79.0.61'), 'covered')).toEqual(['none']);
  });
});
