/**
 * Issue #11: covered equipment's protocol banners and names that name neither maker nor model
 * plainly. Dahua firmware built for OEM brands keeps Dahua's UPnP stack but strips the maker from it
 * ('Private Upnp SDK', a UDN of device_<major>_<minor>-<serial>); Huawei VRP 3.x frames its telnet
 * header with VRP's first year and no company name. Each alone goes to review (a generic-sounding
 * token, a header Huawei-3Com shared); the stack's two facts together flag. Other makers' SSDP
 * servers, UDNs and Comware headers stay clear and out of review.
 * Values are the rules' cited examples (oui/rules/upnp.server.json, upnp.udn.json, telnet.banner.json).
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { noMac, obs, verdictOf } from './observations.js';


const STARS = '*'.repeat(57);
const vrp3Header = (years: string): string =>
  `\r\n${STARS}\r\n*          All rights reserved (${years})              *\r\n` +
  "*      Without the owner's prior written consent,       *\r\n" +
  `*no decompiling or reverse-engineering shall be allowed.*\r\n${STARS}\r\n\r\n`;

describe("Dahua's UPnP stack without its name", () => {
  it("the de-branded SERVER token reaches review for Dahua", () => {
    expect(verdictOf('upnp.server', 'Linux, UPnP/1.0, Private Upnp SDK')).toMatchObject({ status: 'review', covered: 'dahua' });
  });

  it('a newer kernel in the same layout reads the same', () => {
    expect(verdictOf('upnp.server', 'Linux/4.9.37, UPnP/1.0, Private Upnp SDK')).toMatchObject({ status: 'review', covered: 'dahua' });
  });

  it("the stack's UDN reaches review for Dahua with the device's serial", () => {
    const v = verdictOf('upnp.udn', 'uuid:device_3_0-AMC066F0BC0A3747AF');
    expect(v).toMatchObject({ status: 'review', covered: 'dahua' });
    expect(v.serial).toBe('AMC066F0BC0A3747AF');
  });

  it("a Dahua serial in the unbranded layout reads too (the layout, not one brand's serials)", () => {
    const v = verdictOf('upnp.udn', 'uuid:device_3_0-3K058D5PAG00056');
    expect(v).toMatchObject({ status: 'review', covered: 'dahua' });
    expect(v.serial).toBe('3K058D5PAG00056');
  });

  it("the de-branded token beside Dahua's own branded UDN flags, as one device in the cited log sends them", () => {
    const v = identify(
      [obs('upnp.server', 'Linux, UPnP/1.0, Private Upnp SDK'), obs('upnp.udn', 'uuid:www.dahuatech.com.device_3_0-3K058D5PAG00056')],
      noMac,
    );
    expect(v).toMatchObject({ status: 'covered', covered: 'dahua', serial: '3K058D5PAG00056' });
  });

  it('SERVER and UDN from one device flag Dahua', () => {
    const v = identify(
      [obs('upnp.server', 'Linux, UPnP/1.0, Private Upnp SDK'), obs('upnp.udn', 'uuid:device_3_0-AMC066F0BC0A3747AF')],
      noMac,
    );
    expect(v).toMatchObject({ status: 'covered', covered: 'dahua' });
  });
});

describe('Huawei VRP 3.x telnet header', () => {
  it.each(['1997-2004', '1997-2005', '1997-2008'])('All rights reserved (%s) reaches review for Huawei', (years) => {
    expect(verdictOf('telnet.banner', vrp3Header(years))).toMatchObject({ status: 'review', covered: 'huawei' });
  });

  it('followed by the AAA prompt it still reaches review', () => {
    expect(verdictOf('telnet.banner', `${vrp3Header('1997-2005')}Login authentication\r\n\r\n\r\nUsername:`)).toMatchObject({
      status: 'review',
      covered: 'huawei',
    });
  });
});

describe("other makers' look-alikes stay clear", () => {
  const comware = (owner: string): string =>
    '******************************************************************************\r\n' +
    `* Copyright (c) ${owner} *\r\n` +
    "* Without the owner's prior written consent,                                 *\r\n" +
    '* no decompiling or reverse-engineering shall be allowed.                    *\r\n' +
    '******************************************************************************\r\n\r\n';
  it.each([
    ['upnp.server', 'Linux/4.9.125, UPnP/1.0, Portable SDK for UPnP devices'],
    ['upnp.server', 'POSIX UPnP/1.0 UPnP Stack/6.37.14.87'],
    ['upnp.server', 'Synology/DSM/192.168.1.110'],
    ['upnp.server', 'FRITZRepeater1750E UPnP/1.0 AVM FRITZ!WLAN Repeater 1750E 134.07.29'],
    ['upnp.server', 'Linux/4.1.16-mrvl, UPnP/1.0, Portable SDK for UPnP devices/1.6.18'],
    ['upnp.server', 'AsusWRT/386.1 UPnP/1.1 MiniUPnPd/2.2.0'],
    ['upnp.udn', 'uuid:73796E6F-6473-6D00-0000-00113230cc8c'],
    ['upnp.udn', 'uuid:e5dcb454-b967-8351-5f3d-d0319e5a90f2'],
    ['upnp.udn', 'uuid:upnp-InternetGatewayDevice-1_0-001122334455'],
    ['telnet.banner', comware('2010-2013 Hewlett-Packard Development Company, L.P.         ')],
    ['telnet.banner', comware('2004-2015 Hangzhou H3C Tech. Co., Ltd. All rights reserved. ')],
  ] as const)('%s %j', (kind, value) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'clear' });
  });
});
