/**
 * Issue #11, fourth round of self-names (5 Dec): enterprise numbers as data, whatever notation a tool
 * wrote the sysObjectID in; Huawei's and ZTE's platform names (VRP, YunShan OS, ZXROS) where the
 * text does not open with the maker; a covered maker's legal and Chinese names in the forms the
 * mention vocabulary did not read (Traditional Chinese, subsidiaries, Huawei Digital Power); an
 * ONVIF name scope that is a covered maker or brand by itself; and a covered maker as the product
 * token of a UPnP SERVER header. Look-alikes of other makers stay clear.
 * Judged as a scan judges them: identify() on the device's facts.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './observations.js';

describe('every covered enterprise number, in the notations tools write a sysObjectID in', () => {
  // The registrants of the IANA registry as Wireshark vendors it (Debian libwireshark-data 4.0.17
  // enterprises.tsv) that are a covered entity, subsidiary or brand (covered-entities.md §3).
  const covered: ReadonlyArray<readonly [number, string]> = [
    [2011, 'huawei'],
    [34774, 'huawei'],
    [3902, 'zte'],
    [39165, 'hikvision'],
    [37496, 'dahua'],
    [40297, 'hytera'],
    [46055, 'hytera'],
    [58597, 'hytera'],
    [46904, 'hytera'],
    [22488, 'hytera'],
    [40560, 'hytera'],
    [53115, 'hytera'],
  ];
  const notations = [
    (pen: number) => `1.3.6.1.4.1.${pen}`,
    (pen: number) => `.1.3.6.1.4.1.${pen}.1.2`,
    (pen: number) => `iso.3.6.1.4.1.${pen}.1`,
    // net-snmp's default output with its MIBs loaded, with and without the value's type label.
    (pen: number) => `SNMPv2-SMI::enterprises.${pen}.1.2`,
    (pen: number) => `OID: SNMPv2-SMI::enterprises.${pen}`,
    // snmpwalk -Of (full names) and a bare MIB name.
    (pen: number) => `.iso.org.dod.internet.private.enterprises.${pen}.3`,
    (pen: number) => `enterprises.${pen}.2`,
  ];
  it.each(covered.flatMap(([pen, entity]) => notations.map((write) => [write(pen), entity] as const)))('%s flags %s', (value, entity) => {
    const v = verdictOf('snmp.sysobjectid', value);
    expect([v.status, v.covered]).toEqual(['covered', entity]);
  });

  it.each([
    ['SNMPv2-SMI::enterprises.25506.11.1.172', 'H3C'],
    ['SNMPv2-SMI::enterprises.2011.10.1.2', 'H3C'],
    ['SNMPv2-SMI::enterprises.61878.1', 'H3C'],
    ['OID: SNMPv2-SMI::enterprises.60913.2', 'Tiandy'],
    ['SNMPv2-SMI::enterprises.39747.1', 'Uniview'],
  ])('%s stays clear and names its maker, %s (not covered)', (value, maker) => {
    const v = verdictOf('snmp.sysobjectid', value);
    expect([v.status, v.covered, v.manufacturerName]).toEqual(['clear', null, maker]);
  });

  it.each([
    ['SNMPv2-SMI::enterprises.20110.1', 'a different PEN beginning with 2011'],
    ['SNMPv2-SMI::enterprises.8072.3.2.10', "net-snmp's own arc"],
    ['SNMPv2-SMI::enterprises.3600.1', 'Teltronics, Inc., not Teltronic S.A.U.'],
    ['SNMPv2-SMI::mib-2.2011', 'not under the enterprises arc'],
    ['HUAWEI-MIB::enterprises.2011', 'another MIB module'],
  ])('%s (%s) flags nobody', (value) => {
    expect(verdictOf('snmp.sysobjectid', value).covered).toBeNull();
  });
});

describe("Huawei's and ZTE's platform names in a sysDescr that does not open with the maker", () => {
  it.each([
    // librenms vrp.snmprec's AR1220 sysDescr with its leading 'Huawei' words gone, as a tool that cuts
    // the value at the model or a host-name prefix writes it.
    ['AR1220 Versatile Routing Platform Software  VRP (R) software,Version 5.120', 'huawei'],
    ['core-sw1: Versatile Routing Platform Software (VRP), Version 5.30', 'huawei'],
    ['NE40E-X8\r\nVersatile Routing Platform Software', 'huawei'],
    // VRP named as the software with its version, the rest of the text cut or renamed.
    ['SW-CORE VRP (R) software, Version 5.170', 'huawei'],
    ['VRP software, version 8.180', 'huawei'],
    // librenms yunshan.snmprec (a CloudEngine S6750-H) without its first word and copyright lines.
    ['YunShan OS\nVersion 1.24.0.1 (S6700 V600R024C00SPC100)', 'huawei'],
    ['YunShan OS Version 1.22.0.1', 'huawei'],
    // Observium's zxr10 poller quotes ZXROS-based ZTE sysDescrs; here the ZX- product name is cut off.
    ['Router Operating System Software, Based on ZXROS V4.6.02.a', 'zte'],
    ['ZXROS V4.8.12', 'zte'],
    // ZXROSNG, the next generation of ZTE's router OS.
    ['ZXROSNG V5.00.10', 'zte'],
  ])('%j flags %s', (value, entity) => {
    const v = verdictOf('snmp.sysdescr', value);
    expect([v.status, v.covered]).toEqual(['covered', entity]);
  });

  it('the YunShan version line fills the release', () => {
    const v = verdictOf('snmp.sysdescr', 'YunShan OS\nVersion 1.24.0.1 (S6700 V600R024C00SPC100)');
    expect([v.model, v.firmware]).toEqual(['S6700', 'V600R024C00SPC100']);
  });

  it.each([
    ['Huawei-3Com Versatile Routing Platform Software, Version 3.40', "the Huawei-3Com joint venture's VRP-era firmware (H3C, not covered)"],
    ['3Com Switch 4500 26-Port Versatile Routing Platform Software', "a 3Com-branded H3C switch"],
    ['H3C Comware Platform Software, Software Version 5.20.99, Release 1106\r\nH3C S5120-28C-PWR-EI', "H3C's Comware"],
    ['RuggedCom Rugged Switch ROS version 3.8.2', "Siemens RuggedCom's ROS (nmap-os-db line 95746)"],
    ['EasyPath Series PON Switch Software, GROS Version V2R02B157, ProductOS Version V1R12B157', "another PON maker's GROS (nmap-os-db line 23555)"],
    ['RouterOS RB951Ui-2HnD', "MikroTik's RouterOS"],
    ['ZXROSX 1', 'a longer word beginning with ZXROS'],
    ['Versatile Routing Platforms Inc. VR-2000', 'a different word: Platforms'],
    ['3Com Router VRP Software Version 3.10', 'VRP beside 3Com: the joint venture era'],
    ['VRPC software version 2', 'another word that begins with VRP'],
  ])('%j (%s) is not flagged', (value) => {
    expect(verdictOf('snmp.sysdescr', value).status).not.toBe('covered');
  });
});

describe("a covered maker's legal, subsidiary and Chinese names", () => {
  it.each([
    // The UPnP manufacturer field with the maker's registered name, as Taiwan and Hong Kong write it.
    ['華為技術有限公司', 'huawei'],
    ['華為終端有限公司', 'huawei'],
    ['中興通訊股份有限公司', 'zte'],
    ['杭州海康威視數字技術股份有限公司', 'hikvision'],
    ['浙江大華技術股份有限公司', 'dahua'],
    ['海能達通信股份有限公司', 'hytera'],
    // Subsidiaries' legal names.
    ['Huawei Digital Power Technologies Co., Ltd.', 'huawei'],
    ['杭州华橙网络科技有限公司', 'dahua'],
    ['浙江华睿科技股份有限公司', 'dahua'],
    ['杭州海康机器人股份有限公司', 'hikvision'],
    ['杭州海康微影传感科技有限公司', 'hikvision'],
    ['努比亚技术有限公司', 'zte'],
    ['Zhongxing Telecommunication Equipment Corporation', 'zte'],
    ['SHANGHAI ZTE TECHNOLOGIES CO.,LTD', 'zte'],
    ['Hytera Mobilfunk GmbH', 'hytera'],
    ['Hytera Austria GmbH', 'hytera'],
    // Regional companies and a place in parentheses.
    ['Huawei Technologies (UK) Co., Ltd.', 'huawei'],
    ['Huawei Device (Dongguan) Co., Ltd.', 'huawei'],
    ['Hikvision USA Inc.', 'hikvision'],
    ['Dahua Technology USA Inc.', 'dahua'],
    ['Hytera America, Inc.', 'hytera'],
  ])('the manufacturer %j flags %s', (value, entity) => {
    const v = verdictOf('upnp.manufacturer', value);
    expect([v.status, v.covered]).toEqual(['covered', entity]);
  });

  it.each([
    ['海康机器人', 'hikvision'],
    ['海康微影', 'hikvision'],
    ['乐橙', 'dahua'],
    ['海思半导体', 'huawei'],
  ])('a page title that is only the brand %j reaches review for %s', (value, entity) => {
    const v = verdictOf('http.title', value);
    expect([v.status, v.covered]).toEqual(['review', entity]);
  });

  it.each([
    ['上海康桥医院', '海康 inside Shanghai Kangqiao'],
    ['上海思源电气', '海思 inside Shanghai Siyuan'],
    ['中兴路派出所', '中兴 as a street name'],
    ['努比亚', 'the Nile region Nubia'],
    ['Huawei-3Com Technology Co., Ltd.', "H3C's old name"],
    ['Hangzhou H3C Technologies Co., Ltd.', 'H3C'],
    ['Zhejiang Uniview Technologies Co., Ltd.', 'Uniview'],
    ['Honor Device Co., Ltd.', 'Honor, sold by Huawei in 2020'],
    ['Teltronic AG', 'the Swiss Teltronic, not Teltronic S.A.U.'],
    ['Shanghai Dahua Scale Factory', 'a scale maker'],
    ['Huawei Cloud Computing Technologies Co., Ltd.', "Huawei's cloud service, not equipment"],
  ])('%j (%s) is not flagged', (value) => {
    expect(verdictOf('upnp.manufacturer', value).status).not.toBe('covered');
    expect(verdictOf('http.title', value).status).not.toBe('covered');
  });
});

describe('an ONVIF name scope that is a covered maker or brand by itself', () => {
  it.each([
    ['onvif://www.onvif.org/name/HIKVISION onvif://www.onvif.org/hardware/IPC', 'hikvision'],
    ['onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/name/HiWatch onvif://www.onvif.org/hardware/IPC-B140H', 'hikvision'],
    ['onvif://www.onvif.org/name/EZVIZ onvif://www.onvif.org/type/video_encoder', 'hikvision'],
    ['onvif://www.onvif.org/name/HUAWEI%20IPC onvif://www.onvif.org/hardware/M2141-10-EI', 'huawei'],
    ['onvif://www.onvif.org/name/IMOU%20IPC', 'dahua'],
    ['onvif://www.onvif.org/name/Hytera', 'hytera'],
  ])('%s flags %s', (value, entity) => {
    const v = verdictOf('onvif.scope', value);
    expect([v.status, v.covered]).toEqual(['covered', entity]);
  });

  it('a Dahua scope set with a DH- hardware scope keeps its model (fingerprints.md §3 capture, once a rule example)', () => {
    const v = verdictOf(
      'onvif.scope',
      'onvif://www.onvif.org/location/country/china onvif://www.onvif.org/name/Dahua onvif://www.onvif.org/hardware/DH-IPC-HDW1230T2 onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/type/Network_Video_Transmitter onvif://www.onvif.org/extension/unique_identifier/1 onvif://www.onvif.org/Profile/T',
    );
    expect([v.status, v.covered, v.model]).toEqual(['covered', 'dahua', 'DH-IPC-HDW1230T2']);
  });

  it.each([
    ['onvif://www.onvif.org/name/Front%20Door%20Hikvision onvif://www.onvif.org/hardware/IPC', 'a name the owner typed that contains the maker'],
    ['onvif://www.onvif.org/name/Hikvision%20Proxy onvif://www.onvif.org/type/video_encoder', 'the maker and a word that is no model (was read as model "Proxy")'],
    ['onvif://www.onvif.org/location/Hikvision onvif://www.onvif.org/name/IPC', 'the maker as a location'],
    ['onvif://www.onvif.org/name/Lorex', 'a relabeler: review at most'],
  ])('%s (%s) is not flagged', (value) => {
    expect(verdictOf('onvif.scope', value).status).not.toBe('covered');
  });

  it('another maker by itself flags nobody', () => {
    expect(verdictOf('onvif.scope', 'onvif://www.onvif.org/name/Uniview onvif://www.onvif.org/hardware/IPC322LB-SF28-A').covered).toBeNull();
  });
});

describe('a covered maker as the product token of a UPnP SERVER header (OS/version UPnP/1.0 product/version)', () => {
  it.each([
    ['Linux/4.1.15 UPnP/1.0 Hikvision/1.0', 'hikvision'],
    ['Linux/3.10 UPnP/1.0 Hikvision-NVR', 'hikvision'],
    ['Linux/4.9 UPnP/1.0 HiWatch/1.0', 'hikvision'],
    ['Linux/4.9 UPnP/1.0 EZVIZ/2.1.0', 'hikvision'],
    ['Linux/2.6.21, UPnP/1.0, Huawei/1.0', 'huawei'],
    ['Linux/2.6 UPnP/1.0 Dahua/1.0', 'dahua'],
    ['Linux/4.9, UPnP/1.0, IMOU/2.0', 'dahua'],
    ['Linux/3.0 UPnP/1.0 Hytera/1.0', 'hytera'],
  ])('%s flags %s', (value, entity) => {
    const v = verdictOf('upnp.server', value);
    expect([v.status, v.covered]).toEqual(['covered', entity]);
  });

  it.each([
    ['Windows/10 UPnP/1.0 Hikvision iVMS-4200', "the maker's client software on a PC"],
    ['Linux/3.10 UPnP/1.0 Hikvision Proxy', 'the maker followed by another word'],
    ['Python/3.11 UPnP/1.0 Hikvision/1.0', 'a Python program named after the maker'],
    ['Linux/3.10 UPnP/1.0 HikvisionProxy/1.0', 'a relay named after the maker'],
    ['ipos/7.0 UPnP/1.0 TL-WR841N/8.0', "TP-Link's product token (Recog upnp_banners.xml)"],
    ['Linux/4.4.240, UPnP/1.0, Portable SDK for UPnP devices/1.12.1', 'the generic libupnp token'],
    ['Linux/3.10 UPnP/1.0 Uniview/1.0', 'another camera maker'],
  ])('%s (%s) is not flagged', (value) => {
    expect(verdictOf('upnp.server', value).status).not.toBe('covered');
  });
});
