/** Fusion: how rule matches and the MAC registrant add up to one verdict. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COVERED_THRESHOLD, REVIEW_THRESHOLD, combine } from '../../src/identify/fusion.js';
import { identify } from '../../src/identify/identify.js';
import type { Verdict } from '../../src/identify/verdict.js';
import { macObs, matcherFrom, noRules, obs, type MatchSpec } from './observations.js';
import { macIn, prefixesOf } from './registry.js';

const amcrestMac = macIn(prefixesOf('Amcrest Technologies').find((p) => p.length === 6)!);
const hikvisionMac = '58:50:ed:1f:e3:85';
const dahuaMac = '08:ed:ed:87:42:7a';

const dhip: MatchSpec = { rule: 'dhip.reply.dahua', certainty: 0.95, voice: 'firmware', vendor: 'Dahua', entity: 'dahua', model: 'IPC-HDW1431T1-S4' };
const dahuaRealm: MatchSpec = { rule: 'http.realm.dahua-login', certainty: 0.6, voice: 'firmware', vendor: 'Dahua', entity: 'dahua' };
const dahuaRtsp: MatchSpec = { rule: 'rtsp.server.dahua', certainty: 0.6, voice: 'firmware', vendor: 'Dahua', entity: 'dahua' };
const amcrestUpnp: MatchSpec = { rule: 'upnp.manufacturer.amcrest', certainty: 0.7, voice: 'label', vendor: 'Amcrest', entity: null, model: 'IP4M-1041B' };
const boa: MatchSpec = { rule: 'http.server.boa', certainty: 0.3, voice: 'firmware', vendor: null, entity: null };
const libupnp: MatchSpec = { rule: 'upnp.server.libupnp', certainty: 0.2, voice: 'firmware', vendor: null, entity: null };

const realm = obs('http.realm', 'Login to 6C01E93PAG69A7D', { port: 80, source: 'http' });
const rtsp = obs('rtsp.server', 'Rtsp Server/3.0', { port: 554, source: 'rtsp' });
const dhipReply = obs('dhip.reply', 'DeviceType=IPC-HDW1431T1-S4', { source: 'dhip' });
const upnpMaker = obs('upnp.manufacturer', 'Amcrest', { source: 'ssdp' });
const boaServer = obs('http.server', 'Boa/0.94.14rc21', { port: 80, source: 'http' });
const libupnpServer = obs('upnp.server', 'Linux/3.10 UPnP/1.0 Portable SDK for UPnP devices/1.6.19', { source: 'ssdp' });

const matcher = matcherFrom([
  ['http.realm', realm.value, dahuaRealm],
  ['rtsp.server', rtsp.value, dahuaRtsp],
  ['dhip.reply', dhipReply.value, dhip],
  ['upnp.manufacturer', upnpMaker.value, amcrestUpnp],
  ['http.server', boaServer.value, boa],
  ['upnp.server', libupnpServer.value, libupnp],
]);

const rulesOf = (v: Verdict): string[] => v.evidence.map((e) => e.rule);

describe('noisy-or fusion', () => {
  it('two weak facts for one entity add up to covered where one alone is review', () => {
    const one = identify([realm], { matcher });
    expect(one).toMatchObject({ status: 'review', covered: 'dahua', confidence: 0.6 });

    const two = identify([realm, rtsp], { matcher });
    expect(two).toMatchObject({ status: 'covered', covered: 'dahua', manufacturerName: 'Dahua' });
    expect(two.confidence).toBeCloseTo(1 - 0.4 * 0.4, 6);
    expect(two.confidence).toBeGreaterThanOrEqual(COVERED_THRESHOLD);
    expect(rulesOf(two)).toEqual(['http.realm.dahua-login', 'rtsp.server.dahua']);
  });

  it('counts a rule once however many scans stored the same banner', () => {
    const later = { ...realm, at: '2026-11-28T10:00:00.000Z', port: 8080 };
    const repeated = [realm, later, { ...realm }];
    const verdict = identify(repeated, { matcher });
    expect(verdict).toMatchObject({ status: 'review', confidence: 0.6 });
    expect(verdict.evidence).toHaveLength(1);
    // The sighting with the smaller port speaks for the rule, not the later one, whatever the order.
    expect(verdict.evidence[0]?.port).toBe(80);
    expect(JSON.stringify(identify([...repeated].reverse(), { matcher }))).toBe(JSON.stringify(verdict));
  });

  it('combine is order-free and never exceeds 1', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), (cs) => {
        const c = combine(cs);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(1);
        expect(combine([...cs].reverse())).toBeCloseTo(c, 6);
        for (const one of cs) expect(c).toBeGreaterThanOrEqual(Math.round(one * 1e6) / 1e6 - 1e-9);
      }),
    );
    expect(REVIEW_THRESHOLD).toBeLessThan(COVERED_THRESHOLD);
  });
});

describe('generic and randomized facts never flag on their own', () => {
  it('a generic banner alone is clear, and is kept as evidence', () => {
    const verdict = identify([boaServer, libupnpServer], { matcher });
    expect(verdict).toMatchObject({ status: 'clear', covered: null, manufacturer: null, brand: null });
    expect(rulesOf(verdict)).toEqual(['http.server.boa', 'upnp.server.libupnp']);
  });

  it('a randomized MAC with a generic banner is clear', () => {
    const verdict = identify([macObs('da:a1:19:00:00:01'), boaServer], { matcher });
    expect(verdict).toMatchObject({ status: 'clear', randomizedMac: true, covered: null });
    expect(rulesOf(verdict)).toEqual(['oui.randomized', 'http.server.boa']);
  });

  it('a randomized MAC does not stop the firmware from flagging', () => {
    const verdict = identify([macObs('5a:50:ed:1f:e3:85'), dhipReply], { matcher });
    expect(verdict).toMatchObject({ status: 'covered', covered: 'dahua', randomizedMac: true, manufacturerName: 'Dahua' });
  });

  it('no observations at all is clear and names nobody', () => {
    expect(identify([], { matcher: noRules })).toEqual({
      manufacturer: null,
      manufacturerName: null,
      brand: null,
      model: null,
      serial: null,
      firmware: null,
      status: 'clear',
      covered: null,
      confidence: 0,
      randomizedMac: false,
      evidence: [],
    });
  });
});

describe('OEM: made by one, sold as another', () => {
  it('label Amcrest + firmware Dahua: covered Dahua, brand Amcrest, with a note that says so', () => {
    const verdict = identify([macObs(amcrestMac), upnpMaker, dhipReply], { matcher });
    expect(verdict).toMatchObject({
      status: 'covered',
      covered: 'dahua',
      manufacturer: 'Zhejiang Dahua Technology Co., Ltd.',
      manufacturerName: 'Dahua',
      brand: 'Amcrest',
      model: 'IPC-HDW1431T1-S4',
    });
    const oem = verdict.evidence.find((e) => e.rule === 'fusion.oem');
    expect(oem).toMatchObject({ entity: 'dahua', certainty: 0, kind: 'upnp.manufacturer', value: 'Amcrest' });
    expect(oem?.says).toMatch(/^Made by Dahua, sold as Amcrest/);
    expect(oem?.says).toMatch(/Amcrest is a known Dahua OEM/);
    // The label facts stay in the evidence: nothing is dropped.
    expect(rulesOf(verdict)).toEqual(expect.arrayContaining(['oui.registrant', 'upnp.manufacturer.amcrest', 'dhip.reply.dahua']));
  });

  it('an Amcrest MAC alone is review for Dahua, never covered: the label sends it to a person, the fingerprint decides', () => {
    const verdict = identify([macObs(amcrestMac)], { matcher: noRules });
    expect(verdict).toMatchObject({ status: 'review', covered: 'dahua', manufacturerName: 'Amcrest', brand: 'Amcrest' });
    expect(verdict.evidence[0]?.says).toMatch(/fingerprint/);
    expect(verdict.evidence.find((e) => e.rule === 'relabel.amcrest')?.says).toMatch(/^Sold as Amcrest; Amcrest relabels Dahua's products for many models/);
  });

  it('a Dahua camera with a Dahua MAC needs no OEM note', () => {
    const verdict = identify([macObs(dahuaMac), dhipReply], { matcher });
    expect(verdict).toMatchObject({ status: 'covered', covered: 'dahua', manufacturer: 'Zhejiang Dahua Technology Co., Ltd.', brand: 'Dahua' });
    expect(rulesOf(verdict)).not.toContain('fusion.oem');
  });
});

describe('contradictions are kept and explained', () => {
  it('a Hikvision MAC on a device whose firmware answers as Dahua: Dahua wins, Hikvision stays in the evidence', () => {
    const verdict = identify([macObs(hikvisionMac), dhipReply], { matcher });
    expect(verdict).toMatchObject({ status: 'covered', covered: 'dahua', manufacturerName: 'Dahua', brand: 'Hikvision' });
    expect(verdict.evidence.find((e) => e.rule === 'oui.registrant')?.entity).toBe('hikvision');
    const contradiction = verdict.evidence.find((e) => e.rule === 'fusion.contradiction');
    expect(contradiction).toMatchObject({ entity: 'hikvision', kind: 'mac', value: hikvisionMac, certainty: 0 });
    expect(contradiction?.says).toMatch(/also points to Hikvision \(0\.85\), against Dahua \(0\.95\)/);
    // Two covered entities disagreeing is not an OEM deal.
    expect(rulesOf(verdict)).not.toContain('fusion.oem');
  });

  it('label-only support is held at review when the firmware names another maker', () => {
    const axis: MatchSpec = { rule: 'http.server.axis', certainty: 0.9, voice: 'firmware', vendor: 'Axis', entity: null };
    const axisServer = obs('http.server', 'AXIS', { port: 80 });
    const verdict = identify([macObs(hikvisionMac), axisServer], { matcher: matcherFrom([['http.server', 'AXIS', axis]]) });
    expect(verdict).toMatchObject({ status: 'review', covered: 'hikvision', manufacturerName: 'Axis', manufacturer: 'Axis' });
    expect(verdict.evidence.find((e) => e.rule === 'fusion.contradiction')?.says).toMatch(/Only labels point to Hikvision.*firmware says Axis/);
  });

  it('a fact with a review ceiling alone never flags, but adds to other facts', () => {
    const hisiBanner: MatchSpec = { rule: 'telnet.banner.hisilicon', certainty: 0.9, voice: 'firmware', vendor: 'HiSilicon', entity: 'huawei', ceiling: 'review' };
    const banner = obs('telnet.banner', '(none) login:', { port: 23 });
    const m = matcherFrom([['telnet.banner', banner.value, hisiBanner]]);
    const alone = identify([banner], { matcher: m });
    expect(alone).toMatchObject({ status: 'review', covered: 'huawei' });
    expect(rulesOf(alone)).toContain('fusion.ceiling');

    const withMac = identify([macObs('00:18:82:00:00:01'), banner], { matcher: m });
    expect(withMac).toMatchObject({ status: 'covered', covered: 'huawei' });
  });

  it('a HiSilicon MAC alone goes to review, not covered (a chip maker\'s block)', () => {
    const verdict = identify([macObs(macIn(prefixesOf('Hisilicon Technologies Co., Ltd')[0]!))], { matcher: noRules });
    expect(verdict).toMatchObject({ status: 'review', covered: 'huawei', manufacturerName: 'HiSilicon' });
  });
});

describe('verdict shape', () => {
  const cases: Verdict[] = [
    identify([macObs(amcrestMac), upnpMaker, dhipReply, boaServer], { matcher }),
    identify([macObs(hikvisionMac), dhipReply, realm, rtsp], { matcher }),
    identify([macObs('02:00:00:00:00:01'), libupnpServer], { matcher }),
  ];

  it('every evidence item carries a rule, kind, value, source, certainty in 0..1 and a plain sentence', () => {
    for (const verdict of cases) {
      for (const e of verdict.evidence) {
        expect(e.rule).toMatch(/^[a-z0-9.-]+$/);
        expect(e.value).not.toBe('');
        expect(e.source).not.toBe('');
        expect(e.certainty).toBeGreaterThanOrEqual(0);
        expect(e.certainty).toBeLessThanOrEqual(1);
        expect(e.says.length).toBeGreaterThan(10);
        expect(e).toHaveProperty('entity');
      }
    }
  });

  it('keeps the port of a fact that has one', () => {
    expect(cases[1]!.evidence.find((e) => e.rule === 'http.realm.dahua-login')).toMatchObject({ port: 80, kind: 'http.realm' });
  });

  it('is a pure function: the same facts in any order give the same status, entity, makers and confidence', () => {
    const facts = [macObs(amcrestMac), upnpMaker, dhipReply, boaServer, realm, libupnpServer];
    const expected = identify(facts, { matcher });
    fc.assert(
      fc.property(fc.shuffledSubarray(facts, { minLength: facts.length, maxLength: facts.length }), (shuffled) => {
        const v = identify(shuffled, { matcher });
        expect({ ...v, evidence: [...v.evidence].sort((a, b) => a.rule.localeCompare(b.rule)) }).toEqual({
          ...expected,
          evidence: [...expected.evidence].sort((a, b) => a.rule.localeCompare(b.rule)),
        });
      }),
    );
  });

  it('uses the shipped rules by default (the rule engine is wired in)', () => {
    expect(identify([macObs(hikvisionMac)])).toMatchObject({ status: 'covered', covered: 'hikvision' });
  });
});

describe('two covered firmwares on one device', () => {
  // The hostile lab's attacker-pi: a Raspberry Pi whose SSH banner says Huawei VRP and whose web server says Hikvision.
  const pi = [macObs('dc:a6:32:9e:41:07'), obs('ssh.banner', 'SSH-2.0-HUAWEI-1.5'), obs('http.server', 'App-webs/', { port: 80 })];

  it('is sent to review with both kept and explained, not flagged as either', () => {
    const v = identify(pi);
    expect(v.status).toBe('review');
    const note = v.evidence.find((e) => e.rule === 'fusion.two-firmwares');
    expect(note?.says).toMatch(/one device runs one firmware/);
    const entities = new Set(v.evidence.map((e) => e.entity));
    expect(entities.has('huawei') && entities.has('hikvision')).toBe(true);
  });

  it('leaves one firmware with a foreign label alone (an OEM relabel stays covered)', () => {
    const lts = [macObs('08:ea:40:3c:9d:21'), obs('http.server', 'App-webs/', { port: 80 }), obs('http.realm', 'IP Camera(C2183)', { port: 80 })];
    expect(identify(lts)).toMatchObject({ status: 'covered', covered: 'hikvision' });
  });
});
