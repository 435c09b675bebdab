/**
 * Issue #11, a survey of covered lines by the bare model names of public lists no rule was written
 * from (Hikvision's download-centre model list as JoeyGE0/hikvision-fw-archive@0d5317d7 devices.json
 * keeps it), read as a UPnP model and as an ONVIF hardware scope: Hikvision's AE- automotive line
 * (dash cameras, mobile recorders, vehicle cameras) and the upper-cased iDS-E DVR were unread;
 * Kedacom's recorder numbers (NVR2820 …), a look-alike list, reached review as Dahua's. And members
 * of catalogue lists (oui/model-catalogue.json) that no grammar read, only the shape reader: Hikvision
 * recorders with one form letter (DS-7816N-K2) and Dahua door stations by their bare number (VTO2202).
 */
import { describe, expect, it } from 'vitest';
import { hardwareScope, verdictOf } from './observations.js';


describe("Hikvision's automotive line and compact DVRs flag with their model", () => {
  // devices.json of JoeyGE0/hikvision-fw-archive@0d5317d7 (none of them a family example).
  it.each([
    ['upnp.model', 'AE-DC2015-B1', 'AE-DC2015-B1'],
    ['upnp.model', 'AE-DC8322-G2PRO', 'AE-DC8322-G2PRO'],
    ['onvif.scope', hardwareScope('AE-DI5052-G40'), 'AE-DI5052-G40'],
    ['onvif.scope', hardwareScope('AE-VC1B1I-ISF'), 'AE-VC1B1I-ISF'],
    ['upnp.model', 'AE-MH0408', 'AE-MH0408'],
    ['onvif.scope', hardwareScope('AE-AC1130-A'), 'AE-AC1130-A'],
    ['onvif.scope', hardwareScope('IDS-E08HQHI-B'), 'IDS-E08HQHI-B'],
    ['upnp.model', 'AE-MD5043-SD', 'AE-MD5043-SD'],
    ['onvif.scope', hardwareScope('AE-VC215I-ISF'), 'AE-VC215I-ISF'],
    // A variant as the list also writes it: the model keeps its own part only.
    ['upnp.model', 'AE-MD5043-SD/GLF(EU-STD)', 'AE-MD5043-SD/GLF'],
    // haohedev/VideoSurveillanceSystem README (verified Hikvision recorders), as the catalogue cites it.
    ['upnp.model', 'DS-7816N-K2', 'DS-7816N-K2'],
    ['upnp.model', 'DS-8832N-K8', 'DS-8832N-K8'],
    ['snmp.sysdescr', 'DS-7816H-SNH', 'DS-7816H-SNH'],
  ] as const)('%s %s', (kind, value, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: 'hikvision', model });
  });
});

describe("Dahua's door stations by their bare number reach review", () => {
  // myhomeiot/DahuaVTO@d22ac405 README.md (none of them a family example).
  it.each([
    ['upnp.model', 'VTO2202'],
    ['onvif.scope', hardwareScope('VTO4202')],
    ['upnp.model', 'VTO6221'],
  ] as const)('%s %s', (kind, value) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'review', covered: 'dahua' });
  });
});

describe('modules ModemManager names, and radios that keep review', () => {
  // modemmanager 1.20.4-1 /lib/udev/rules.d/77-mm-huawei-net-port-types.rules ('GPS NMEA port on MU906e').
  it('reads a Huawei MU906e module at review', () => {
    expect(verdictOf('upnp.model', 'MU906e')).toMatchObject({ status: 'review', covered: 'huawei', model: 'MU906e' });
  });
  // Hytera's H-series and mobile radios (https://www.hytera.com/en/products/) stay at review.
  it.each(['HP605', 'HM685', 'MD655', 'HP785'])('%s', (value) => {
    expect(verdictOf('upnp.model', value)).toMatchObject({ status: 'review', covered: 'hytera', model: value });
  });
});

describe('look-alikes stay clear', () => {
  it.each([
    // Kedacom recorders (chenshangquan/RK100 devtrackconst.h): no Dahua channel count at the end.
    ['upnp.model', 'NVR2860'],
    ['upnp.model', 'NVR2820E-9'],
    ['onvif.scope', hardwareScope('NVR2820H-16ND')],
    // Canon's AE-1 film camera; AE-DC inside a UUID.
    ['upnp.model', 'AE-1'],
    ['upnp.udn', 'uuid:0A74EF1C-41A4-4E06-83AE-DC74FB1CDD53'],
    // Epson's scanners (oui/model-catalogue.json, Epson's usb.ids list) and a word.
    ['upnp.model', 'DS-70000'],
    ['upnp.model', 'DS-1630'],
    ['http.title', 'VTOL'],
    // UPS names of Hytera's letters (nut-server 2.8.0-7 driver.list: SuperPower, Lestar).
    ['upnp.model', 'HP360'],
    ['upnp.model', 'MD-800E'],
  ] as const)('%s %s', (kind, value) => {
    expect(verdictOf(kind, value).status).toBe('clear');
  });

  it("keeps Dahua's own bare recorder numbers at review", () => {
    for (const model of ['NVR4216', 'XVR5116', 'NVR5864', 'HCVR7224']) {
      expect(verdictOf('upnp.model', model)).toMatchObject({ status: 'review', covered: 'dahua', model });
    }
  });
});

describe("a Hikvision full serial names the model, not the model glued to the serial's date", () => {
  // The model grammar read the whole DeviceSN as the model (a defect found while widening it for
  // DS-7816N-K2); the serials are the cited ones of oui/rules/upnp.serial.json and sadp.reply.json.
  const sadp = (sn: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><ProbeMatch><Uuid>e8ecfe09-90e4-44c0-842b-703f46b58c81</Uuid><Types>inquiry</Types><DeviceSN>${sn}</DeviceSN></ProbeMatch>`;
  it.each([
    ['DS-2CD2385G1-I20200414AAWRE33842150', 'DS-2CD2385G1-I'],
    ['DS-2CD2722FWD-IZS20170321BBWR733050075', 'DS-2CD2722FWD-IZS'],
    ['DS-7816H-SNH1620140125AACH450813722WCVU', 'DS-7816H-SNH'],
  ])('%s is a %s', (sn, model) => {
    const verdict = verdictOf('sadp.reply', sadp(sn));
    expect([verdict.status, verdict.covered, verdict.model]).toEqual(['covered', 'hikvision', model]);
  });
});
