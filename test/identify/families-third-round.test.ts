/**
 * Issue #11, third round of model grammars: classes of model names no grammar read (Huawei Digital
 * Power and operator-branded sticks, ZTE numbers in any case and with letter-suffixed or four-digit
 * ONT numbers, Dahua's EZ-IP line, Dahua and Hikvision OEM lines, HiWatch DS-H/DS-T numbers). Each
 * row is a member of its line named from the grammar's cited catalogue and no family example; the
 * look-alikes are other makers' numbers of the same shapes, which must not flag (or, for shapes
 * that stay review, must not reach review either).
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { obs, verdictOf } from './observations.js';

describe('lines that flag alone, with the entity and the model', () => {
  it.each([
    // Huawei Digital Power (huawei.digital-power, huawei.smart-dongle).
    ['upnp.model', 'SmartLogger3000A01EU', 'huawei', 'SmartLogger3000A01EU'],
    ['http.title', 'EMMA-A01', 'huawei', 'EMMA-A01'],
    ['upnp.model', 'LUNA2000-10KW-C1', 'huawei', 'LUNA2000-10KW-C1'],
    ['snmp.sysdescr', 'UPS5000-A-600k', 'huawei', 'UPS5000-A-600k'],
    ['http.title', 'Smart Dongle-WLAN', 'huawei', 'Smart Dongle-WLAN'],
    // Vodafone sticks by their maker (huawei.vodafone-k, zte.vodafone-z).
    ['upnp.model', 'K4505', 'huawei', 'K4505'],
    ['http.title', 'Vodafone K5005', 'huawei', 'K5005'],
    ['upnp.model', 'K5006-Z', 'zte', 'K5006-Z'],
    // ZTE firmware names with the model inside (zte.bd-firmware).
    ['snmp.sysdescr', 'BD_TMOPLMC801AV1.0.0B05', 'zte', 'MC801A'],
    // Dahua's EZ-IP line (dahua.ezip) and the EZ-IP name as a manufacturer (vendors.json EZ-IP).
    ['onvif.scope', 'onvif://www.onvif.org/hardware/IPC-T1B20-0280B', 'dahua', 'IPC-T1B20-0280B'],
    ['hostname', 'ez-ipc-b2b40-zs', 'dahua', 'EZ-IPC-B2B40-ZS'],
    // HiWatch DS-H hybrid DVRs and DS-T cameras, hardware revision in parentheses (hikvision.ds).
    ['upnp.model', 'DS-H108G', 'hikvision', 'DS-H108G'],
    ['http.title', 'DS-N204(B)', 'hikvision', 'DS-N204(B)'],
    ['upnp.model', 'DS-T110', 'hikvision', 'DS-T110'],
    // Dahua's other catalogue lines under DH-/DHI- (dahua.dh): a decoder, an ANPR edge box.
    ['upnp.model', 'DHI-NVD0905DH-4I-4K', 'dahua', 'DHI-NVD0905DH-4I-4K'],
    ['http.title', 'DH-ITSE0804-GN5B-D', 'dahua', 'DH-ITSE0804-GN5B-D'],
    // Huawei EN8 ONTs (huawei.ont).
    ['upnp.model', 'EN8145V5', 'huawei', 'EN8145V5'],
  ] as const)('%s %s flags %s as %s', (kind, value, entity, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: entity, model });
  });

  it('EZIP as a UPnP manufacturer is Dahua\'s own brand, not a relabeler', () => {
    expect(verdictOf('upnp.manufacturer', 'EZIP')).toMatchObject({ status: 'covered', covered: 'dahua' });
  });
});

describe('shared-shape lines and OEM lines reach review, with the entity and the model', () => {
  it.each([
    // ZTE numbers in lower or mixed case, reported in ZTE's case (zte.mf, zte.mc).
    ['upnp.model', 'mf971r', 'zte', 'MF971R'],
    ['http.title', 'Mf920U', 'zte', 'MF920U'],
    ['upnp.model', 'mc889a pro', 'zte', 'MC889A'],
    // ZTE's MC7500 5G outdoor unit (xiphoideuz/openwrt-mc7500): Sierra never used MC75xx.
    ['upnp.model', 'MC7500', 'zte', 'MC7500'],
    // ZTE ONTs: EPON F4xx, four-digit Wi-Fi 6/7 numbers, glued hardware versions (zte.f6).
    ['upnp.model', 'F7607P', 'zte', 'F7607P'],
    ['http.title', 'F460 V6', 'zte', 'F460'],
    ['upnp.model', 'F670LV9.0', 'zte', 'F670L'],
    // Huawei OptiXstar K and bare UPS series (huawei.optixstar-k, huawei.ups-series).
    ['upnp.model', 'K662d', 'huawei', 'K662d'],
    ['snmp.sysdescr', 'UPS2000-A', 'huawei', 'UPS2000-A'],
    // OEM lines: the brand's number, then its relabel fact (review, never a flag alone).
    ['upnp.model', 'VIP 3430 D G2', 'dahua', 'VIP 3430 D G2'],
    ['http.title', 'Intelbras VHD 3230 B G8', 'dahua', 'VHD 3230 B G8'],
    ['upnp.model', 'LNZ4001', 'dahua', 'LNZ4001'],
    ['upnp.model', 'N862A6', 'dahua', 'N862A6'],
    ['upnp.model', 'TV-IP315PI', 'hikvision', 'TV-IP315PI'],
    ['upnp.model', 'IP4M-S2112EW', 'dahua', 'IP4M-S2112EW'],
    ['upnp.model', 'IPM-721W', 'dahua', 'IPM-721W'],
    ['http.title', 'DVR Intelbras MHDX 1116', 'dahua', 'MHDX 1116'],
  ] as const)('%s %s reaches review for %s as %s', (kind, value, entity, model) => {
    const v = verdictOf(kind, value);
    expect(v).toMatchObject({ status: 'review', covered: entity, model });
  });

  it('an OEM line names the brand and says who made it, never flags', () => {
    const v = verdictOf('upnp.model', 'TV-IP315PI');
    const relabel = v.evidence.find((e) => e.rule === 'relabel.trendnet');
    expect(relabel?.says).toMatch(/^Sold as TRENDnet; TRENDnet's TV-IP3xxPI network cameras are reported Hikvision-made, not its other products: confirm/);
    expect(v.manufacturerName ?? '').not.toBe('Hikvision');
  });
});

describe('brands that relabel some lines only: the name alone ties nothing', () => {
  it.each([
    ['upnp.manufacturer', 'TRENDnet'],
    ['upnp.manufacturer', 'Intelbras'],
    ['onvif.scope', 'onvif://www.onvif.org/name/TRENDnet'],
  ] as const)('%s %s stays clear', (kind, value) => {
    expect(verdictOf(kind, value).status).toBe('clear');
  });

  it("the device's own Hikvision voice still flags a TRENDnet camera, sold as TRENDnet", () => {
    const v = identify([obs('upnp.model', 'TV-IP315PI'), obs('onvif.scope', 'onvif://www.onvif.org/hardware/DS-2CD2042WD-I')], { lookup: () => null });
    expect(v).toMatchObject({ status: 'covered', covered: 'hikvision' });
  });
});

describe('host names of the same shapes are asset names, not models', () => {
  // A sweep of generated host names found these shapes read before notInNames (K1200-Z flagged ZTE).
  it.each([
    ['hostname', 'K1200-Z'],
    ['snmp.sysname', 'K4505'],
    ['hostname', 'E843AB'],
    ['hostname', 'K562'],
    ['hostname', 'mf101'],
    ['hostname', 'mf12d'],
  ] as const)('%s %s stays clear', (kind, value) => {
    expect(verdictOf(kind, value).status).toBe('clear');
  });
});

describe("other makers' look-alikes of the new shapes do not flag", () => {
  it.each([
    ['upnp.model', 'MF641Cw'], // Canon
    ['upnp.model', 'mf216n'], // Canon, lower case
    ['upnp.model', 'mc8090'], // Sierra Wireless module, lower case
    ['upnp.model', 'MC7430'], // Sierra Wireless module
    ['upnp.model', 'MC800'], // an MC number not in ZTE's list
    ['upnp.model', 'K120'], // Logitech keyboard
    ['upnp.model', 'R220'], // Dell PowerEdge
    ['upnp.model', 'F9K1002'], // Belkin
    ['upnp.model', 'F3000'],
    ['upnp.model', 'N920C'], // Samsung regional code
    ['upnp.model', 'LNB 10750'], // satellite LNB
    ['http.title', 'VIP Club 2025'],
    ['upnp.model', 'TV-IP121W'], // TRENDnet's older camera
    ['upnp.model', 'G-2426G-A'], // Nokia ONT
    ['upnp.model', 'HG6145D2'], // FiberHome ONT
    ['upnp.model', 'V2804AX'], // VSOL ONT
    ['upnp.model', 'FD514GS1-R550'], // C-Data ONT
    ['upnp.model', 'RM520N-GL'], // Quectel module
    ['upnp.model', 'MR6150'], // Netgear hotspot
    ['upnp.model', 'NR7101'], // Netgear-style 5G number
    ['upnp.model', 'IPC3614SB-ADF28KM-I0'], // Uniview
    ['upnp.model', 'VIGI C340'], // TP-Link VIGI
    ['upnp.model', 'XNV-6080R'], // Hanwha
    ['upnp.model', 'AXIS P3245-LVE'],
    ['upnp.model', 'Smart-UPS 3000'], // APC
    ['upnp.model', 'EMMA'],
  ] as const)('%s %s is not covered', (kind, value) => {
    expect(verdictOf(kind, value).status).not.toBe('covered');
  });

  it.each([
    ['upnp.model', 'MF641Cw'],
    ['upnp.model', 'mc8090'],
    ['upnp.model', 'MC8090'], // Sierra Wireless module: neither a ZTE grammar nor ZTE's shape
    ['upnp.model', 'F9K1002'],
    ['upnp.model', 'N920C'],
    ['http.title', 'VIP Club 2025'],
    ['upnp.model', 'K120'],
    ['upnp.model', 'DS-H1042'],
  ] as const)('%s %s is not even sent to review', (kind, value) => {
    expect(verdictOf(kind, value).status).toBe('clear');
  });
});
