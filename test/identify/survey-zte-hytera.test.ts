/**
 * Issue #11, a coverage survey of ZTE's and Hytera's public model lists (usb-modeswitch-data's ZTE
 * files, Google Play's device catalogue for ZTE, nubia and Hytera, the ITC's Hytera exclusion list)
 * read as UPnP models: lines no grammar read, and look-alikes of the same letters from Debian's
 * usb.ids and chirp data that must stay clear. None of the positive values is a family example.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './observations.js';

describe("Vodafone's ZTE-made sticks and routers flag with the suffix as the driver data writes it", () => {
  // usb-modeswitch-data 20191128-5 configPack.tar.gz, 19d2:1042 (# Vodafone / ZTE R209-z Router) and
  // 19d2:1030 (# Vodafone K5008-z (MF823)).
  it.each(['R209-z', 'K5008-z'])('%s', (model) => {
    expect(verdictOf('upnp.model', model)).toMatchObject({ status: 'covered', covered: 'zte', model });
  });
  // Bare K/R numbers are anyone's (Dell's PowerEdge R210; Vodafone's K2525 has no maker suffix).
  it.each(['R210', 'K2525', 'R212'])('%s stays clear', (value) => {
    expect(verdictOf('upnp.model', value).status).toBe('clear');
  });
});

describe('nubia phones by model code reach review as ZTE', () => {
  // premex-ab/android-compose-preview-ext@3a626df0cdf8 .../catalog/android/Nubia.kt (Google Play).
  it.each([
    ['NX597J', 'NX597J'],
    ['NX627J-EEA', 'NX627J'],
    ['NX709J_UN', 'NX709J'],
    ['NX679S', 'NX679S'],
  ])('%s', (value, model) => {
    expect(verdictOf('upnp.model', value)).toMatchObject({ status: 'review', covered: 'zte', model });
  });
  // usb.ids 2025.07.26-0+deb12u1: Samsung's NX100 camera (line 5561), Epson's Stylus NX230 (line
  // 4935), Microsoft's LifeCam NX-3000 (line 2561); pci.ids 0.0~2023.04.11-1: HP's NX9500 (line 6701).
  it.each(['NX100', 'NX230', 'NX-3000', 'NX9500'])('%s stays clear', (value) => {
    expect(verdictOf('upnp.model', value).status).toBe('clear');
  });
  it('is not read in a host name', () => {
    expect(verdictOf('hostname', 'NX669J').status).toBe('clear');
  });
});

describe("Hytera's BD numbers ending in 2 and the HM780 mobile reach review", () => {
  // https://survivalblog.com/page/664/ (the ITC exclusion: BD302, BD362, BD502); netkiller's radio
  // notes (Hytera HM780, here written with the hyphen Hytera's PD-685 also takes).
  it.each(['BD302', 'BD362', 'HM-780'])('%s', (model) => {
    expect(verdictOf('upnp.model', model)).toMatchObject({ status: 'review', covered: 'hytera', model });
  });
  // LG's Blu-ray players end in 0 (BD670); chirp's AP510 APRS tracker; a UPS of Hytera's letters.
  it.each(['BD670', 'AP510', 'HP360', 'HM700'])('%s stays clear', (value) => {
    expect(verdictOf('upnp.model', value).status).toBe('clear');
  });
});

describe('a ZXV10 box named as Android names it reaches review', () => {
  // premex-ab/android-compose-preview-ext@a00de1ce6540 .../catalog/android/Zte.kt (ZTE B860H_V1).
  it('B860H_V2', () => {
    expect(verdictOf('upnp.model', 'B860H_V2')).toMatchObject({ status: 'review', covered: 'zte', model: 'B860H_V2' });
  });
  it('B860_V1 stays clear (no edition letter)', () => {
    expect(verdictOf('upnp.model', 'B860_V1').status).toBe('clear');
  });
});

describe("Hytera's BD506 and the PT580H Plus generation reach review", () => {
  // miguellagartoramos/_Wirelesslinkv1@74004ff7c90e Views/Hytera/BD508_VHF.vbhtml (Models: BD502,
  // BD505, BD506, BD508); https://www.hytera.com/eu/products/tetra-radio/pt580h-plus (and its UL913
  // intrinsically safe edition, as resellers list it).
  it.each([
    ['BD506', 'BD506'],
    ['PT580H Plus UL913', 'PT580H Plus'],
  ])('%s', (value, model) => {
    expect(verdictOf('upnp.model', value)).toMatchObject({ status: 'review', covered: 'hytera', model });
  });
  it('PT-580 UL913 stays clear (a round PT number with an edition is no Hytera model)', () => {
    expect(verdictOf('upnp.model', 'PT-580 UL913').status).toBe('clear');
  });
});

describe('ZTE phones by carrier model code reach review', () => {
  // premex-ab/android-compose-preview-ext@a00de1ce6540 .../catalog/android/Zte.kt (Google Play).
  it.each(['Z6350T', 'Z7750R', 'Z5501S', 'Z3051T'])('%s', (model) => {
    expect(verdictOf('upnp.model', model)).toMatchObject({ status: 'review', covered: 'zte', model });
  });
  // usb.ids 2025.07.26-0+deb12u1 line 1201: Kodak's EasyShare Z1485 camera; pci.ids line 34555:
  // Intel's Z170 chipset.
  it.each(['Z1485', 'Z170', 'Z1485IS'])('%s stays clear', (value) => {
    expect(verdictOf('upnp.model', value).status).toBe('clear');
  });
});

describe("ZTE's earlier ZXV10 B700/B760 boxes reach review", () => {
  // ndunks/indihome-zte-zxv10-b760h-debian@d55c0a486b9c readme.md (ro.product.name=B760H,
  // ro.product.manufacturer=ZTE Corporation); the same editions on the B700.
  it.each(['B760H_V1', 'B700V5'])('%s', (model) => {
    expect(verdictOf('upnp.model', model)).toMatchObject({ status: 'review', covered: 'zte', model });
  });
  // Intel's 700-series chipset and its boards carry no ZTE edition.
  it.each(['B760', 'B760M', 'B760M-A'])('%s stays clear', (value) => {
    expect(verdictOf('upnp.model', value).status).toBe('clear');
  });
});

describe("Hytera's current range as its catalogue names it", () => {
  // Two public catalogues of Hytera's range (search index ids 61979947683, 16996269022: hytera.com's
  // product names); none of these values is a family example.
  it.each([
    ['upnp.model', 'BP518 LF', 'BP518'],
    ['upnp.model', 'BD55X', 'BD55X'],
    ['upnp.model', 'PT350', 'PT350'],
    ['upnp.model', 'HP79XEx IIC', 'HP79XEx'],
    ['upnp.model', 'DS-6310', 'DS-6310'],
  ] as const)('%s %s reaches review', (kind, value, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'review', covered: 'hytera', model });
  });
  it.each([
    ['upnp.model', 'E-Pole 200', 'E-Pole 200'],
    ['snmp.sysdescr', 'DIB-R5 Compact', 'DIB-R5 Compact'],
  ] as const)('%s %s flags', (kind, value, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: 'hytera', model });
  });
  // OKI's PT390 printer (usb.ids line 9956), Brother's hyphenated PT- label printers, a round BP
  // number (APC's Back-UPS names), HP360 (a SuperPower UPS) with an edition word, a base-station
  // generation without its number.
  it.each(['PT390', 'PT-550', 'BP500', 'HP360 LF', 'DIB-R'])('%s stays clear', (value) => {
    expect(verdictOf('upnp.model', value).status).toBe('clear');
  });
});

describe("ZTE's docomo phones by docomo's code reach review", () => {
  // premex-ab/android-compose-preview-ext@a00de1ce6540 .../catalog/android/Zte.kt (ZTE MO-01K).
  it('MO-01K', () => {
    expect(verdictOf('upnp.model', 'MO-01K')).toMatchObject({ status: 'review', covered: 'zte', model: 'MO-01K' });
  });
  // usb.ids 2025.07.26-0+deb12u1 line 15956: Sony's docomo SO-02G; an asset name of the same shape.
  it.each([
    ['upnp.model', 'SO-02G'],
    ['hostname', 'MO-01K'],
  ] as const)('%s %s stays clear', (kind, value) => {
    expect(verdictOf(kind, value).status).toBe('clear');
  });
});
