/**
 * Issue #11: a covered maker's model number that no rule has seen is still recognised, from the
 * shape of the product line (oui/families.json), as a scan meets it: a bare model a device API or
 * UPnP description reports (Hikvision ISAPI deviceInfo, Dahua magicBox, the Huawei LTE API), a
 * sysDescr that is only the model, an ONVIF hardware scope. The numbers below are product-line
 * members that are no example in families.json; each look-alike is another maker's real number
 * of the same shape and must stay clear.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { ObservationKind } from '../../src/observations/observation.js';
import { obs } from './observations.js';

const noMac = { lookup: () => null };

describe('model numbers of covered product lines flag alone, with the model', () => {
  it.each([
    // Huawei mobile broadband: region-suffixed numbers of the B/E/H lines (consumer.huawei.com product pages).
    ['upnp.model', 'B535-232', 'huawei', 'B535-232'],
    ['upnp.model', 'E5785Lh-22c', 'huawei', 'E5785Lh-22c'],
    ['upnp.model', 'B618s-22d', 'huawei', 'B618s-22d'],
    ['upnp.model', 'E6878-870', 'huawei', 'E6878-870'],
    ['upnp.model', 'H155-381', 'huawei', 'H155-381'],
    ['upnp.model', 'WS7200-20', 'huawei', 'WS7200-20'],
    ['upnp.model', 'HG658 V2', 'huawei', 'HG658 V2'], // DSL home gateway (oui/rules/upnp.model.json)
    // Huawei enterprise lines: WLAN, carrier routers, OLTs, servers.
    ['snmp.sysdescr', 'AP6050DN', 'huawei', 'AP6050DN'],
    ['snmp.sysdescr', 'AirEngine 8760-X1-PRO', 'huawei', 'AirEngine 8760-X1-PRO'],
    ['snmp.sysdescr', 'NE05E-SE', 'huawei', 'NE05E-SE'],
    ['snmp.sysdescr', 'ATN950B', 'huawei', 'ATN950B'],
    ['snmp.sysdescr', 'EA5800-X7', 'huawei', 'EA5800-X7'],
    ['http.title', 'RH5885H V3', 'huawei', 'RH5885H V3'],
    ['snmp.sysdescr', 'OSN 8800', 'huawei', 'OSN 8800'],
    ['snmp.sysdescr', 'RTN 980', 'huawei', 'RTN 980'],
    ['http.title', 'IdeaHub Board 2', 'huawei', 'IdeaHub Board 2'],
    ['snmp.sysdescr', 'Dorado6000 V3', 'huawei', 'Dorado6000 V3'],
    ['upnp.model', 'S5736-S24UM4XC', 'huawei', 'S5736-S24UM4XC'],
    ['snmp.sysdescr', 'USG6555E', 'huawei', 'USG6555E'],
    ['snmp.sysdescr', 'Eudemon8000E-X8', 'huawei', 'Eudemon8000E-X8'],
    ['snmp.sysdescr', 'CE6857-48S6CQ-EI', 'huawei', 'CE6857-48S6CQ-EI'],
    // Huawei phones and tablets name themselves HUAWEI_<line> on the network.
    ['hostname', 'HUAWEI_nova_9-8c1d', 'huawei', 'nova_9'],
    ['mdns.instance', 'HUAWEI MatePad Pro', 'huawei', 'MatePad Pro'],
    ['hostname', 'huawei_nova_5t-4b2c', 'huawei', 'NOVA_5T'], // lower-cased by a DHCP server: the model is reported in upper case
    ['hostname', 'ap7060dn-e', 'huawei', 'AP7060DN-E'],
    ['hostname', 's5735-l24p4s-a1', 'huawei', 'S5735-L24P4S-A1'],
    ['hostname', 'vto2111d-wp', 'dahua', 'VTO2111D-WP'],
    // Huawei Digital Power (a Huawei subsidiary): inverters, data loggers, UPS.
    ['upnp.model', 'SUN2000-5KTL-L1', 'huawei', 'SUN2000-5KTL-L1'],
    ['http.title', 'SmartLogger1000A', 'huawei', 'SmartLogger1000A'],
    ['snmp.sysdescr', 'UPS5000-E-120K-FM', 'huawei', 'UPS5000-E-120K-FM'],
    ['snmp.sysdescr', 'S5720-52P-LI-AC', 'huawei', 'S5720-52P-LI-AC'],
    // Hikvision and its brands.
    ['upnp.model', 'DS-96256NI-I24', 'hikvision', 'DS-96256NI-I24'],
    ['upnp.model', 'DS-PHA64-LP', 'hikvision', 'DS-PHA64-LP'],
    ['upnp.model', 'DS-3WR12C', 'hikvision', 'DS-3WR12C'],
    ['upnp.model', 'DS-3T3306P-E', 'hikvision', 'DS-3T3306P-E'],
    ['upnp.model', 'DS-AT1000S', 'hikvision', 'DS-AT1000S'],
    ['upnp.model', 'CS-DB1C-A0-1E2W2FR', 'hikvision', 'CS-DB1C-A0-1E2W2FR'],
    ['upnp.model', 'MV-CH120-10GM', 'hikvision', 'MV-CH120-10GM'],
    // Dahua lines without the DH- prefix.
    ['upnp.model', 'NVR4208-4KS2', 'dahua', 'NVR4208-4KS2'],
    ['upnp.model', 'XVR7216AN-4KL-X', 'dahua', 'XVR7216AN-4KL-X'],
    ['upnp.model', 'NVR616-128-4KS2', 'dahua', 'NVR616-128-4KS2'],
    ['onvif.scope', 'onvif://www.onvif.org/hardware/SD1A404XB-GNR', 'dahua', 'SD1A404XB-GNR'],
    ['upnp.model', 'PFS3008-8GT-96', 'dahua', 'PFS3008-8GT-96'],
    ['upnp.model', 'TPC-PT8620A-T', 'dahua', 'TPC-PT8620A-T'],
    ['hostname', 'ivss7112-1m', 'dahua', 'IVSS7112-1M'],
    // ZTE phones name themselves on the network.
    ['hostname', 'ZTE_Axon_30_5G', 'zte', 'Axon_30_5G'],
    ['upnp.model', 'VTO3211D-P2', 'dahua', 'VTO3211D-P2'],
  ] as const)('%s %s flags %s as %s', (kind, value, entity, model) => {
    expect(identify([obs(kind as ObservationKind, value)], noMac)).toMatchObject({ status: 'covered', covered: entity, model });
  });
});

describe('look-alike model numbers of other makers stay clear', () => {
  it.each([
    ['upnp.model', 'NVR1008H-8MP'], // TP-Link VIGI
    ['upnp.model', 'NVR308-32E-B'], // Uniview
    ['upnp.model', 'NVR516-64'], // Uniview
    ['upnp.model', 'IPC3614SB-ADF28KM-I0'], // Uniview
    ['upnp.model', 'TC-NC9401S3E-2MP-E-I3'], // Tiandy
    ['upnp.model', 'XNO-6080R'], // Hanwha
    ['upnp.model', 'RLN8-410'], // Reolink
    ['upnp.model', 'E8450'], // Linksys
    ['upnp.model', 'B200-M5'], // Cisco UCS blade
    ['http.title', 'Intel Xeon E5-2680 v4'],
    ['http.title', 'ASUS PRIME H310M-E'],
    ['upnp.model', 'LTE3316-M604'], // ZyXEL
    ['upnp.model', 'EG25-G'], // Quectel module
    ['snmp.sysdescr', 'AP3935i'], // Extreme
    ['snmp.sysdescr', 'AIR-AP1832I-E-K9'], // Cisco
    ['http.title', 'TP-Link Archer AC1200'],
    ['http.title', 'NE2000 compatible'],
    ['upnp.model', 'CS-KIT-K9'], // Cisco Webex
    ['upnp.model', 'CS-CAM-P60'], // Cisco camera
    ['upnp.model', 'TPC-1551T'], // Advantech
    ['upnp.model', 'MER-131-75GM-P'], // Daheng
    ['upnp.model', 'DS-60000'], // Epson scanner
    ['http.title', 'Brother DS-920DW'],
    ['upnp.model', 'DS220+'], // Synology
    ['upnp.model', 'HG9'], // Tenda ONT
    ['http.title', 'IdeaHub'], // idea-management apps share the word
    ['snmp.sysdescr', 'Nokia 1830 PSS-32'],
    ['http.title', 'Dorado Software Inventory'],
    ['hostname', 'ap1130'], // Aerohive, lower-cased
    ['hostname', 'usg-pro-4'], // Ubiquiti, lower-cased
    ['hostname', 's3700-24t4f'], // FS, lower-cased
    ['snmp.sysdescr', 'AR9331'], // Atheros SoC
    ['snmp.sysdescr', 'AR8035'], // Atheros PHY
    ['upnp.model', 'USG-PRO-4'], // Ubiquiti
    ['upnp.model', 'USG1100'], // ZyXEL
    ['hostname', 'HONOR_X9-77aa'], // Honor, no longer Huawei since 2020
    ['http.title', 'Blade Runner 2049'],
    ['snmp.sysdescr', 'Smart-UPS 2000'], // APC
  ] as const)('%s %s', (kind, value) => {
    expect(identify([obs(kind as ObservationKind, value)], noMac).status).toBe('clear');
  });
});

describe('other makers\' switch numbers of Huawei S-series shape do not flag', () => {
  // A bare number of this shape may still reach review (huawei.s-switch): only the full Huawei form flags.
  it.each([
    ['upnp.model', 'S5750E-28X-SI'], // DCN
    ['upnp.model', 'S3700-24T4F'], // FS
    ['upnp.model', 'S5130S-28P-EI'], // H3C
    ['snmp.sysdescr', 'H3C S5560X-30C-EI'],
  ] as const)('%s %s', (kind, value) => {
    expect(identify([obs(kind as ObservationKind, value)], noMac).status).not.toBe('covered');
  });
});

describe('names of an affiliate the policy holds probable reach review, never flag', () => {
  // oui/covered-entities.json: Nubia is a probable, reported ZTE affiliate; its MAC registrant reaches
  // review, and so does the name its phones give themselves (a review helper found the grammar flagged).
  it.each([
    ['hostname', 'REDMAGIC_9_Pro'],
    ['mdns.instance', 'nubia Flip 5G'],
  ] as const)('%s %s reaches review for ZTE', (kind, value) => {
    expect(identify([obs(kind as ObservationKind, value)], noMac)).toMatchObject({ status: 'review', covered: 'zte' });
  });
});

describe('relabelers\' own model numbers send to review, never flag', () => {
  // Amcrest and CP PLUS relabel Dahua, LTS Hikvision, for many models but not all: the number names the
  // brand, and the brand's relabel fact points to the covered maker at review (oui/vendors.json relabels).
  it.each([
    ['upnp.model', 'IP8M-T2599EW', 'dahua'], // Amcrest
    ['upnp.model', 'CP-UNR-4K2082-V2', 'dahua'], // CP PLUS
    ['upnp.model', 'LTD8516K-ST', 'hikvision'], // LTS
  ] as const)('%s %s reaches review for %s', (kind, value, entity) => {
    expect(identify([obs(kind as ObservationKind, value)], noMac)).toMatchObject({ status: 'review', covered: entity });
  });
});

describe('a UPnP or device-API model name that begins with HUAWEI (oui/rules/upnp.model.json)', () => {
  it('flags the device by its marketing name, with that name as the model', () => {
    expect(identify([obs('upnp.model', 'HUAWEI 5G CPE Pro')], noMac)).toMatchObject({ status: 'covered', covered: 'huawei', model: '5G CPE Pro' });
  });

  it.each(['HUAWEI Share', 'Huawei PC Manager'])('leaves Huawei software that also runs on other hosts below a flag: %s', (value) => {
    expect(identify([obs('upnp.model', value)], noMac).status).not.toBe('covered');
  });
});
