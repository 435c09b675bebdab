/**
 * Issue #11, gaps round: product lines an error analysis found unread or only at review, fixed as
 * whole lines in oui/families.json (not as the strings that were missed). Each row is a member of
 * its line as the maker's catalogue or a public thread names it, and no family example; the
 * look-alikes are other makers' numbers of the same shapes, which must not flag.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './observations.js';


describe('full orderable forms and unread lines flag, with the entity and the model', () => {
  it.each([
    // Huawei AR routers with their edition (huawei.ar-full; e.huawei.com AR100-200, AR600, AR6000 pages).
    ['upnp.model', 'AR129CGVW-L', 'huawei', 'AR129CGVW-L'],
    ['snmp.sysdescr', 'AR6140E-9G-2AC', 'huawei', 'AR6140E-9G-2AC'],
    ['http.title', 'AR611W-LTE4EA', 'huawei', 'AR611W-LTE4EA'],
    // Imou cameras with Imou's suffixes (imou.ipc-full; imoulife.com products).
    ['upnp.model', 'IPC-F42P-0360B-imou', 'dahua', 'IPC-F42P-0360B-imou'],
    ['onvif.scope', 'onvif://www.onvif.org/hardware/IPC-GK2CP-3C0WR', 'dahua', 'IPC-GK2CP-3C0WR'],
    ['upnp.model', 'IPC-S22FP-G', 'dahua', 'IPC-S22FP-G'],
    // SmartAX MT8xx ADSL CPE by bare number and technology (huawei.smartax-mt).
    ['http.title', 'MT810 ADSL2+ Modem', 'huawei', 'MT810'],
    // Huawei FusionSolar Smart Dongle named in a longer title (huawei.sdongle).
    ['http.title', 'FusionSolar SDongleB-06', 'huawei', 'SDongleB-06'],
    // Dahua VTH indoor monitors by bare number (dahua.vto): VTH2201DW, VTH5441G.
    ['upnp.model', 'VTH2201', 'dahua', 'VTH2201'],
    ['http.title', 'VTH5441', 'dahua', 'VTH5441'],
    // The maker glued to the model (zte.maker-glued).
    ['http.title', 'ZTEF6600P', 'zte', 'F6600P'],
    ['hostname', 'ZTEMC801A', 'zte', 'MC801A'],
    // SoftBank / Y!mobile carrier codes (huawei.softbank-code, zte.softbank-code; ja.wikipedia.org Pocket_WiFi).
    ['upnp.model', '401HW', 'huawei', '401HW'],
    ['http.title', '303ZT', 'zte', '303ZT'],
    // Lower-case HiLink numbers with their region suffix outside names (huawei.lte-lower).
    ['upnp.model', 'b535-232', 'huawei', 'b535-232'],
    ['http.title', 'e5785lh-92a', 'huawei', 'e5785lh-92a'],
  ] as const)('%s %s flags %s as %s', (kind, value, entity, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: entity, model });
  });
});

describe('shared-shape lines reach review, with the entity and the model', () => {
  it.each([
    // HiLook PTZ speed domes (hikvision.hilook): a public HiLook price list names PTZ-N2C400M and PTZ-N4215I.
    ['upnp.model', 'PTZ-N2C400M', 'hikvision', 'PTZ-N2C400M'],
    ['http.title', 'PTZ-N4215I', 'hikvision', 'PTZ-N4215I'],
    // ZTE MC firmware string with the model first (zte.mc-firmware): a public MC801A exporter's README.
    ['upnp.model', 'MC801A_Elisa3_B22', 'zte', 'MC801A'],
    // Decisions: ZTE MF and H numbers stay review (Canon MF and other H-numbers share the shapes).
    ['upnp.model', 'MF920V', 'zte', 'MF920V'],
    ['http.title', 'H298A V1.1', 'zte', 'H298A'],
  ] as const)('%s %s reaches review for %s as %s', (kind, value, entity, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'review', covered: entity, model });
  });
});

describe("other makers' look-alikes of the new shapes do not flag", () => {
  it.each([
    ['upnp.model', 'GL-AR300M16-Ext'], // GL.iNet
    ['upnp.model', 'AR300M16-Ext'], // GL.iNet without its prefix: AR300 is no Huawei series
    ['upnp.model', 'IPC2124LB-SF28KM-G'], // Uniview
    ['upnp.model', 'IPC-T23S-A40-V2'], // Uniview-style IPC-T
    ['http.title', 'MT8516'], // MediaTek SoC
    ['http.title', 'MT7628 Wireless Router'], // MediaTek SoC
    ['upnp.model', 'e5-2690'], // Intel Xeon, lower case
    ['upnp.model', 'b550m-k'], // ASUS board, lower case
    ['upnp.model', 'MF113w'], // Canon
    ['upnp.model', 'MF644cdw'], // Canon, lower-case suffix
    ['hostname', '304ZT'], // a host name a user chose
    ['hostname', 'ZTEST'],
    ['http.title', 'AZTECH DSL5068EN'],
    ['upnp.model', 'MC7455_SWI9X30C'], // Sierra Wireless module
  ] as const)('%s %s is not covered', (kind, value) => {
    expect(verdictOf(kind, value).status).not.toBe('covered');
  });
});
