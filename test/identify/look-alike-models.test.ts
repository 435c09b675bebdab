/**
 * Issue #11's zero-false-flag aim against the product-line grammars (oui/families.json) and the
 * maker-first readings: other makers' model numbers of the same shapes (a letter or two, a number,
 * a hyphenated suffix) in every place a grammar reads them (a UPnP model, an SNMP sysDescr, a page
 * title) name no covered maker and must stay clear, not even review. Model numbers as their makers
 * publish them on their product pages (mikrotik.com, ui.com, juniper.net, cisco.com, tp-link.com,
 * netgear.com, axis.com, hanwhavision.com, uniview.com, tiandy.com, reolink.com, synology.com,
 * qnap.com, hp.com, brother.com, canon-europe.com, epson.com, apc.com, eaton.com, cyberpowersystems.com,
 * yealink.com, grandstream.com, poly.com, vivotek.com, cradlepoint.com, zyxel.com, h3c.com) and
 * the Interlogix NS3500-24T-4C manual (manualslib.com/manual/1512549).
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';

const at = '2026-12-05T07:00:00.000Z';
const noMac = { lookup: () => null };
const status = (kind: ObservationKind, value: string): string =>
  identify([{ ip: '10.0.0.9', kind, value, port: 80, source: 'test', at } satisfies Observation], noMac).status;

const models = [
  // Routers and switches: MikroTik, Ubiquiti, Juniper, Cisco, TP-Link, Netgear, ZyXEL, H3C, Interlogix, Cradlepoint.
  'CCR2004-1G-12S+2XS',
  'CRS326-24G-2S+',
  'RB5009UG+S+IN',
  'USW-24-POE',
  'USG-PRO-4',
  'UAP-AC-PRO',
  'EX4300-48T',
  'SRX300',
  'QFX5100-48S',
  'WS-C3850-24T',
  'C9300-48P',
  'ISR4331',
  'AIR-AP1832I-E-K9',
  'EAP245',
  'ER605',
  'TL-SG3428',
  'LB1120',
  'MR1100',
  'M4300-52G',
  'ZyWALL USG FLEX 500',
  'USG2200',
  'S5130S-28P-EI',
  'NS3500-24T-4C',
  'E300-C4D',
  'IBR900-600M',
  // Cameras and recorders: Axis, Hanwha, Uniview, Tiandy, Reolink, Vivotek.
  'P3245-V',
  'Q6135-LE',
  'XNV-8080R',
  'XRN-1610S',
  'IPC3612LB-ADF28K-G',
  'NVR301-08S3-P8',
  'TC-C32XN',
  'RLC-810A',
  'RLN8-410',
  'SD9364-EHL',
  'IB9389-EHT',
  // NAS, printers and scanners, UPS, phones.
  'DS920+',
  'TS-453D',
  'M479fdw',
  'HL-L2350DW',
  'MF743Cdw',
  'DS-70000',
  'DS-1630',
  'SMT1500RMI2U',
  '5PX1500',
  'OR1500LCDRM1U',
  'SIP-T46S',
  'GXP2170',
  'CP-8841',
  'VVX 450',
  // Shapes of the catalogue-wide grammars (round 3): GL.iNet and Atheros AR numbers, Intel/ASUS/ASRock
  // chipset boards, HP's 2010 E-switches, Linksys E routers, Canon MF series, Areca ARC cards, H3C's
  // Quidway-era switches, Honor's post-2020 phone codes (gl-inet.com, intel.com, asus.com, asrock.com,
  // hpe.com, linksys.com, canon-europe.com, areca.com.tw, h3c.com; KHwang9883/MobileModels@048d4e8b3edd
  // brands/honor_global_en.md).
  'GL-AR750S',
  'AR300M',
  'AR2317',
  'B860M-A',
  'B550M-K',
  'H370M-ITX/ac',
  'E3500-24',
  'E5400',
  'MF240',
  'ARC-1883IX-12',
  'S5500-28C-EI',
  'S3600-28P-EI',
  'S3100-26TP-EI',
  'ANY-LX1',
  'VNE-LX1',
  'NTN-LX1',
  'FNE-NX9',
  'TFY-LX1',
  // Shapes of the gaps round (families-gaps): GL.iNet without its prefix, MediaTek SoCs, Sungrow's and
  // Growatt's inverter dongles, lower-case CPU and board names, a Sierra Wireless firmware name
  // (gl-inet.com, mediatek.com, sungrowpower.com, ginverter.com, intel.com, asus.com, sierrawireless.com).
  'AR300M16-Ext',
  'MT8516',
  'MT7628 Wireless Router',
  'WiNet-S',
  'ShineWiFi-X',
  'e5-2690',
  'b550m-k',
  'MC7455_SWI9X30C',
];

describe("other makers' model numbers name no covered maker", () => {
  it.each((['upnp.model', 'snmp.sysdescr', 'http.title'] as const).flatMap((kind) => models.map((model) => [kind, model] as const)))('%s %s is clear', (kind, model) => {
    expect(status(kind, model)).toBe('clear');
  });
});

describe("HP's 2010-11 switch names of Huawei's LTE shape", () => {
  // HP named ProCurve switches E3500-24 / E3500-48-PoE in 2010-11 (hp.com); the maker's name beside
  // the number vetoes the Huawei mobile-broadband grammar (a review helper found it flagged).
  it.each(['HP E3500-24 Switch', 'HP E3500-48-PoE Switch', 'ProCurve E3500-24'])('%s is not covered', (value) => {
    expect(status('snmp.sysdescr', value)).not.toBe('covered');
    expect(status('http.title', value)).not.toBe('covered');
  });
});

describe("Honor's devices (sold by Huawei in November 2020) are not Huawei's", () => {
  it.each([
    ['hostname', 'HONOR_70'],
    ['upnp.model', 'HONOR X9a'],
    ['http.title', 'HONOR Router 3'],
  ] as const)('%s %s is not covered', (kind, value) => {
    expect(status(kind, value)).not.toBe('covered');
  });
});
