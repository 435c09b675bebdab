/**
 * Issue #11: Huawei VRP's VTY-users notice on a telnet session, Huawei R48xx
 * rectifier modules, Huawei short numbers written as a whole model (E303, UPS2000A/UPS2000G), and
 * nmap's 'Mini web server' product (ZTE). Each value is a real string, its source beside it; the
 * look-alikes are other makers' strings or the DIY controllers named after a rectifier.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { noMac, obs, verdictOf } from './observations.js';

describe('read, with the entity, status and model', () => {
  it.each([
    // https://pastebin.com/314Q5idN: VRP5 wording after a telnet login.
    ['telnet.banner', 'Info: The max number of VTY users is 10, and the number\r\n      of current VTY users on line is 1.\r\n      The current login time is 2016-01-25 20:20:16+07:00.', 'covered', 'huawei', null],
    // https://pastebin.com/XPy6Rj8c: VRP8 wording.
    ['telnet.banner', 'Info: The max number of VTY users is 21, the number of current VTY users online is 1, and total number of terminal users online is 1.\r\n      The current login time is 2016-01-25 20:13:49-01:00.', 'covered', 'huawei', null],
    // A Huawei S3328 (V100R005C01SPC100) login in a public configuration note (search index id 24588453667).
    ['telnet.banner', 'Login authentication\n\n\nUsername:admin\nPassword:\nInfo: The max number of VTY users is 5, and the number\n      of current VTY users on line is 1.\n<HuiShi-3328>', 'covered', 'huawei', null],
    // Huawei's STelnet guide (OpenSSH login, VRP8 wording; search index id 10615516136) and STelnet client example (older one-line wording; 10655740606).
    ['telnet.banner', 'Info: The max number of VTY users is 21, the number of current VTY users online is 1, and total number of terminal users online is 1.\n      The current login time is 2020-12-15 14:23:00.\n<HUAWEI>', 'covered', 'huawei', null],
    ['telnet.banner', 'Info: The number of current VTY users on line is 1.\n      The current login time is 2011-10-18 10:54:33.', 'covered', 'huawei', null],
    // nmap 7.93 nmap-service-probes line 9492: the product nmap names for ZTE's 'Mini web server … ZTE corp 2005.'
    ['nmap.product', 'Mini web server', 'covered', 'zte', null],
    // craigpeacock/Huawei_R4850G2_CAN@124e884df319 README.md; BotoX/r4830g2-tiva (an R4830G2 controller).
    ['snmp.entity.model', 'R4850G2', 'review', 'huawei', 'R4850G2'],
    ['snmp.entity.model', 'R4830G2', 'review', 'huawei', 'R4830G2'],
    // mjpalmowski/CAN-BUS-control-R4875G1-with-ESPHome-and-MQTT@ebaea5b8c0c4 README.md ('Huawei R4875G1 48 V Rectifier Module'); @c0d245fa556b 'R4875G5 Rectifier User Manual V2.3.pdf'.
    ['snmp.sysdescr', 'R4875G1', 'review', 'huawei', 'R4875G1'],
    ['snmp.entity.model', 'R4875G5', 'review', 'huawei', 'R4875G5'],
    // Huawei's elabel description of an R4850G2 as a CAN monitor quotes it (public source file, search index id 44256615418).
    ['snmp.sysdescr', 'Function Module,R4850G2,EN1MRC5G1A1,1U 3000W Rectifier,Power Only', 'review', 'huawei', 'R4850G2'],
    // MartijnBraam/huawei-3g@63e4df7554a6 README.md; a HiSilicon 3G test naming 'HUAWEI E303s' (search index id 14113986338).
    ['upnp.model', 'E303', 'review', 'huawei', 'E303'],
    ['upnp.model', 'E303s', 'review', 'huawei', 'E303s'],
    // networkupstools/nut@06d1032239ee drivers/huawei-ups2000.c supported_model[].
    ['snmp.entity.model', 'UPS2000A', 'review', 'huawei', 'UPS2000A'],
    ['upnp.model', 'UPS2000G', 'review', 'huawei', 'UPS2000G'],
  ] as const)('%s %j is %s for %s', (kind, value, status, entity, model) => {
    const verdict = verdictOf(kind, value);
    expect(verdict).toMatchObject({ status, covered: entity });
    if (model !== null) expect(verdict.model).toBe(model);
  });
});

describe('look-alikes stay clear', () => {
  it.each([
    // H3C Comware 7 telnet login (https://www.h3c.com/cn/d_202303/1816260_30005_0.htm header).
    ['telnet.banner', '******************************************************************************\r\n* Copyright (c) 2004-2017 New H3C Technologies Co., Ltd. All rights reserved.*\r\n* Without the owner\'s prior written consent,                                 *\r\n* no decompiling or reverse-engineering shall be allowed.                    *\r\n******************************************************************************\r\n\r\nlogin:'],
    // Cisco IOS.
    ['telnet.banner', 'User Access Verification\r\n\r\nUsername:'],
    // nmap 7.93 lines 10356, 11562: other 'Mini…' products.
    ['nmap.product', 'mini_httpd 1.30'],
    ['nmap.product', 'MiniUPnP 1.8'],
    // Other makers' rectifiers (Vertiv/Emerson, Enatel, GE): URLs in oui/families.json huawei.rectifier.
    ['snmp.entity.model', 'R48-2000e3'],
    ['snmp.entity.model', 'R48-3500E'],
    ['snmp.entity.model', 'RM3048HE'],
    ['snmp.entity.model', 'CAR1248FP'],
    // An ESP32 controller named after the module (mjpalmowski/CAN-BUS-control-R4875G1-with-ESPHome-and-MQTT@115cfe38ce06 R4850G2.YAML).
    ['hostname', 'can-bus-control-r4850g2'],
    ['hostname', 'R4850G2'],
    ['http.title', 'R4875G1 Fallback Hotspot'],
    // The veto words read as words beside an underscore too (a review's case).
    ['http.title', 'ESP32_R4850G2'],
    ['mdns.instance', 'esp32_r4850g2 controller'],
    // The bare UPS2000 series name (NUT lists it too) and APC's Smart-UPS 2000.
    ['snmp.entity.model', 'UPS2000'],
    ['snmp.sysdescr', 'APC Smart-UPS 2000'],
    // Linksys/Canon E-numbers the stick grammar leaves out.
    ['upnp.model', 'E8450'],
    ['upnp.model', 'E3100'],
  ] as const)('%s %j', (kind, value) => {
    expect(verdictOf(kind, value).status).toBe('clear');
  });
});

describe('a product with no network port of its own (families.json offNetwork: the R48xx rectifiers)', () => {
  // An ESPHome node that drives a rectifier over CAN is named after it (mjpalmowski/CAN-BUS-control-R4875G1-with-ESPHome-and-MQTT):
  // the maker's name beside the module's number says what the controller drives, not who made the host.
  it.each([
    ['hostname', 'huawei-r4875g1'],
    ['mdns.instance', 'huawei_r4875g1'],
    ['http.title', 'huawei_r4875g1'],
  ] as const)('%s %j names Huawei beside a rectifier: review, not a flag', (kind, value) => {
    const v = verdictOf(kind, value);
    expect(v.status).toBe('review');
    expect(v.covered).toBe('huawei');
  });

  it("keeps a Huawei controller's own text that lists its rectifiers as it was: only names and titles say what a host drives", () => {
    expect(verdictOf('snmp.sysdescr', 'HUAWEI SMU02B, rectifiers R4850G2 x4').status).toBe('covered');
  });

  it("an ESPHome node's names (mentions.json generalPurposeHosts esphome-node) are its owner's words: review", () => {
    // esphome/esphome@81d2644444f6 esphome/components/mdns/mdns_component.cpp: the TXT records a node writes.
    const txt = 'friendly_name=Huawei R4875G1 Charger; version=2024.6.0; mac=a0b1c2d3e4f5; platform=ESP32; board=esp32dev; network=wifi';
    const v = identify([obs('hostname', 'huawei-r4875g1-charger'), obs('mdns.txt', txt)], noMac);
    expect([v.status, v.covered]).toEqual(['review', 'huawei']);
    const emma = identify([obs('hostname', 'huawei-emma-rs485'), obs('mdns.txt', txt.replace('Huawei R4875G1 Charger', 'Huawei EMMA RS485'))], noMac);
    expect(emma.status).toBe('review');
  });

  it('leaves a maker-and-model name of a networked product as it was (a phone, a Mobile WiFi)', () => {
    expect(verdictOf('hostname', 'huawei-e5576').status).toBe('covered');
    expect(verdictOf('hostname', 'HUAWEI_P30-abc').status).toBe('covered');
  });
});
