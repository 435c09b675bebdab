/**
 * Issue #11, fourth round of serial layouts (5 Dec): Dahua's fifteen-character serial reaches review
 * for Dahua wherever a device states it; Hikvision's model-dated serial is read with a door station's
 * seven-digit unit number and a model with its hardware revision in parentheses, and with an EZVIZ
 * part number as its model part (EZVIZ is Hikvision's brand and keeps Hikvision's layout). Other
 * makers' serials of similar length stay clear. Judged as a scan judges them: identify() on the facts.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';

const fact = (kind: ObservationKind, value: string): Observation => ({ ip: '192.0.2.9', kind, value, source: 'test', at: '2026-12-05T00:00:00Z' });
const noMac = { lookup: () => null };
const verdictOf = (...facts: Observation[]) => identify(facts, noMac);

describe("Dahua's fifteen-character serials reach review for Dahua", () => {
  it.each([
    // Rule examples: rroller/dahua issue #9 (an NVR2X-4KS3's getSystemInfo), Haicam/Haicam golang/discovery.go (an IPC-HDW1431T1-S4's DHIP SerialNo).
    '4F07335PAZEEA9B',
    '6C01E93PAG69A7D',
    // No rule example: getSystemInfo answers of a DH-XVR5216AN-I3, an NVR6XX-4KS2, a DH-NVR608H-128-4KS3/I,
    // an XVR5x04-S2, a DH-NVR5232-4KS3/I and a DHI-VTO2311R-WP door station, quoted in public repositories
    // (found by the code index); and the realm serial of fingerprints.md §5.
    '8E042A0PAZ91103',
    '4C0048DPAJ8F3C9',
    'AJ0C56APAZ4145B',
    '6L00943PAZ627B4',
    'BD04CE2PAJ3B9BF',
    'AD0578CPAJ36130',
    '2J01018PAA00813',
  ])('%s as a UPnP serialNumber and as an ENTITY-MIB serial', (value) => {
    for (const obs of [fact('upnp.serial', value), fact('snmp.entity.serial', value)]) {
      const v = verdictOf(obs);
      expect([v.status, v.covered, v.serial]).toEqual(['review', 'dahua', value]);
    }
  });

  it("beside a Dahua firmware voice the device flags and the verdict keeps the serial (the FAR report's field)", () => {
    const v = verdictOf(fact('upnp.serial', '8E042A0PAZ91103'), fact('rtsp.server', 'Dahua Rtsp Server'));
    expect([v.status, v.covered, v.serial]).toEqual(['covered', 'dahua', '8E042A0PAZ91103']);
  });

  it.each([
    ['ZTEKQNBNC704654', 'zte', "a ZTE F660's device serial (mkst/zte-config-utility issue #142): ZTE's, not Dahua's"],
    ['VQNDW21311001538', 'huawei', 'a Huawei terminal serial (trackIT-Systems/tsOS-vhf issue #3)'],
  ])('%s stays with its own maker (%s): %s', (value, entity) => {
    expect(verdictOf(fact('upnp.serial', value)).covered).toBe(entity);
  });

  it.each([
    ['ND012010178076', 'a Lorex-numbered NVR serial, fourteen characters'],
    ['4F07335ABCEEA9B', 'three hex letters where Dahua writes PA and a letter: a fifteen-digit hex string'],
    ['4FA7335PAZEEA9B', 'a letter in the third place'],
    ['4f07335pazeea9b', 'lower case'],
    ['4F07335PAZEEA9', 'fourteen characters'],
    ['733050075', "Hikvision's nine-digit short serial"],
    ['ACCC8E0A1B2C', "an Axis serial, which is the camera's MAC"],
    ['2175126000123', "a TP-Link-shaped thirteen-digit serial"],
    ['210235C2BD3191000123', "a Uniview/H3C-shaped twenty-character barcode with a digit year"],
    ['FHTT12345678', "FiberHome's GPON vendor ID"],
    ['ALCLB2C3D4E5', "Nokia's GPON vendor ID"],
  ])('%s (%s) names nobody', (value) => {
    const v = verdictOf(fact('upnp.serial', value));
    expect([v.status, v.covered]).toEqual(['clear', null]);
  });
});

describe("Hikvision's model-dated serial: door stations, hardware revisions and EZVIZ part numbers", () => {
  it("a door station's serial (two-digit count, seven-digit unit number, a model with its revision) flags with model and serial", () => {
    // maciej-or/hikvision_next issue #196: a DS-KV8213-WME1(C)'s ISAPI deviceInfo.
    const value = 'DS-KV8213-WME1(C)0120230508RRAB0353909';
    const v = verdictOf(fact('upnp.serial', value));
    expect([v.status, v.covered, v.model, v.serial]).toEqual(['covered', 'hikvision', 'DS-KV8213-WME1(C)', value]);
  });

  it('an EZVIZ part number in the model place flags for Hikvision with the part number as the model', () => {
    // Constructed for the class, not captured: the part number of the EZVIZ C3W
    // (https://www.ezviz.com/product/c3w/, families.json ezviz.cs-full) in Hikvision's layout (a date, a batch code, nine digits).
    const value = 'CS-CV310-A0-1B2WFR20180915CCRRC12345678';
    const v = verdictOf(fact('upnp.serial', value));
    expect([v.status, v.covered, v.model, v.serial]).toEqual(['covered', 'hikvision', 'CS-CV310-A0-1B2WFR', value]);
  });

  it.each([
    ['CS-KIT-K9', "Cisco's Webex Room Kit part number: no production date"],
    ['DS-KV8213-WME1(C)0120230508RRAB035390', 'a unit number of six digits'],
    ['DS-2CD2385G1-I20201314AAWRE33842150', 'month 13'],
  ])('%s (%s) is not read as a Hikvision serial', (value) => {
    expect(verdictOf(fact('upnp.serial', value)).evidence.some((e) => e.rule === 'upnp.serial.hikvision.model-dated' && e.certainty > 0)).toBe(false);
  });
});

describe("Huawei's sixteen-character board bar codes (02/03, BOM tail, vendor, letter year, month, unit number) reach review for Huawei", () => {
  it.each([
    // LibreNMS tests/snmpsim/vrp_ce12804-entity.snmprec: boards of a CloudEngine 12804 that are no rule example
    // (a CE-L24XS-EC card, a CE-CMUA monitoring board, a CE-SFU04C fabric unit, the second CE-MPUA).
    '022MNQ10HC000337',
    '021NMV6THB600615',
    '021KNV10HC000034',
    '021NUD6THC600171',
    // An OceanStor disk enclosure's elabel in a copy of Huawei's CLI reference found by the code index (made 2012-05, vendor D0).
    '02G258D0C5000610',
  ])('%s as an ENTITY-MIB and as a UPnP serial', (value) => {
    for (const obs of [fact('snmp.entity.serial', value), fact('upnp.serial', value)]) {
      const v = verdictOf(obs);
      expect([v.status, v.covered, v.serial]).toEqual(['review', 'huawei', value]);
    }
  });

  it.each([
    ['M577BB04317', "a transceiver's own serial in the same chassis"],
    ['J267C041555', "another transceiver's serial"],
    ['022VLL104B000282', 'a digit year'],
    ['022VLL10HB000000', 'a unit number of zeros'],
  ])('%s (%s) names nobody', (value) => {
    const v = verdictOf(fact('snmp.entity.serial', value));
    expect([v.status, v.covered]).toEqual(['clear', null]);
  });
});

describe('ZTE device serials of more lines keep reaching review', () => {
  it.each([
    // An F670L V9.0's UPnP description and an F600W's CWMP Inform, quoted in public repositories (found by the code index).
    'ZTEVQJNN2T00829',
    'ZTEEQAWF5J00191',
  ])('%s', (value) => {
    const v = verdictOf(fact('upnp.serial', value));
    expect([v.status, v.covered, v.serial]).toEqual(['review', 'zte', value]);
  });
});

describe('order does not matter', () => {
  it('the same facts in any order give the same verdict bytes', () => {
    const set = [fact('upnp.serial', '4F07335PAZEEA9B'), fact('upnp.serial', 'DS-KV8213-WME1(C)0120230508RRAB0353909'), fact('http.title', 'Login')];
    const bytes = [set, [...set].reverse(), [set[1]!, set[2]!, set[0]!]].map((s) => JSON.stringify(identify(s, noMac)));
    expect(new Set(bytes).size).toBe(1);
  });
});
