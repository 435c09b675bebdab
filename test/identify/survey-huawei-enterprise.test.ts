/**
 * Issue #11, a coverage survey of Huawei's enterprise and carrier catalogue by the model names Huawei's
 * own HUAWEI-MIB gives its products (librenms/librenms@07c0114bafe2 mibs/huawei/HUAWEI-MIB: object
 * names of switches, routers, WLAN, security and access products, 2006-2019) and Huawei's Ascend
 * documentation (Atlas), read as a UPnP model or an entity model name. None of these values is a
 * family example: they are the lines' next members, which the grammars must read too.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './observations.js';

describe('Huawei enterprise lines flag by their full model', () => {
  it.each([
    // S-series editions without a power suffix, PoE editions, the SV2 generation, web-managed port codes.
    ['upnp.model', 'S5710-28C-EI'],
    ['snmp.entity.model', 'S5730-68C-HI'],
    ['upnp.model', 'S2700-9TP-PWR-EI'],
    ['upnp.model', 'S1720-52GFR-PWR-4P'],
    ['snmp.entity.model', 'S1700-28GFR-4P-AC'],
    ['upnp.model', 'S5720SV2-28P-LI-AC'],
    ['upnp.model', 'S5730-52X-PWH-SI-ACF'],
    // CloudEngine boxes with a one-letter port code.
    ['upnp.model', 'CE5850-54Q-EI-48T'],
    ['snmp.entity.model', 'CE6850-52Q-EI-48S'],
    // AR port codes and hardened editions.
    ['upnp.model', 'AR1220-8GE'],
    ['upnp.model', 'AR550C-4GE'],
    ['snmp.entity.model', 'AR531GPE-U-H'],
    ['upnp.model', 'AR550-24FE-D-H'],
    // LTE editions with the radio's region or module code.
    ['upnp.model', 'AR101GW-LC-S'],
    ['snmp.entity.model', 'AR509CG-LT-N'],
    ['upnp.model', 'AR515GW-LM9-D'],
    ['upnp.model', 'AR503GW-LCM7'],
    // Carrier routers, broadband gateways and packet transport.
    ['upnp.model', 'CX600-F1A-8H20Q'],
    ['snmp.entity.model', 'CX6601-8H20Q'],
    ['upnp.model', 'CX200D'],
    ['upnp.model', 'ME60-X3A'],
    ['snmp.entity.model', 'ME60-S8'],
    ['upnp.model', 'NE20-4'],
    ['upnp.model', 'PTN2900'],
    // WLAN, security appliances, Atlas.
    ['upnp.model', 'AD9431DN-24X'],
    ['upnp.model', 'AP100EC'],
    ['snmp.entity.model', 'AP300EC'],
    ['upnp.model', 'AntiDDoS1650-AC'],
    ['snmp.entity.model', 'AntiDDoS1820'],
    ['upnp.model', 'NIP6510E'],
    ['upnp.model', 'Atlas 800I A2'],
    ['upnp.model', 'Atlas 200I DK A2'],
    ['snmp.entity.model', 'Atlas 300V Pro'],
    ['upnp.model', 'Atlas 500 A2'],
  ] as const)('%s %s', (kind, value) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: 'huawei', model: value });
  });
});

describe('OceanStor and OceanDisk arrays fill the model the FAR report needs', () => {
  // OpenStack's Huawei driver docs (havana, kilo, zed), a Zabbix template's device list, Huawei/css-docs.
  it.each(['OceanStor 18500', 'OceanStor-5600', 'OceanStor Dorado5100', 'OceanStor 2600V3', 'OceanDisk 1600'])('%s', (value) => {
    expect(verdictOf('upnp.model', value)).toMatchObject({ status: 'covered', covered: 'huawei', model: value });
  });
});

describe('bare Huawei numbers that other makers could share reach review', () => {
  it.each(['AR2630', 'AR532', 'TE10', 'AC600EC-24'])('%s', (value) => {
    expect(verdictOf('upnp.model', value)).toMatchObject({ status: 'review', covered: 'huawei', model: value });
  });
});

describe('look-alikes and software editions are not flagged as Huawei equipment', () => {
  it.each([
    // DCN's switch: a series letter and no power suffix (review at most, as the bare S-number).
    'S5750E-52X-SI',
    // Epson Stylus CX printers (usb.ids line 4829) and Reolink's CX cameras.
    'CX5200',
    'CX810',
    // A Qualcomm Atheros Ethernet PHY part number and GL.iNet's router.
    'AR8035-AL1A',
    'GL-AR750S',
    // An Aerohive access point number.
    'AP130',
    'RIPE Atlas Probe v3',
    'Atlas 800',
    // Virtual editions are software, no device.
    'NIP9000V',
    'AntiDDoS8000V',
    'Anti-DDoS Pro',
  ])('%s', (value) => {
    expect(verdictOf('upnp.model', value).status).not.toBe('covered');
  });
});

describe('short carrier numbers are no evidence in names people give hosts', () => {
  // A host called ne20-4 or cx380 may be a room or anything else; only a model field reads them.
  it.each([
    ['hostname', 'ne20-4'],
    ['hostname', 'cx380'],
    ['snmp.sysname', 'ME60-S8'],
  ] as const)('%s %s', (kind, value) => {
    expect(verdictOf(kind, value).status).toBe('clear');
  });
});
