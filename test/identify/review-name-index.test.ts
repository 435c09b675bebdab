// Review of #11 (5 Dec): in a name someone chose (host name, sysName, mDNS instance), letters and
// one or two digits after the maker are a role and its index, the way hosts are numbered ("cam01",
// "sw1", "lab2", "vm1"), not a model number (mentions.json modelShape name-index). The product
// template read them as one and flagged: "huawei-vm1" (a virtual machine running Huawei's software)
// flagged Huawei with model VM1, while "hikvision-camera" and "dahua-nvr-proxy" stay bare (review).
// Model numbers in names still flag with their model; the same token in a page title is untouched.
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { ObservationKind } from '../../src/observations/observation.js';
import { noMac, obs } from './observations.js';

describe('a role and its index after the maker in a name', () => {
  const names: Array<readonly [ObservationKind, string]> = [
    ['hostname', 'hikvision-cam1'],
    ['hostname', 'dahua-nvr01'],
    ['hostname', 'huawei-vm1'],
    ['hostname', 'zte-lab2'],
    ['hostname', 'HUAWEI-SW1'],
    ['hostname', 'Hikvision-CAM01'],
    ['hostname', 'dahua_nvr-01'],
    ['snmp.sysname', 'huawei-ap01'],
    ['mdns.instance', 'Hikvision CAM2'],
  ];
  for (const [kind, value] of names) {
    it(`${kind} ${value}: review with no model, never covered`, () => {
      const v = identify([obs(kind, value)], noMac);
      expect(v.status).toBe('review');
      expect(v.model).toBeNull();
    });
  }

  it('model numbers in names still flag with their model', () => {
    for (const [value, model] of [
      ['HUAWEI-B535-232', 'B535-232'],
      ['huawei-b535-232', 'B535-232'],
      ['ZTE-F660', 'F660'],
    ] as const) {
      expect(identify([obs('hostname', value)], noMac), value).toMatchObject({ status: 'covered', model });
    }
  });

  it('outside names the rule does not apply (a page title is the firmware naming itself)', () => {
    expect(identify([obs('http.title', 'HUAWEI SW1')], noMac).model).toBe('SW1');
  });

  it('the same set in any order gives the same verdict bytes', () => {
    const set = [obs('hostname', 'hikvision-cam1'), obs('snmp.sysname', 'huawei-ap01'), obs('http.title', 'Login')];
    const bytes = [set, [...set].reverse(), [set[1]!, set[2]!, set[0]!]].map((s) => JSON.stringify(identify(s, noMac)));
    expect(new Set(bytes).size).toBe(1);
  });
});
