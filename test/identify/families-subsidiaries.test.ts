/**
 * Issue #11: the covered makers' subsidiaries and their product lines are recognised as scans meet
 * them — Hytera's PoC radios, body cameras and repeaters, Sepura's and Teltronic's TETRA radios,
 * Norsat's and Sepura's SNMP arcs, HIKMICRO's thermal cameras, HuaRay's machine-vision cameras — with
 * the covered entity and the model. The numbers below are catalogue members that are no example in
 * oui/families.json or the rules; the look-alikes are other makers' real numbers of the same trade
 * (Motorola Solutions, Airbus, Kenwood, Icom, Teledyne FLIR, Basler, Daheng, JAI, Allied Vision,
 * Cobham) and must stay clear.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './observations.js';


describe('distinctive full model numbers of subsidiaries flag alone, with the model', () => {
  it.each([
    // Sepura SCG22 mobile: the SCG2229 variant of the SCG2221 series (EU DoC 5-07-scg2221-series-radio-eu-doc.pdf).
    ['upnp.model', 'SCG2229', 'hytera', 'SCG2229'],
    // HIKMICRO bi-spectrum camera (manualslib.com/manual/3654279/Hikmicro-Hm-Td2668t-10-G0-T1y.html).
    ['upnp.model', 'HM-TD2668T-10/G0/T1Y', 'hikvision', 'HM-TD2668T-10/G0/T1Y'],
    ['onvif.scope', 'onvif://www.onvif.org/hardware/HM-TD2668T-10/G0/T1Y', 'hikvision', 'HM-TD2668T-10/G0/T1Y'],
    // HuaRay (iRAYPLE) area-scan camera named in a public measuring program ("cámara iRayple A5201MU150").
    ['upnp.model', 'A5201MU150', 'dahua', 'A5201MU150'],
  ] as const)('%s %s flags %s as %s', (kind, value, entity, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: entity, model });
  });
});

describe("short or shared-looking subsidiary numbers send the device to review for the right entity", () => {
  it.each([
    // Hytera PoC radios (PNC380/PNC550/PNC560 named in issue #11; PNC460U and MNC360 datasheets).
    ['upnp.model', 'PNC380', 'PNC380'],
    ['upnp.model', 'PNC550', 'PNC550'],
    ['snmp.sysdescr', 'PNC560', 'PNC560'],
    ['upnp.model', 'PNC460U', 'PNC460U'],
    ['upnp.model', 'MNC360', 'MNC360'],
    // Hytera body cameras.
    ['upnp.model', 'VM750D', 'VM750D'],
    ['upnp.model', 'VM550D', 'VM550D'],
    ['http.title', 'VM780', 'VM780'],
    // Sepura's series names and Teltronic's terminal.
    ['upnp.model', 'SCL3', 'SCL3'],
    ['upnp.model', 'SCG22', 'SCG22'],
    ['snmp.sysdescr', 'HTT-500', 'HTT-500'],
  ] as const)('%s %s is review for Hytera with model %s', (kind, value, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'review', covered: 'hytera', model });
  });
});

describe("subsidiaries that name themselves are their parent's equipment", () => {
  it.each([
    // SNMP enterprise arcs (nmap 7.93 nselib/data/enterprise_numbers.txt: 22488 Teltronic S.A.U.,
    // 40560 Norsat International Inc., 46904 Sepura plc, 53115 Sinclair Technologies, a division of Norsat).
    ['snmp.sysobjectid', '1.3.6.1.4.1.22488.2.1', 'hytera'],
    ['snmp.sysobjectid', '1.3.6.1.4.1.40560.1.3', 'hytera'],
    ['snmp.sysobjectid', '1.3.6.1.4.1.46904.1', 'hytera'],
    ['snmp.sysobjectid', '1.3.6.1.4.1.53115.1', 'hytera'],
    // UPnP manufacturer labels.
    ['upnp.manufacturer', 'Sepura Ltd', 'hytera'],
    ['upnp.manufacturer', 'TELTRONIC', 'hytera'],
    ['upnp.manufacturer', 'Norsat International', 'hytera'],
    ['upnp.manufacturer', 'HuaRay', 'dahua'],
    // A certificate subject and a copyright line in the maker's own words (HIKMICRO manuals: '© 2023 Hangzhou Microimage Software Co., Ltd.').
    ['tls.subject', 'CN=radio.local, O=Sepura Limited, C=GB', 'hytera'],
    ['http.body', '<div class="footer">© 2023 Hangzhou Microimage Software Co., Ltd. All rights reserved.</div>', 'hikvision'],
    // Maker and model in one text.
    ['http.title', 'Sepura STP9000', 'hytera'],
    ['snmp.sysdescr', 'Teltronic HTT-500', 'hytera'],
  ] as const)('%s %s flags %s', (kind, value, entity) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: entity });
  });
});

describe('look-alikes of the same trades stay clear', () => {
  it.each([
    // Motorola Solutions TETRA, DMR, P25 and PoC; Airbus TETRA; Kenwood; Icom.
    ['upnp.model', 'MTP3550'],
    ['upnp.model', 'MTM800'],
    ['upnp.model', 'MTH800'],
    ['upnp.model', 'SLR 8000'],
    ['upnp.model', 'APX 8000'],
    ['upnp.model', 'TLK 150'],
    ['upnp.model', 'VB400'],
    ['upnp.model', 'TH1n'],
    ['upnp.model', 'TMR880i'],
    ['upnp.model', 'NX-5400'],
    ['upnp.model', 'IC-781'],
    // Same numbers, other trades: a thruster and a die bonder (MDT-400), Quectel's SC20 module, a VM host name.
    ['upnp.model', 'MDT-400-46'],
    ['upnp.model', 'MDT-400P'],
    ['http.title', 'Quectel SC20 module'],
    ['hostname', 'VM780'],
    // Thermal and machine-vision makers, satellite terminals.
    ['upnp.model', 'FLIR E8-XT'],
    ['upnp.model', 'acA2500-14gm'],
    ['upnp.model', 'MER2-503-36U3M'],
    ['upnp.model', 'GO-5000M-PGE'],
    ['upnp.model', 'Alvium 1800 U-240m'],
    ['upnp.model', 'EXPLORER 710'],
    // Names that resemble Teltronic's, and Teltronics, Inc.'s enterprise arc.
    ['upnp.manufacturer', 'Teltronics, Inc.'],
    ['upnp.manufacturer', 'Teltronic AG'],
    ['snmp.sysobjectid', '1.3.6.1.4.1.3600.1'],
  ] as const)('%s %s stays clear', (kind, value) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'clear', covered: null });
  });

  it("Hytera's HM radios are not read as HIKMICRO thermal cameras", () => {
    expect(verdictOf('upnp.model', 'HM785')).toMatchObject({ status: 'review', covered: 'hytera', model: 'HM785' });
  });
});
