/**
 * Issue #11, fourth round of the model grammars (oui/families.json): bare model names as a device's
 * UPnP, ONVIF, SNMP or API answer states them, for the classes the development misses showed —
 * Huawei Digital Power's product names, Hytera's and Sepura's radio and repeater numbers, EZVIZ's
 * short CS- numbers, Dahua's DH- Wi-Fi cameras, ZTE's 5G modules. Each value below is a cited
 * catalogue member or capture that is no example in families.json (the shape reader learns every
 * example, so most members are rows here), and each look-alike is another maker's real number of
 * the same shape, which must stay clear.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './observations.js';

describe("numbers only the covered maker prints flag alone, with the model", () => {
  it.each([
    // Installer form, search index id 971704041: SUN5000 hybrids, the -K- hybrid numbering, optimizers.
    ['upnp.model', 'SUN5000-12K-MAP0', 'huawei', 'SUN5000-12K-MAP0'],
    ['upnp.model', 'SUN2000-12K-MB0', 'huawei', 'SUN2000-12K-MB0'],
    ['snmp.sysdescr', 'SUN2000-600W-P', 'huawei', 'SUN2000-600W-P'],
    ['upnp.model', 'SUN2000-450W-P2', 'huawei', 'SUN2000-450W-P2'],
    // The platform name of the MAP0 inverters' Modbus interface (github.com/FoxTech-e-U/helios-victron).
    ['upnp.model', 'SUN2000MA', 'huawei', 'SUN2000MA'],
    // FusionCharge AC chargers (distributor list, search index id 52498260006).
    ['upnp.model', 'SCharger-7KS-S0', 'huawei', 'SCharger-7KS-S0'],
    ['http.title', 'SCharger-22KT-S0', 'huawei', 'SCharger-22KT-S0'],
    // Japanese grid variants: a two-decimal power (a Modbus register note's 'Inverter Model (e.g., SUN2000-3.68KTL-JP-1)',
    // search index id 58438117053; before, one decimal only) and a C&I unit (a plant drawing's SUN2000-125KTL-JPH0, id 48832144127).
    ['upnp.model', 'SUN2000-3.68KTL-JP-1', 'huawei', 'SUN2000-3.68KTL-JP-1'],
    ['http.title', 'SUN2000-125KTL-JPH0', 'huawei', 'SUN2000-125KTL-JPH0'],
    // Hikvision's mobile data terminal and interactive display as Google Play's device catalogue lists them
    // (premex-ab/android-compose-preview-ext@3a626df0cdf8 …/catalog/android/Hikvision.kt).
    ['upnp.model', 'DS-MDT202', 'hikvision', 'DS-MDT202'],
    ['upnp.model', 'DS-D5C65RB/A', 'hikvision', 'DS-D5C65RB/A'],
    // Hytera's backpack base station by its own name (its web management page heads 'E-pack100 单机网络管理系统',
    // search index id 44867599875).
    ['http.title', 'E-pack100', 'hytera', 'E-pack100'],
    // Dahua's XVR numbers with the form letters, Dahua's own or a Dahua-made OEM's (search index ids 71537130279,
    // 53166240456: 'Lorex D231A41B (Dahua XVR5104C-X1 …)').
    ['upnp.model', 'XVR5104H', 'dahua', 'XVR5104H'],
    ['http.title', 'XVR5104C-X1', 'dahua', 'XVR5104C-X1'],
    // Dahua's Wi-Fi cameras keep DH- before a short series code (Frigate's ONVIF PTZ camera table).
    ['upnp.model', 'DH-P5AE-PV', 'dahua', 'DH-P5AE-PV'],
    ['onvif.scope', 'onvif://www.onvif.org/hardware/DH-P5AE-PV', 'dahua', 'DH-P5AE-PV'],
  ] as const)('%s %s flags %s as %s', (kind, value, entity, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: entity, model });
  });
});

describe('short numbers other makers could print send the device to review for the right entity', () => {
  it.each([
    // Hytera repeaters: every unit digit and the S variant (a Hytera reseller's catalogue,
    // miguellagartoramos/_Wirelesslinkv1@74004ff7c90e Views/Hytera/; hytera-europe.com RD985 datasheet;
    // 'Hytera RD98X Repeater', search index id 4202975840).
    ['upnp.model', 'RD988S', 'hytera', 'RD988S'],
    ['snmp.sysdescr', 'RD985S', 'hytera', 'RD985S'],
    ['http.title', 'RD98X', 'hytera', 'RD98X'],
    // Hytera radios: unit digit 8, a lower-case variant letter, BD business radios.
    ['upnp.model', 'PD788G', 'hytera', 'PD788G'],
    ['upnp.model', 'MD788G', 'hytera', 'MD788G'],
    ['upnp.model', 'PD408', 'hytera', 'PD408'],
    ['upnp.model', 'BD508', 'hytera', 'BD508'],
    ['upnp.model', 'PD-785g', 'hytera', 'PD-785g'],
    ['upnp.model', 'MD785i', 'hytera', 'MD785i'],
    // Hytera's Android LTE terminals (premex-ab/android-compose-preview-ext@a00de1ce6540 …/catalog/android/Hytera.kt).
    ['upnp.model', 'PDC680', 'hytera', 'PDC680'],
    ['upnp.model', 'PTC680', 'hytera', 'PTC680'],
    // ANNKE's Hikvision-firmware cameras name ANNKE and its relabel fact (search index ids 71351068166, 57146978881).
    ['upnp.model', 'I91DG', 'hikvision', 'I91DG'],
    // Sepura TETRA terminals (hbaar.com Sepura STP8000/9000 page; usermanual.wiki SRG3500XB FCC filing;
    // a fleet list's 'Sepura STP8200' and a training note's 'Sepura STP 9038', search index ids 57706679689, 56367289598).
    ['upnp.model', 'STP9000', 'hytera', 'STP9000'],
    ['upnp.model', 'STP8200', 'hytera', 'STP8200'],
    ['http.title', 'STP 9038', 'hytera', 'STP 9038'],
    ['snmp.sysdescr', 'SRG3500XB', 'hytera', 'SRG3500XB'],
    // EZVIZ short numbers (EZVIZ's product image paths, search index id 2402893645; 'CS-HB8c/SP-R100', id 70937898285).
    ['upnp.model', 'CS-H80X', 'hikvision', 'CS-H80X'],
    ['upnp.model', 'CS-CB2', 'hikvision', 'CS-CB2'],
    ['upnp.model', 'CS-H9C', 'hikvision', 'CS-H9C'],
    ['upnp.model', 'CS-HB8c', 'hikvision', 'CS-HB8c'],
    // ZTE's own 5G modules (ztedevices.com, zte.com.cn news of 2021 and 2023).
    ['upnp.model', 'ZM9300', 'zte', 'ZM9300'],
    // Huawei's telecom power systems and their SNMP site monitoring units (andrebolzan/huaweiETP@00bb3eb68a17 README.md).
    ['snmp.sysdescr', 'ETP4860', 'huawei', 'ETP4860'],
    ['upnp.model', 'SMU02C', 'huawei', 'SMU02C'],
    ['snmp.sysdescr', 'SMU11B', 'huawei', 'SMU11B'],
    // Huawei's backup box (installer form, search index id 971704041).
    ['upnp.model', 'Back-up box-B0', 'huawei', 'Back-up box-B0'],
  ] as const)('%s %s is review for %s with model %s', (kind, value, entity, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'review', covered: entity, model });
  });

  it('an XVR number without the form letters, or in a name people give hosts, stays review (dahua.recorder)', () => {
    expect(verdictOf('upnp.model', 'XVR5104')).toMatchObject({ status: 'review', covered: 'dahua', model: 'XVR5104' });
    expect(verdictOf('hostname', 'XVR5104C-X1')).toMatchObject({ status: 'review', covered: 'dahua' });
  });
});

describe('look-alikes of the same shapes stay clear', () => {
  it.each([
    // Sungrow's data loggers are not Huawei's SmartLogger; CHINT's meter is sold to many.
    ['http.title', 'Logger4000'],
    ['upnp.model', 'Logger3000'],
    ['upnp.model', 'DTSU666'],
    // Panasonic room air conditioners: CS- + series letters + capacity + code (search index ids 21833412868,
    // 62760219599, 38865841140, 16012564587; aircon.cis.panasonic.com CS-PC12GKD).
    ['upnp.model', 'CS-X283D'],
    ['upnp.model', 'CS-E12DKEW'],
    ['upnp.model', 'CS-TZ25WKEW'],
    ['upnp.model', 'CS-Z50VKR'],
    ['upnp.model', 'CS-PC12GKD'],
    // Cisco collaboration part numbers.
    ['upnp.model', 'CS-KIT-K9'],
    // Roland stage pianos, LG Blu-ray players, a USB-Ethernet chip, Shure headphones.
    ['upnp.model', 'RD-2000'],
    ['upnp.model', 'RD-700NX'],
    ['upnp.model', 'RD-88'],
    ['upnp.model', 'BD550'],
    ['upnp.model', 'BD670'],
    ['upnp.model', 'RD9700'],
    ['upnp.model', 'SRH1540'],
    // Motorola Solutions and Airbus radios.
    ['upnp.model', 'MTP3250'],
    ['upnp.model', 'MTP8500Ex'],
    ['upnp.model', 'MTP6750'],
    ['upnp.model', 'DP4800e'],
    ['upnp.model', 'DM4600e'],
    ['upnp.model', 'THR9'],
    // Other makers' 5G modules.
    ['upnp.model', 'EM9190'],
    ['upnp.model', 'RM500Q-GL'],
    // Appliance numbering after DH-, and names people give hosts.
    ['upnp.model', 'DH-1000'],
    ['hostname', 'dh-a1b-01'],
    ['hostname', 'STP8200'],
    ['hostname', 'ZM9000'],
    ['hostname', 'I91BN'],
    ['upnp.model', 'IR1101'],
    // Other makers' telecom rectifier systems, and names people give hosts.
    ['snmp.sysdescr', 'NetSure 701'],
    ['upnp.model', 'Flatpack2 48/2000'],
    ['hostname', 'SMU02C'],
  ] as const)('%s %s stays clear', (kind, value) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'clear', covered: null });
  });
});
