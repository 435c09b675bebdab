/**
 * Issue #11, a coverage survey of Huawei's consumer and Digital Power catalogue by the model codes of
 * public lists (none of the values below is a family example): the later and the Chinese phone codes,
 * MediaPad/MatePad tablet codes, MateBook codes, Vision televisions, IPTV set-top boxes, the older
 * SUN2000L and SUN8000 inverter numbers, and the names Huawei watches and home Wi-Fi give themselves.
 * Each covered case was clear before the survey's grammars; the look-alikes stay clear.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './observations.js';

describe('Huawei phone codes of the later global and the Chinese models flag with their model', () => {
  // KHwang9883/MobileModels@9ff213409f0a brands/huawei_global_en.md and @55deac16043f brands/huawei.md.
  it.each([
    'DCO-LX9', // Mate 50 Pro
    'PAL-LX9', // Mate Xs 2
    'MNA-LX9', // P60 Pro
    'GOA-LX9', // nova 11 Pro
    'MGA-LX3', // nova Y71
    'OCE-AN10', // Mate 40 (China)
    'JEF-TN20', // nova 7 5G (China Mobile)
    'NXT-DL00', // Mate 8 dual 4G
    'GRA-CL10', // P8 China Telecom
    'TIT-AL00', // Enjoy 5
    'P7-L10', // Ascend P7
  ])('%s', (value) => {
    expect(verdictOf('upnp.model', value)).toMatchObject({ status: 'covered', covered: 'huawei', model: value });
  });
});

describe('MediaPad and MatePad tablet codes flag with their model', () => {
  it.each(['AGS3-W09', 'KOB2-L09', 'WGR-W19', 'DBY2-L09', 'BZT3-AL00', 'BAH4-L09', 'MRX-AL19', 'AGS3-W00E'])('%s', (value) => {
    expect(verdictOf('upnp.model', value)).toMatchObject({ status: 'covered', covered: 'huawei', model: value });
  });
});

describe('MateBook codes and Vision televisions flag as whole values', () => {
  it.each([
    ['upnp.model', 'NbD-WFE9'],
    ['upnp.model', 'KLVL-WFH9'],
    ['snmp.entity.model', 'MACHR-W29'],
    ['upnp.model', 'HEGE-570'],
    ['upnp.model', 'HD75KANS'],
  ] as const)('%s %s', (kind, value) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: 'huawei', model: value });
  });
});

describe('IPTV set-top boxes: flagged with the revision, review when bare', () => {
  // ghsecuritylab/yxstb@78bbbae07aa7 middleware/src/init/backup/ (board file names).
  it.each(['EC2108V3H', 'EC2106V1H', 'EC6106V3', 'EC2108V5'])('%s', (value) => {
    expect(verdictOf('upnp.model', value)).toMatchObject({ status: 'covered', covered: 'huawei', model: value });
  });
  it('reads a bare EC6108 at review', () => {
    expect(verdictOf('upnp.model', 'EC6108')).toMatchObject({ status: 'review', covered: 'huawei', model: 'EC6108' });
  });
});

describe('OptiXstar K-series ONTs by their ordering number', () => {
  // search index ids 55143237783 and 66365704855: a router driver and an operator's stock list (K562E-10).
  it.each(['K562e-10', 'K562E-10', 'K662d-10'])('reads %s at review, a short shape', (value) => {
    expect(verdictOf('upnp.model', value)).toMatchObject({ status: 'review', covered: 'huawei', model: value });
  });
  it('flags it after the line name, with the model', () => {
    expect(verdictOf('upnp.model', 'OptiXstar K562e-10')).toMatchObject({ status: 'covered', covered: 'huawei', model: 'K562e-10' });
  });
});

describe('the older Digital Power numbers flag', () => {
  // search index id 24793458061 (the SUN2000 Modbus interface's Model ID table).
  it.each(['SUN2000L-3.68KTL', 'SUN2000L-4.125KTL-JP', 'SUN2000L-5KTL-CN-4G', 'SUN8000-500KTL'])('%s', (value) => {
    expect(verdictOf('upnp.model', value)).toMatchObject({ status: 'covered', covered: 'huawei', model: value });
  });
});

describe('the names Huawei wearables, televisions and home Wi-Fi give themselves flag', () => {
  it.each([
    ['hostname', 'HUAWEI_WATCH_FIT_2-5c3d', 'WATCH_FIT_2'],
    ['mdns.instance', 'HUAWEI Band 7', 'Band 7'],
    ['hostname', 'HUAWEI_WiFi_Q2_Pro', 'WiFi_Q2_Pro'],
    ['mdns.instance', 'HUAWEI 5G CPE Pro 2', '5G CPE Pro'],
    ['mdns.instance', 'HUAWEI Vision S', 'Vision'],
  ] as const)('%s %s', (kind, value, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: 'huawei', model });
  });
});

describe('look-alikes and Honor are not flagged', () => {
  it.each([
    // KHwang9883/MobileModels@fe3f28299173 brands/honor_global_en.md: an Honor code not listed.
    ['upnp.model', 'CHM-U01'],
    // oui/model-catalogue.json: Honor's codes after its sale (cited there).
    ['upnp.model', 'NTN-LX1'],
    ['hostname', 'HONOR_X8'],
    // Debian usb.ids (TP-Link TL-WN822N): letters, a hyphen, W and digits.
    ['upnp.model', 'TL-WN822N'],
    // search index id 13965010774: other makers' IPTV box types beside Huawei's (FiberHome, Skyworth).
    ['upnp.model', 'HG680-RLK9H-12'],
    ['upnp.model', 'E900'],
    // code shapes are not read in names a user chooses: a site code
    ['hostname', 'PAL-A01'],
  ] as const)('%s %s', (kind, value) => {
    expect(verdictOf(kind, value).status).not.toBe('covered');
  });
});
