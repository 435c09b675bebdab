/**
 * Issue #11: model grammars cover the covered makers' product lines as their catalogues list them,
 * not only the strings someone already captured. The numbers below are members of each line as a
 * public catalogue or a public issue thread names them (cited per row), most of them no example
 * in oui/families.json; each is read the way a scan meets it (a bare UPnP model, a device-API
 * model, a sysDescr, a title, an ONVIF hardware scope, a host name) and must reach the verdict
 * with the right entity and its model. The look-alikes are other makers' real numbers of the same
 * shapes and must stay clear.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { obs, verdictOf } from './observations.js';


// KHwang9883/MobileModels@0f619a7ee2dd brands/huawei_global_en.md lists Huawei's global phone codes;
// nocproject/noc@c4609db80430 collections/inv.objectmodels/Huawei/ the Quidway and AR models.
describe('catalogue members of lines that flag alone: covered, right entity, model filled', () => {
  it.each([
    // Huawei phones by model code (huawei.phone-code): Build.MODEL as a UPnP/DLNA model or a user agent.
    ['upnp.model', 'VOG-L09', 'huawei', 'VOG-L09'], // P30 Pro single SIM
    ['upnp.model', 'CLT-L29', 'huawei', 'CLT-L29'], // P20 Pro
    ['upnp.model', 'LYA-L29', 'huawei', 'LYA-L29'], // Mate 20 Pro
    ['upnp.model', 'STK-LX1', 'huawei', 'STK-LX1'], // P smart Z
    ['upnp.model', 'YAL-L21', 'huawei', 'YAL-L21'], // nova 5T
    ['upnp.model', 'MAR-LX2', 'huawei', 'MAR-LX2'], // P30 lite
    ['upnp.model', 'LIO-N29', 'huawei', 'LIO-N29'], // Mate 30 Pro 5G
    ['http.title', 'WKG-LX9', 'huawei', 'WKG-LX9'], // nova Y60 (2022)
    // Huawei phones by the name they give themselves (huawei.consumer), P and Y series.
    ['hostname', 'HUAWEI_P30_Pro-1a2b3c', 'huawei', 'P30_Pro'],
    ['hostname', 'HUAWEI_Y9a', 'huawei', 'Y9a'],
    ['mdns.instance', 'HUAWEI P smart Z', 'huawei', 'P smart Z'],
    ['hostname', 'huawei_p40_lite-77aa', 'huawei', 'P40_LITE'], // lower-cased by a DHCP server
    ['hostname', 'HUAWEI_MatePad_T_10s', 'huawei', 'MatePad_T_10s'],
    ['hostname', 'HUAWEI_P50_Pocket-4e1f', 'huawei', 'P50_Pocket'],
    // Huawei mobile broadband: operator and older region suffixes (huawei.lte).
    ['snmp.sysdescr', 'E5330Bs-2', 'huawei', 'E5330Bs-2'],
    ['upnp.model', 'E5577Bs-937', 'huawei', 'E5577Bs-937'], // qyyd5g/qyyd5g.github.io issue #3
    ['http.title', 'H312-371', 'huawei', 'H312-371'],
    // Quidway switches by full model (huawei.s-switch-legacy).
    ['snmp.sysdescr', 'S2326TP-EI-AC', 'huawei', 'S2326TP-EI-AC'],
    ['upnp.model', 'S3328TP-SI-AC', 'huawei', 'S3328TP-SI-AC'],
    ['snmp.sysdescr', 'S5328C-HI', 'huawei', 'S5328C-HI'],
    ['snmp.sysdescr', 'S5352C-EI', 'huawei', 'S5352C-EI'],
    ['http.title', 'S5320-32C-HI-24S', 'huawei', 'S5320-32C-HI-24S'],
    ['snmp.sysdescr', 'S1720-28GWR-PWR-4TP-E', 'huawei', 'S1720-28GWR-PWR-4TP-E'], // netbox S1720-28GWR-PWR-4TP-E.yaml
    // netbox-community/devicetype-library device-types/Huawei/: AirEngine codes of four characters, a CE chassis code of one digit.
    ['upnp.model', 'AirEngine6760R-51E', 'huawei', 'AirEngine6760R-51E'],
    ['hostname', 'airengine5762-12sw', 'huawei', 'AIRENGINE5762-12SW'], // lower-cased DHCP name
    ['snmp.sysdescr', 'CE8860-4C-EI', 'huawei', 'CE8860-4C-EI'],
    ['http.title', 'OptiXtrans E9600', 'huawei', null], // the line name flags the maker but is no model number
    // TaiShan Arm servers (huawei.server); jiangcuo/pxvirt issue #220 writes "Taishan 2280".
    ['http.title', 'Taishan 2280', 'huawei', 'Taishan 2280'],
    // Dahua intercom switch, lower-cased host name (dahua.vto).
    ['hostname', 'vtns1060a', 'dahua', 'VTNS1060A'],
    // Dahua lines behind DH- that the line-code list missed (ch-bas/cctv-camera-database cameras/dahua/).
    ['onvif.scope', 'onvif://www.onvif.org/hardware/DH-ESD-61A231-HNR-F', 'dahua', 'DH-ESD-61A231-HNR-F'],
    ['upnp.model', 'DH-HFW5443M3-PV-ZAS', 'dahua', 'DH-HFW5443M3-PV-ZAS'],
    ['upnp.model', 'IPC-EBW8840-AS', 'dahua', 'IPC-EBW8840-AS'], // DH-IPC-EBW8840-AS fisheye as an OEM unit prints it
    ['hostname', 'huawei-b818-263', 'huawei', 'B818-263'], // a 4G router's DHCP name, lower-cased
    // Imou numbers with Imou's edition suffix flag (imou.ipc-full, issue #11 gaps round).
    ['upnp.model', 'IPC-A22EP-B', 'dahua', 'IPC-A22EP-B'], // user2684/imou_life issue #155
    ['onvif.scope', 'onvif://www.onvif.org/hardware/IPC-TA22CP-D', 'dahua', 'IPC-TA22CP-D'],
  ] as const)('%s %s flags %s as %s', (kind, value, entity, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: entity, model });
  });
});

describe('catalogue members of short or shared-shape lines reach review, with the entity and model', () => {
  it.each([
    ['upnp.model', 'E5576', 'huawei', 'E5576'], // HiLink bare number (qyyd5g issue #58: E5576-508)
    ['snmp.sysdescr', 'AR1220W', 'huawei', 'AR1220W'], // noc AR_1200/AR1220W.json
    ['snmp.sysdescr', 'AR2240', 'huawei', 'AR2240'], // noc AR_2240/AR2240.json
    ['upnp.model', 'AR657W', 'huawei', 'AR657W'],
    ['http.title', '2288H V6', 'huawei', '2288H V6'], // netbox 2288H-V6.yaml: Huawei or xFusion, the number cannot tell
    ['http.title', 'TX50', 'huawei', 'TX50'], // support.huawei.com EDOC1000184611
    ['upnp.model', 'B860AV2.1-A2', 'zte', 'B860AV2.1-A2'], // ophub/amlogic-s9xxx-armbian issue #1968
    ['upnp.model', 'B860AV2.1-M', 'zte', 'B860AV2.1-M'], // ophub/amlogic-s9xxx-armbian issue #3011
    ['http.title', 'MF985', 'zte', 'MF985'],
    ['upnp.model', 'MU5120', 'zte', 'MU5120'],
    ['upnp.model', 'ARC3000H-W2', 'dahua', 'ARC3000H-W2'], // AirShield hub
    ['http.title', 'RD-625', 'hytera', 'RD-625'], // g4klx/MMDVM-Host issue #286
    ['upnp.model', 'PD-685', 'hytera', 'PD-685'], // g4klx/MMDVM-Host issue #286
  ] as const)('%s %s reaches review for %s as %s', (kind, value, entity, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'review', covered: entity, model });
  });
});

describe("other makers' numbers of the new lines' shapes stay clear", () => {
  it.each([
    ['upnp.model', 'ANY-NX1'], // Honor Magic4 Lite 5G (Honor since November 2020)
    ['upnp.model', 'VNE-N41'], // Honor X8 5G
    ['upnp.model', 'CMA-LX2'], // Honor X7
    ['upnp.model', 'HEY-W09'], // Honor Pad 8
    ['upnp.model', 'CAN-L1'], // a bus-interface token, no Huawei suffix
    ['upnp.model', 'GL-AR750S'], // GL.iNet
    ['upnp.model', 'AR300M'], // GL.iNet without its prefix
    ['snmp.sysdescr', 'AR2317'], // Atheros SoC
    ['upnp.model', 'B860M-A'], // Intel B860 chipset board
    ['upnp.model', 'B860'],
    ['upnp.model', 'E3500-24'], // HP switch (2010)
    ['upnp.model', 'H370M-ITX/ac'], // ASRock
    ['upnp.model', 'MF240'], // Canon series
    ['upnp.model', 'MF210'],
    ['upnp.model', 'E5400'], // Linksys
    ['upnp.model', 'ARC-1883IX-12'], // Areca RAID card
    ['upnp.model', 'S5500-28C-EI'], // H3C
    ['upnp.model', 'S3600-28P-EI'], // H3C
    ['http.title', 'xFusion 2288H V6'],
    ['hostname', 'HONOR_X8'],
    ['hostname', 'e3500-24'], // HP switch, lower-cased host name
    // Uniview's IPC- turrets and bullets (ch-bas/cctv-camera-database cameras/uniview/).
    ['upnp.model', 'IPC-T24S-A40'],
    ['upnp.model', 'IPC-T23S-JY40-V2'],
    ['onvif.scope', 'onvif://www.onvif.org/hardware/IPC-T35Q-JY40-AIV2'],
    ['upnp.model', 'IPC-L3A4-IR_F28'],
    ['upnp.model', 'IPC-Y13H-Y40'],
    ['upnp.model', 'IPC-H24S-A28'],
  ] as const)('%s %s', (kind, value) => {
    expect(verdictOf(kind, value).status).toBe('clear');
  });

  // Names people give hosts in the shapes of the new lines (review, 5 Dec): site codes in NetBIOS and
  // DNS names (IPVanish's lon-a01.ipvanish.com, search index id 43528109277), a school's room-and-desk
  // host names (hostname="b204-01" beside MAC 48:5b:39:0b:2e:c4, search index id 69388510128), a
  // database host (eReuse/devicehub-teal@21d1a96 ereuse_devicehub/config.py: postgresql://localhost/dh-db1),
  // and two letters and three digits, a common host naming scheme that is also Hytera's radio shape.
  it.each(['PAR-A01', 'LON-A01', 'DUB-L01', 'VIE-AL01', 'MAR-A01', 'lon-a01', 'b204-01', 'B204-01', 'h112-01', 'e310a-05', 'b204-12', 'H120-11', 'WS5720-01', 'ws7100-12', 'dh-db1', 'HP750', 'PD785'])(
    'host name %s beside a Dell MAC is no covered device',
    (value) => {
      const v = identify([obs('mac', '18:db:f2:00:00:01', { source: 'neigh' }), obs('hostname', value)]);
      expect(v.status).toBe('clear');
    },
  );

  // A certificate is issued to its host's name: Windows' self-signed Remote Desktop certificate names the computer
  // (nmap ssl-cert on 3389: "Subject: commonName=<computer>.<domain>"), so the same schemes reach tls.subject and
  // tls.issuer (b528-12, b204-12, H120-11 and WS5720-01 flagged Huawei there before).
  it.each(['b528-12', 'b204-12', 'B204-12', 'H120-11', 'WS5720-01', 'e5576-320'])(
    'a certificate issued to host name %s beside a Dell MAC is no covered device',
    (name) => {
      const cn = `commonName=${name}.corp.example.com`;
      const v = identify([obs('mac', '18:db:f2:00:00:01', { source: 'neigh' }), obs('tls.subject', cn, { port: 3389 }), obs('tls.issuer', cn, { port: 3389 })]);
      expect(v.status).toBe('clear');
    },
  );

  // OpenWrt's LuCI titles its pages '<hostname> - <page> - LuCI' (its luci-base header template, found by
  // review), so an OpenWrt router named after a room is no Huawei LTE device.
  it.each(['B204-12 - Overview - LuCI', 'b528-12 - Status - LuCI'])('OpenWrt page title %s stays clear', (value) => {
    expect(verdictOf('http.title', value).status).toBe('clear');
  });

  it.each(['IPC-T240H', 'IPC-T260H-MU'])('HiLook %s (Hikvision) is not read as an Imou camera', (value) => {
    expect(verdictOf('upnp.model', value).covered).toBe('hikvision');
  });
});
