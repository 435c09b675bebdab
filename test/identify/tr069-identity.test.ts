/**
 * A serial that is a TR-069 (CWMP) device identity names its maker by the OUI it begins with, and a
 * realm that is nothing but a MAC states the device's MAC (stated-mac.ts). TR-069 Amendment 6
 * §3.4.4 and A.3.3.1 (DeviceIdStruct): the identity is OUI-SerialNumber or
 * OUI-ProductClass-SerialNumber, the OUI being the maker's six upper-case hex digits. The OUIs
 * below are the IEEE registry's MA-L blocks of Huawei (00:E0:FC, 00:1E:10), ZTE (00:19:C6),
 * Thomson Telecom Belgium (00:0E:50) and NETGEAR (A0:21:B7), as the shipped registry copy lists them.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { macObs, matcherFrom, noRules, obs } from './observations.js';

const RANDOMIZED = '02:11:22:33:44:55';
const DELL = '00:14:22:01:23:45';
/** Hikvision's RTSP and ISAPI realm is its MAC (bluenviron/gortsplib@dbfc058f0c68 pkg/headers/authenticate_test.go: realm="4419b63f5e51", 44:19:B6 Hikvision). */
const HIKVISION_REALM = 'Digest realm="4419b63f5e51", nonce="8b84a3b789283a8bea8da7fa7d41f08b", stale="FALSE"';

const stated = (v: ReturnType<typeof identify>) => v.evidence.find((e) => e.rule === 'oui.stated');

describe('a TR-069 device identity in a serial', () => {
  it('names Huawei and ZTE by the OUI of an identity in a UPnP or ENTITY-MIB serial, with or without a product class', () => {
    for (const [kind, value, covered] of [
      ['upnp.serial', '00E0FC-HG8546M-21530369847SKA123456', 'huawei'],
      ['snmp.entity.serial', '001E10-2102311QWH10K8000123', 'huawei'],
      ['upnp.serial', '0019C6-ZXHNF660-ZTEGC8A0B1C2', 'zte'],
      ['upnp.serial', '0019C6-ZTEEQFT7B12345', 'zte'],
    ] as const) {
      const v = identify([macObs(RANDOMIZED), obs(kind, value)], { matcher: noRules });
      expect(v, value).toMatchObject({ status: 'covered', covered });
      expect(stated(v)?.says, value).toContain('TR-069 device identity');
      expect(stated(v)?.says, value).not.toMatch(/00:00:00/);
    }
  });

  it('sends an identity whose OUI is six decimal digits to review only: such a prefix is as often a date (080205: 8 February 2005, or Huawei\'s 08:02:05)', () => {
    const v = identify([macObs(RANDOMIZED), obs('upnp.serial', '080205-000123A')], { matcher: noRules });
    expect(v).toMatchObject({ status: 'review', covered: 'huawei' });
    expect(stated(v)?.says).toContain('review at most');
  });

  it('prefers an identity that may flag to an equally sure one capped at review, in any order', () => {
    // 00:04:18 (Hytera) sorts before 00:E0:FC (Huawei): without the preference the capped one would speak.
    const set = [macObs(RANDOMIZED), obs('upnp.serial', '000418-000123A'), obs('snmp.entity.serial', '00E0FC-HG8546M-21530369847SKA')];
    const v = identify(set, { matcher: noRules });
    expect(v).toMatchObject({ status: 'covered', covered: 'huawei' });
    expect(stated(v)?.kind).toBe('snmp.entity.serial');
    expect(JSON.stringify(identify([set[2]!, set[0]!, set[1]!], { matcher: noRules }))).toBe(JSON.stringify(v));
  });

  it('reads the identity in a serial another rule captured (a SADP or DHIP reply, a page)', () => {
    const body = obs('http.body', '<serialNumber>00E0FC-EG8145V5-48575443A1B2C3D4</serialNumber>');
    const matcher = matcherFrom([
      ['http.body', body.value, { rule: 'http.body.test.serial', certainty: 0, voice: 'label', vendor: null, entity: null, serial: '00E0FC-EG8145V5-48575443A1B2C3D4' }],
    ]);
    const v = identify([macObs(RANDOMIZED), body], { matcher });
    expect(v).toMatchObject({ status: 'covered', covered: 'huawei' });
    expect(stated(v)?.kind).toBe('http.body');
  });

  it('names other makers, not covered: Thomson and NETGEAR identities stay clear', () => {
    for (const value of ['000E50-TG789vac-CP1234SA0AB', 'A021B7-R7000-4JP1234AB5678']) {
      const v = identify([macObs(RANDOMIZED), obs('upnp.serial', value)], { matcher: noRules });
      expect(v.status, value).toBe('clear');
      expect(stated(v), value).toBeDefined();
    }
  });

  it('reads nothing from serials of another shape: short tails, lower case, no hyphen, an IEEE-split or unknown block, a local or multicast OUI', () => {
    for (const value of [
      '804329-001', // an HPE part number: a three-character tail
      '00e0fc-hg8546m-21530369847', // lower-case hex: A.3.3.1 writes the OUI upper-case
      '00E0FC21530369847SKA', // no hyphen
      '70B3D5-ABCDEF123456', // 70:B3:D5 is split into MA-S blocks: the OUI names no one holder
      '02E0FC-HG8546M-21530369847', // locally administered
      '01E0FC-HG8546M-21530369847', // multicast
      '00E0FC-HG8546M-2153036984 7', // a space in the serial
      'HWTC61DE3C1A',
      'x00E0FC-HG8546M-21530369847',
    ]) {
      const v = identify([macObs(RANDOMIZED), obs('upnp.serial', value)], { matcher: noRules });
      expect(stated(v), value).toBeUndefined();
      expect(v.status, value).toBe('clear');
    }
  });

  it('does not read identities outside serial kinds (a host name, a model)', () => {
    for (const kind of ['hostname', 'upnp.model', 'http.title'] as const) {
      const v = identify([macObs(RANDOMIZED), obs(kind, '00E0FC-HG8546M-21530369847SKA')], { matcher: noRules });
      expect(stated(v), kind).toBeUndefined();
    }
  });

  it('adds nothing when the device\'s own MAC names the same registrant', () => {
    const own = identify([macObs('00:e0:fc:12:34:56')], { matcher: noRules });
    const both = identify([macObs('00:e0:fc:12:34:56'), obs('upnp.serial', '00E0FC-HG8546M-21530369847SKA')], { matcher: noRules });
    expect(stated(both)).toBeUndefined();
    expect(both.confidence).toBe(own.confidence);
  });

  it('speaks once per device, whichever of several identities and MACs arrives first', () => {
    const set = [
      macObs(DELL),
      obs('upnp.serial', '0019C6-ZXHNF660-ZTEGC8A0B1C2'),
      obs('snmp.entity.serial', '00E0FC-HG8546M-21530369847SKA', { port: 161 }),
      obs('rtsp.realm', HIKVISION_REALM, { port: 554 }),
    ];
    const first = JSON.stringify(identify(set, { matcher: noRules }));
    expect(JSON.parse(first).evidence.filter((e: { rule: string }) => e.rule === 'oui.stated')).toHaveLength(1);
    for (const order of [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1], [0, 2, 3, 1]]) {
      expect(JSON.stringify(identify(order.map((i) => set[i]!), { matcher: noRules }))).toBe(first);
    }
  });
});

