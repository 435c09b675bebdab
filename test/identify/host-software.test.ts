// Software is not equipment (#11): a covered maker named in the text of a Windows or macOS host
// is its software there (an NMS server's certificate, a VMS client): it may send the host to
// review with a note, never flag it. A covered MAC on such a host (a Huawei MateBook) still counts.
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';

const at = '2026-12-05T06:00:00.000Z';
const o = (kind: ObservationKind, value: string, port?: number): Observation =>
  port === undefined ? { ip: '10.0.0.7', kind, value, source: 'test', at } : { ip: '10.0.0.7', kind, value, port, source: 'test', at };
const noMac = { lookup: () => null };

// Windows' own sysDescr layout (the snmp.sysdescr.microsoft.windows rule reads it).
const windows = o('snmp.sysdescr', 'Hardware: Intel64 Family 6 Model 85 Stepping 7 AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build 17763 Multiprocessor Free)');
// A management server's own certificate naming its software's maker.
const huaweiCert = o('tls.subject', 'CN=10.1.1.5, OU=NMS, O=Huawei Technologies Co., Ltd., C=CN', 443);
const hikModelTitle = o('http.title', 'DS-7608NI-K2 live view', 80);

describe("a covered maker's name in a general-purpose host's text", () => {
  it('alone (no host OS known) it flags as a self-description', () => {
    expect(identify([huaweiCert], noMac)).toMatchObject({ status: 'covered', covered: 'huawei' });
  });

  it('on a Windows host it goes to review with a note, never covered', () => {
    const v = identify([windows, huaweiCert], noMac);
    expect(v).toMatchObject({ status: 'review', covered: 'huawei' });
    expect(v.evidence.find((e) => e.rule === 'fusion.ceiling')?.says).toMatch(/software, not that Huawei made the device/);
  });

  it('a model number in a Windows host\'s page (a VMS client) goes to review, never covered', () => {
    expect(identify([hikModelTitle], noMac).status).toBe('covered');
    expect(identify([windows, hikModelTitle], noMac)).toMatchObject({ status: 'review', covered: 'hikvision' });
  });

  it('a macOS host (mDNS osxvers) is a general-purpose host too', () => {
    const mac = o('mdns.txt', 'model=MacBookPro18,3; osxvers=21');
    expect(identify([mac, huaweiCert], noMac).status).toBe('review');
  });

  it('a covered MAC registrant is no text reading: a Huawei-registered Windows laptop keeps its MAC evidence', () => {
    const huaweiMac = { ip: '10.0.0.7', kind: 'mac' as const, value: '00:e0:fc:11:22:33', source: 'neigh', at };
    const v = identify([huaweiMac, windows, huaweiCert]);
    expect(v).toMatchObject({ status: 'covered', covered: 'huawei' });
  });

  it('the same set in any order gives the same verdict', () => {
    const set = [windows, huaweiCert, hikModelTitle];
    const a = JSON.stringify(identify(set, noMac));
    expect(JSON.stringify(identify([...set].reverse(), noMac))).toBe(a);
  });
});

// Someone else's words about a maker (a mention note marked othersText in mentions.json) make the
// model numbers in that same text theirs too: "Mount adapter for Hikvision DS-2CD2142FWD-I" is an
// accessory's name, not a Hikvision device. Only that text is capped; the device's own voices count.
describe("a covered maker's model number in someone else's words", () => {
  const accessory = o('upnp.model', 'Mount adapter for Hikvision DS-2CD2142FWD-I');

  it('alone it goes to review with a note, never covered', () => {
    const v = identify([accessory], noMac);
    expect(v).toMatchObject({ status: 'review', covered: 'hikvision' });
    expect(v.evidence.find((e) => e.rule === 'fusion.ceiling')?.says).toMatch(/someone else's words about Hikvision's products/);
  });

  it("beside the device's own title (another text) it still adds to a flag", () => {
    expect(identify([accessory, o('http.title', 'HIKVISION NVR', 80)], noMac)).toMatchObject({ status: 'covered', covered: 'hikvision' });
  });

  it('a link to the maker\'s site is no such note: a certificate naming the maker and its site still flags', () => {
    // rapid7/recog@009f6c658aec xml/x509_subjects.xml ('HIKVISION DVR'; self-signed).
    expect(identify([o('tls.subject', 'CN=www.hikvision.com,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN', 443)], noMac).status).toBe('covered');
  });
});

