/**
 * A device that states its maker in its UPnP description (<manufacturer>) is flagged with that
 * maker's entity when the name is exactly a covered maker's or brand's (issue #11); a look-alike,
 * a "-compatible" label or a relabeler's own name is not.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { readRuleSet } from '../../src/identify/rules/load.js';
import { obs } from './observations.js';

const noMac = { lookup: () => null };
const rules = readRuleSet().ruleSet.rules.filter((r) => r.kind === 'upnp.manufacturer');
const spec = (id: string) => rules.find((r) => r.id === id)!.spec;

describe('UPnP manufacturer names of covered makers', () => {
  it.each([
    ['Hikvision', 'hikvision'],
    ['HIKVISION', 'hikvision'],
    ['EZVIZ', 'hikvision'],
    ['Dahua', 'dahua'],
    ['Zhejiang Dahua Technology Co., Ltd.', 'dahua'],
    ['Imou', 'dahua'],
  ])('"%s" flags %s', (value, entity) => {
    expect(identify([obs('upnp.manufacturer', value)], noMac)).toMatchObject({ status: 'covered', covered: entity });
  });

  it.each(['upnp.manufacturer.hikvision.name', 'upnp.manufacturer.ezviz.name', 'upnp.manufacturer.dahua.name', 'upnp.manufacturer.imou.name'])(
    'no counter-example of %s is flagged',
    (id) => {
      for (const { value } of spec(id).counterExamples) {
        expect(identify([obs('upnp.manufacturer', value)], noMac).status, value).not.toBe('covered');
      }
    },
  );
});