describe('a realm that is a MAC', () => {
  it('flags a Hikvision camera behind a randomized MAC by its RTSP or HTTP realm, whole header or realm alone', () => {
    for (const [kind, value] of [
      ['rtsp.realm', HIKVISION_REALM],
      ['http.realm', 'Basic realm="4419b63f5e51"'],
      ['rtsp.realm', '44:19:B6:3F:5E:51'],
    ] as const) {
      const v = identify([macObs(RANDOMIZED), obs(kind, value)], { matcher: noRules });
      expect(v, value).toMatchObject({ status: 'covered', covered: 'hikvision' });
      expect(stated(v)?.says, value).toContain('44:19:b6:3f:5e:51');
    }
  });

  it('sends a realm of twelve decimal digits to review only: it may be a number (a serial, a date and time)', () => {
    const v = identify([macObs(RANDOMIZED), obs('rtsp.realm', 'Digest realm="080205123456"')], { matcher: noRules });
    expect(v).toMatchObject({ status: 'review', covered: 'huawei' });
  });

  it('adds nothing when the realm is the MAC the device answers from', () => {
    const own = identify([macObs('44:19:b6:3f:5e:51')], { matcher: noRules });
    const v = identify([macObs('44:19:b6:3f:5e:51'), obs('rtsp.realm', HIKVISION_REALM)], { matcher: noRules });
    expect(stated(v)).toBeUndefined();
    expect(v.confidence).toBe(own.confidence);
  });

  it('reads no MAC from realms that only contain one or are other hex', () => {
    for (const value of [
      'Digest realm="Login to 4419b63f5e51"', // more than a MAC: another rule's business
      'Digest realm="4419b63f5e5"', // eleven digits
      'Digest realm="4419b63f5e5100"', // fourteen
      'Digest realm="000000000000"',
      'Digest realm="4619b63f5e51"', // locally administered
      'Digest realm="IP Camera(C2183)"',
    ]) {
      const v = identify([macObs(RANDOMIZED), obs('rtsp.realm', value)], { matcher: noRules });
      expect(stated(v), value).toBeUndefined();
      expect(v.status, value).toBe('clear');
    }
  });
});
