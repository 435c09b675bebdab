/**
 * Issue #11: the wire banners covered equipment sends (telnet greetings and prompts, SSH version
 * strings, SSDP SERVER strings), surveyed from nmap-service-probes (Debian nmap 7.93), Greenbone and
 * public captures: each banner reads with the right maker and certainty, and look-alikes of other
 * makers (H3C Comware, Cisco, MikroTik, TP-Link, Realtek SDK, busybox DVRs, OpenSSH, Dropbear, plain
 * miniupnpd and libupnp, the embedded web servers GoAhead, Boa, thttpd, mini_httpd, lighttpd, uc-httpd)
 * stay clear and out of review.
 * The strings are the rules' cited examples (oui/rules/*.json) and nmap's own layouts.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { ObservationKind } from '../../src/observations/observation.js';
import { obs } from './observations.js';

const noMac = { lookup: () => null };
const verdict = (kind: ObservationKind, value: string) => identify([obs(kind, value)], noMac);

const ATP_DASHES = '-------------------------------';

describe('banners of covered equipment are read', () => {
  it.each([
    // nmap 7.93 line 4612: the HG655b's whole greeting, dash-framed.
    ['telnet.banner', `${ATP_DASHES}\r\n-----Welcome to ATP Cli------\r\n${ATP_DASHES}\r\n\r\nLogin:`, 'huawei'],
    // nmap 7.93 line 4874: the same CLI first saying where the session comes from.
    ['telnet.banner', `Welcome, you are from 192.0.2.7:51234\r\n${ATP_DASHES}\r\n-----Welcome to ATP Cli------\r\n${ATP_DASHES}\r\n`, 'huawei'],
    // random-robbie/Hikvision-Brute-Force hikvisioncctvbf.py waits for this prompt.
    ['telnet.banner', 'dvrdvs login:', 'hikvision'],
    // nmap 7.93 line 6232: a ZTE MF60 names itself as miniupnpd's OS.
    ['upnp.server', 'MF60/1.0 UPnP/1.0 miniupnpd/1.0', 'zte'],
  ] as const)('%s %j flags %s', (kind, value, entity) => {
    expect(verdict(kind, value)).toMatchObject({ status: 'covered', covered: entity });
  });

  it('a Huawei EchoLife EC-series prompt flags Huawei with its model (nmap 7.93 line 4411)', () => {
    expect(verdict('telnet.banner', 'HGW EC506 login:')).toMatchObject({ status: 'covered', covered: 'huawei', model: 'EC506' });
  });

  it('the MF router model is read from the SSDP server string', () => {
    expect(verdict('upnp.server', 'MF60/1.0 UPnP/1.0 miniupnpd/1.0').model).toBe('MF60');
  });

  it.each([
    // nmap 7.93 line 3719 matches an empty software field at any protocol version.
    ['SSH-1.99--', null],
    // nmap 7.93 line 3645 and Greenbone's Huawei VRP default-credentials check: the bare platform name.
    ['SSH-2.0-VRP-3.3', '3.3'],
    ['SSH-1.99-VRP-3.4', '3.4'],
  ])('%s reaches review for Huawei (VRP 3.x was shared with Huawei-3Com)', (value, firmware) => {
    const v = verdict('ssh.banner', value);
    expect(v).toMatchObject({ status: 'review', covered: 'huawei' });
    expect(v.firmware).toBe(firmware);
  });
});

describe("other makers' look-alike banners stay clear", () => {
  const h3c =
    "******************************************************************************\r\n* Copyright (c) 2004-2021 New H3C Technologies Co., Ltd. All rights reserved.*\r\n* Without the owner's prior written consent,                                 *\r\n* no decompiling or reverse-engineering shall be allowed.                    *\r\n******************************************************************************\r\n\r\nLogin:";
  it.each([
    ['telnet.banner', h3c],
    ['telnet.banner', 'User Access Verification\r\n\r\nUsername:'],
    ['telnet.banner', 'MikroTik v6.49.7 (stable)\r\nLogin:'],
    ['telnet.banner', '(none) login:'],
    ['telnet.banner', 'dvr login:'],
    ['telnet.banner', 'HGW login:'],
    ['telnet.banner', `${ATP_DASHES}\r\nWelcome to the CLI\r\n${ATP_DASHES}\r\nLogin:`],
    ['ssh.banner', 'SSH-2.0-Comware-5.20'],
    ['ssh.banner', 'SSH-2.0-OpenSSH_7.4'],
    ['ssh.banner', 'SSH-2.0-dropbear_2019.78'],
    ['ssh.banner', 'SSH-1.99-OpenSSH_3.9p1'],
    ['ssh.banner', 'SSH-2.0-RGOS_SSH'],
    ['upnp.server', 'Linux/2.4.22-1.2115.nptl UPnP/1.0 miniupnpd/1.0'],
    ['upnp.server', 'Ubuntu/7.10 UPnP/1.0 miniupnpd/1.0'],
    ['upnp.server', 'OpenWRT/OpenWrt UPnP/1.1 MiniUPnPd/2.0'],
    ['upnp.server', 'Linux/2.6.30, UPnP/1.0, Portable SDK for UPnP devices/1.6.6'],
    // Embedded web servers covered firmware shares with everyone: no evidence of a maker.
    ['http.server', 'GoAhead-Webs'],
    ['http.server', 'Boa/0.94.14rc21'],
    ['http.server', 'thttpd/2.25b 29dec2003'],
    ['http.server', 'mini_httpd/1.19 19dec2003'],
    ['http.server', 'lighttpd/1.4.35'],
    ['http.server', 'uc-httpd 1.0.0'],
    ['http.server', 'webserver'],
    ['telnet.banner', 'TD-W8961N 1.0 DSL Modem Router\r\nLogin:'],
    ['telnet.banner', 'RTL8196C login:'],
  ] as const)('%s %j', (kind, value) => {
    const v = verdict(kind, value);
    expect(v.covered, value).toBeNull();
    expect(v.status, value).not.toBe('review');
  });
});
