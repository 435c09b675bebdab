/**
 * Issue #11: Huawei and ZTE mobile-broadband lines and Huawei's older switches by their bare
 * model names (a UPnP model, a page title), as usb_modeswitch, usb.ids and the switch lists name
 * them: Huawei E-number sticks and Mobile WiFi without a region suffix (huawei.e-stick), Huawei's
 * embedded modules (huawei.module, huawei.module-suffixed), HG5xx/HG6xx gateways written in
 * capitals, the S2300-S9300 generation of S-switches, and ZTE MF sticks whose number ends in 0.
 * Some rows are members of those lines that no family example names (the grammar reads the line,
 * not a list); the other makers' numbers of the same shapes must stay clear.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './observations.js';

describe('bare stick, module and switch numbers reach review or flag with the entity and the model', () => {
  it.each([
    // Huawei HSPA sticks, HiLink sticks and Mobile WiFi by bare number (huawei.e-stick): review.
    ['upnp.model', 'E169', 'review', 'huawei', 'E169'],
    ['upnp.model', 'E1553', 'review', 'huawei', 'E1553'],
    ['upnp.model', 'E3251', 'review', 'huawei', 'E3251'],
    ['http.title', 'E587', 'review', 'huawei', 'E587'],
    ['upnp.model', 'E353', 'review', 'huawei', 'E353'],
    // Members no example names: Huawei's E1752 stick and E5372 Mobile WiFi.
    ['upnp.model', 'E1752', 'review', 'huawei', 'E1752'],
    ['upnp.model', 'E5372', 'review', 'huawei', 'E5372'],
    // A three-digit stick with a three-digit region (huawei.lte): flags.
    ['upnp.model', 'E327s-150', 'covered', 'huawei', 'E327s-150'],
    // Huawei modules: bare review, with the lower-case variant and region a flag.
    ['upnp.model', 'ME906E', 'review', 'huawei', 'ME906E'],
    ['upnp.model', 'MU736', 'review', 'huawei', 'MU736'],
    ['upnp.model', 'EM770W', 'review', 'huawei', 'EM770W'],
    ['upnp.model', 'MU609', 'review', 'huawei', 'MU609'],
    ['upnp.model', 'ME909u-521', 'covered', 'huawei', 'ME909u-521'],
    // HG5xx/HG6xx gateways written in capitals: review, as in lower case.
    ['upnp.model', 'HG556A', 'review', 'huawei', 'HG556A'],
    // Quidway S9300 chassis by slot count and the S2300-S6300 boxes: review.
    ['upnp.model', 'S9303', 'review', 'huawei', 'S9303'],
    ['upnp.model', 'S9312', 'review', 'huawei', 'S9312'],
    ['snmp.sysdescr', 'S5300', 'review', 'huawei', 'S5300'],
    // ZTE MF sticks and hotspots ending in 0: review, as the other MF numbers.
    ['upnp.model', 'MF680', 'review', 'zte', 'MF680'],
    ['upnp.model', 'MF820', 'review', 'zte', 'MF820'],
    ['http.title', 'MF90', 'review', 'zte', 'MF90'],
    ['upnp.model', 'MF180', 'review', 'zte', 'MF180'],
  ] as const)('%s %s is %s for %s as %s', (kind, value, status, entity, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status, covered: entity, model });
  });
});

describe("other makers' numbers of the same shapes stay clear", () => {
  it.each([
    // Sony Xperia (2015 E-numbers), Canon PIXMA, Lexmark and Novatel, H3C, Linksys, HP, Nokia.
    ['upnp.model', 'E5823'],
    ['upnp.model', 'E6653'],
    ['upnp.model', 'E3100'],
    ['upnp.model', 'E480'],
    ['upnp.model', 'E352'],
    ['upnp.model', 'E362'],
    ['upnp.model', 'E152'],
    ['upnp.model', 'E1550'],
    ['upnp.model', 'E3500'],
    ['upnp.model', 'E71'],
    ['http.title', 'Lexmark E360dn'],
    // A room-like host name (building letter and number) is no Huawei stick.
    ['hostname', 'E180'],
    ['snmp.sysname', 'E353'],
    // Telit, Sierra, Quectel, Epson and H3C modules and boxes; Cisco's Metro Ethernet switch.
    ['upnp.model', 'ME910C1'],
    ['upnp.model', 'ME910C1-WW'],
    ['upnp.model', 'ME310'],
    ['upnp.model', 'EM7455'],
    ['upnp.model', 'EM06'],
    ['upnp.model', 'ME100'],
    ['upnp.model', 'ME5000'],
    ['upnp.model', 'LE910C1-EUX'],
    // Another maker's HG ONT.
    ['upnp.model', 'HG325N'],
    // Netgear, Dell and H3C switches.
    ['upnp.model', 'S3300-28X'],
    ['upnp.model', 'S4048-ON'],
    ['snmp.sysdescr', 'NETGEAR ProSAFE S3300'],
    ['upnp.model', 'S7503E'],
    // Canon's bare MF series names.
    ['upnp.model', 'MF620'],
    ['upnp.model', 'MF730'],
    ['upnp.model', 'MF810'],
    ['upnp.model', 'MF110'],
    ['upnp.model', 'MF240'],
  ] as const)('%s %s', (kind, value) => {
    expect(verdictOf(kind, value).status).toBe('clear');
  });

  // Lorex's numbers read as its own relabel line (Dahua), never as a Huawei stick.
  it('upnp.model E871AB is not read as Huawei', () => {
    expect(verdictOf('upnp.model', 'E871AB').covered).not.toBe('huawei');
  });
});
