// A maker's name followed by a token is read as "maker and model" (mentions.json product,
// title-product) only when the token has the shape of a model number (mentions.json modelShape):
// Huawei's routers and phones name their Wi-Fi and host HUAWEI-XXXX with a random hex suffix, a
// DHCP client may append a MAC fragment, and a user may write a word after the maker. None of those
// is a model: the verdict's model (the FAR 52.204-25(d) report's "Model number") stays empty and the
// mention is a bare one (review), while real maker-and-model names still fill it (issue #11).
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { ObservationKind } from '../../src/observations/observation.js';
import { noMac, obs, verdictOf } from './observations.js';

describe('a token after the maker that is no model number', () => {
  const notModels: Array<readonly [ObservationKind, string]> = [
    ['hostname', 'HUAWEI-abc123'], // a random suffix in lower case
    ['hostname', 'HUAWEI-A1B2C3'], // a MAC fragment
    ['hostname', 'HUAWEI-ABCD12'], // hex letters then digits: a MAC fragment too
    ['hostname', 'HUAWEI-B311-A7F2'], // a model number with a random suffix: all hex, no model to trust
    ['hostname', 'HUAWEI-office2'], // a user's word
    ['hostname', 'Huawei-Kitchen2'],
    ['mdns.instance', 'HUAWEI-abc123'],
    ['snmp.sysname', 'ZTE-C0FFEE1'],
    ['hostname', 'huawei-a1b2c3'],
  ];
  for (const [kind, value] of notModels) {
    it(`${kind} ${value}: no model, and the name alone only reaches review`, () => {
      const v = verdictOf(kind, value);
      expect(v.model).toBeNull();
      expect(v.status).toBe('review');
    });
  }

  it('a page title "HUAWEI abc123" names no model (the title may still flag by mentions.json title-leads, which reads no model)', () => {
    expect(verdictOf('http.title', 'HUAWEI abc123').model).toBeNull();
  });

  it('beside a covered MAC the device still flags, with no invented model', () => {
    const v = identify([obs('mac', '00:e0:fc:12:34:56', { source: 'neigh' }), obs('hostname', 'HUAWEI-A1B2C3')]);
    expect(v).toMatchObject({ status: 'covered', covered: 'huawei', model: null });
  });
});

describe('real model numbers after the maker still fill the model', () => {
  const models: Array<readonly [ObservationKind, string, string]> = [
    ['hostname', 'HUAWEI-B535-232', 'B535-232'],
    ['hostname', 'huawei-b535-232', 'B535-232'],
    ['hostname', 'HUAWEI-E5577', 'E5577'],
    ['hostname', 'CORE--HUAWEI.S5735-L24P4S-A1', 'S5735-L24P4S-A1'],
    ['http.title', 'HUAWEI HG8245H', 'HG8245H'],
    ['http.title', 'ZTE F660', 'F660'],
    ['mdns.instance', 'HIKVISION DS-2CD2722FWD-IZS - 733050075', 'DS-2CD2722FWD-IZS'],
    ['snmp.sysdescr', 'Huawei AR1220 Huawei Versatile Routing Platform Software', 'AR1220'],
  ];
  for (const [kind, value, model] of models) {
    it(`${kind} ${value}: flags with model ${model}`, () => {
      expect(identify([obs(kind, value)], noMac)).toMatchObject({ status: 'covered', model });
    });
  }
});
