/**
 * Recall (#11), round 3: covered devices the generalizing readings missed or cleared, each from a
 * cited public string (oui/families.json, oui/mentions.json hold the sources), with the look-alikes
 * that must stay clear.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';

const at = '2026-12-05T07:00:00.000Z';
const o = (kind: ObservationKind, value: string): Observation => ({ ip: '10.0.0.9', kind, value, port: 80, source: 'test', at });
const noMac = { lookup: () => null };
const verdict = (...facts: ReadonlyArray<readonly [ObservationKind, string]>) => identify(facts.map(([kind, value]) => o(kind, value)), noMac);

describe('ZTE MC-series 5G/LTE CPE model numbers', () => {
  it.each([
    ['upnp.model', 'MC801A', 'MC801A'],
    ['upnp.model', 'MC801A1', 'MC801A1'],
    ['http.title', 'MC7010', 'MC7010'],
    ['upnp.model', 'MC7010D', 'MC7010D'],
    ['upnp.model', 'MC7010CA', 'MC7010CA'],
    ['http.title', 'MC888B', 'MC888B'],
    ['upnp.model', 'MC888 Ultra', 'MC888'],
    ['upnp.model', 'MC889A Pro', 'MC889A'],
  ] as const)('%s %s alone goes to review for ZTE with model %s, as the MF series does', (kind, value, model) => {
    expect(verdict([kind, value])).toMatchObject({ status: 'review', covered: 'zte', model });
  });

  it('with a second agreeing voice (the ZTE Web Server header) an MC888 flags ZTE', () => {
    expect(verdict(['upnp.model', 'MC888'], ['http.server', 'ZTE Web Server/1.0.0'])).toMatchObject({ status: 'covered', covered: 'zte', model: 'MC888' });
  });

  it.each([
    ['upnp.model', 'MC7455'],
    ['upnp.model', 'MC7304'],
    ['http.title', 'MC7710'],
    ['http.title', 'Sierra Wireless MC7455'],
    ['upnp.model', 'MC8888'],
  ] as const)('Sierra Wireless modules and look-alikes stay clear: %s %s', (kind, value) => {
    expect(verdict([kind, value]).status).toBe('clear');
  });
});

describe('"<maker> Mobile WiFi" is a self-description', () => {
  it.each(['HUAWEI Mobile WiFi', 'HUAWEI 4G Mobile WiFi 5'])('%s as a page title flags Huawei', (title) => {
    expect(verdict(['http.title', title])).toMatchObject({ status: 'covered', covered: 'huawei' });
  });

  it('a router page that uses a Huawei Mobile WiFi as its uplink (a page body) is review at most', () => {
    expect(verdict(['http.body', 'Main router - internet via Huawei Mobile WiFi']).status).not.toBe('covered');
  });
});

describe('eSpace: Huawei software is a note, Huawei eSpace hardware is Huawei equipment', () => {
  it.each([
    ['http.title', 'Huawei eSpace 7910', 'eSpace 7910'],
    ['http.title', 'eSpace 7950', 'eSpace 7950'],
    ['snmp.sysdescr', 'eSpace U1960', 'eSpace U1960'],
    ['http.title', 'HUAWEI eSpace U1981', 'eSpace U1981'],
  ] as const)('%s %s flags Huawei with its model', (kind, value, model) => {
    expect(verdict([kind, value])).toMatchObject({ status: 'covered', covered: 'huawei', model });
  });

  it.each(['Huawei eSpace Mobile', 'Huawei eSpace Desktop', 'eSpace UC V200R003'])('%s (client or server software) stays clear', (title) => {
    expect(verdict(['http.title', title]).status).toBe('clear');
  });
});
