/**
 * #11: a Huawei or ZTE router, gateway or ONT states its own model and serial on read-only
 * device-information paths its web UI asks before any login. The vendor-path probe asks them only
 * of a web server whose GET / already points to that maker, GET only, without credentials, at most
 * a few requests per port, and keeps the answer bounded and escaped; identify() reads model, serial
 * and firmware from it. Each device answer below is a real capture, cited.
 */
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { matchObservation } from '../../src/identify/rules/match.js';
import type { Observation } from '../../src/observations/observation.js';
import { runVendorPaths } from '../../src/probes/http/vendor-paths.js';
import { HTTP } from '../../src/probes/tcp/tcp-probes.js';
import { runTcpProbes } from '../../src/probes/tcp/tcp-runner.js';
import type { Scope } from '../../src/scope/types.js';
import { LoopbackWeb, type Route } from './loopback-web.js';

const web = new LoopbackWeb();
afterEach(() => web.stop());

const scope: Scope = { ranges: [{ first: 0x7f000001, last: 0x7f000001 }], size: 1, labels: ['127.0.0.1'], excluded: [] };
const ctx = { scope, signal: new AbortController().signal, timeoutMs: 1500, interfaces: [] };
const noMac = { lookup: () => null };

const ok = (body: string, type = 'text/xml') => `HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body, 'latin1')}\r\n\r\n${body}`;

/** GET / as the Huawei HiLink web server names itself (http.server.huawei.ipwebs). */
const HILINK_ROOT = 'HTTP/1.1 200 OK\r\nServer: IPWEBS/1.4.0\r\nContent-Length: 0\r\n\r\n';
/** A Huawei home gateway's login page: the two markers Greenbone requires (gb_huawei_home_gateway_http_detect). */
const GATEWAY_ROOT = ok('<div id="huaweilogo"></div> Home Gateway', 'text/html');
/** A ZTE gateway's GET / (http.server.zte.web-server). */
const ZTE_ROOT = 'HTTP/1.1 200 OK\r\nServer: ZTE web server 1.0 ZTE corp 2015.\r\nContent-Length: 0\r\n\r\n';

// https://github.com/trackIT-Systems/tsOS-vhf/issues/3: an E3372h-320 HiLink stick's answer to
// GET /api/device/information without a login (identifiers as the issue prints them).
const E3372H_INFORMATION = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<response>',
  '<DeviceName>E3372h-320</DeviceName>',
  '<SerialNumber>VQNDW21311001538</SerialNumber>',
  '<Imei>12345678901234</Imei>',
  '<Imsi> 12345678901234 </Imsi>',
  '<Iccid> 12345678901234 </Iccid>',
  '<Msisdn></Msisdn>',
  '<HardwareVersion>CL4E3372HM</HardwareVersion>',
  '<SoftwareVersion>11.0.1.1&#40;H697SP1C983&#41;</SoftwareVersion>',
  '<WebUIVersion>WEBUI 11.0.1.1&#40;W13SP1C7110&#41;</WebUIVersion>',
  '<MacAddress1>00:10:20:30:40:50</MacAddress1>',
  '<MacAddress2></MacAddress2>',
  '<WanIPAddress>10.217.152.142</WanIPAddress>',
  '<wan_dns_address>8.8.4.4,8.8.8.8</wan_dns_address>',
  '<WanIPv6Address></WanIPv6Address>',
  '<wan_ipv6_dns_address></wan_ipv6_dns_address>',
  '<ProductFamily>LTE</ProductFamily>',
  '<Classify>hilink</Classify>',
  '<supportmode>LTE|WCDMA|GSM</supportmode>',
  '<workmode>LTE</workmode>',
  '<submask>255.255.255.255</submask>',
  '<Mccmnc>240075</Mccmnc>',
  '<iniversion>E3372h-320-CUST 10.0.3.2&#40;C1217&#41;</iniversion>',
  '<uptime>1801</uptime>',
  '<ImeiSvn>07</ImeiSvn>',
  '<spreadname_en></spreadname_en>',
  '<spreadname_zh></spreadname_zh>',
  '</response>',
].join('\n');

// mpaulse/mobitra@5866331ba198 doc/develop.md: an E5573Cs-322 Mobile WiFi, whose
// api/device/information "needs admin login", answers api/device/basic_information without one.
const E5573_BASIC_INFORMATION = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<response>',
  '<productfamily>LTE</productfamily>',
  '<classify>mobile-wifi</classify>',
  '<multimode>0</multimode>',
  '<restore_default_status>0</restore_default_status>',
  '<sim_save_pin_enable>0</sim_save_pin_enable>',
  '<devicename>E5573Cs-322</devicename>',
  '</response>',
].join('\n');
/** HiLink's refusal of a call that wants a login (100003: no rights), as huawei-lte-api's error codes name it. */
const HILINK_NEEDS_LOGIN = '<?xml version="1.0" encoding="UTF-8"?>\n<error>\n<code>100003</code>\n<message></message>\n</error>';

// jbeasl7/openvas-feed-sync-local@d4b5e7905aea openvas-feeds/nvt-feed/gb_huawei_home_gateway_http_detect.nasl:
// an HG659's answer to GET /api/system/deviceinfo without credentials.
const HG659_DEVICEINFO =
  'while(1); /*{"DeviceName":"HG659","SerialNumber":"J3N8W16519004880","ManufacturerOUI":"00E0FC","UpTime":52146,"SoftwareVersion":"V100R001C01B011","HardwareVersion":"VER.B"}*/';

// teixeluis/zte-lte-modem@fa092e380e4b README.md: a ZTE MF266's answer to the version query its
// login page makes before any login.
const MF266_VERSION = '{"Language":"pt","cr_version":"","wa_inner_version":"BD_MEOPTMF266V1.0.0B06"}';

const INFORMATION = '/api/device/information';
const BASIC = '/api/device/basic_information';
const DEVICEINFO = '/api/system/deviceinfo';
const GOFORM = '/goform/goform_get_cmd_process?isTest=false&cmd=Language%2Ccr_version%2Cwa_inner_version&multi_data=1';

interface Host {
  readonly port: number;
  readonly heads: string[];
}

async function host(routes: Record<string, Route>): Promise<Host> {
  const heads: string[] = [];
  return { port: await web.start(routes, heads), heads };
}

/** GET / on every host through the real HTTP probe, as a scan does, then the vendor paths the rules call for. */
async function scan(hosts: readonly Host[]): Promise<Observation[]> {
  const root = await runTcpProbes(
    hosts.map((h) => ({ ip: '127.0.0.1', port: h.port })),
    ctx,
    4,
    [{ ...HTTP, ports: hosts.map((h) => h.port) }],
  );
  return [...root, ...(await runVendorPaths(root, ctx, 4, matchObservation))];
}

/** The request lines a host got after its GET /. */
const asked = (h: Host) => h.heads.slice(1).map((head) => head.split('\r\n')[0]);
const factsOf = (obs: readonly Observation[], h: Host) => obs.filter((o) => o.port === h.port);

describe('device-information paths of routers, gateways and ONTs (on loopback)', () => {
  it('asks each host only its own maker’s paths, GET without credentials, and none of a host with no hint of a covered maker', async () => {
    const hilink = await host({ '/': HILINK_ROOT, [INFORMATION]: ok(E3372H_INFORMATION) });
    const hilinkLocked = await host({ '/': HILINK_ROOT, [INFORMATION]: ok(HILINK_NEEDS_LOGIN), [BASIC]: ok(E5573_BASIC_INFORMATION) });
    const gateway = await host({ '/': GATEWAY_ROOT, [DEVICEINFO]: ok(HG659_DEVICEINFO, 'application/javascript') });
    const zte = await host({ '/': ZTE_ROOT, [GOFORM]: ok(MF266_VERSION, 'text/html') });
    const apache = await host({ '/': 'HTTP/1.1 200 OK\r\nServer: Apache/2.4.62\r\n\r\n<title>Welcome</title>' });
    const obs = await scan([hilink, hilinkLocked, gateway, zte, apache]);

    // Open HiLink: its full information settles it. Locked HiLink: refused (not a 404), so the basic
    // information that needs no login. Home gateway: no HiLink API (404), then its own deviceinfo.
    expect(asked(hilink)).toEqual([`GET ${INFORMATION} HTTP/1.1`]);
    expect(asked(hilinkLocked)).toEqual([`GET ${INFORMATION} HTTP/1.1`, `GET ${BASIC} HTTP/1.1`]);
    expect(asked(gateway)).toEqual([`GET ${INFORMATION} HTTP/1.1`, `GET ${DEVICEINFO} HTTP/1.1`]);
    expect(asked(zte)).toEqual([`GET ${GOFORM} HTTP/1.1`]);
    expect(asked(apache)).toEqual([]);
    const all = [hilink, hilinkLocked, gateway, zte, apache].flatMap((h) => h.heads).join('\n');
    expect(all).not.toMatch(/^(?:authorization|cookie):/im);
    expect(all.split('\n').filter((l) => /^[A-Z]+ \//.test(l)).every((l) => l.startsWith('GET '))).toBe(true);

    expect(identify(factsOf(obs, hilink), noMac)).toMatchObject({
      status: 'covered',
      covered: 'huawei',
      model: 'E3372h-320',
      serial: 'VQNDW21311001538',
      firmware: '11.0.1.1',
    });
    expect(identify(factsOf(obs, hilinkLocked), noMac)).toMatchObject({ status: 'covered', covered: 'huawei', model: 'E5573Cs-322' });
    expect(identify(factsOf(obs, gateway), noMac)).toMatchObject({
      status: 'covered',
      covered: 'huawei',
      model: 'HG659',
      serial: 'J3N8W16519004880',
      firmware: 'V100R001C01B011',
    });
    expect(identify(factsOf(obs, zte), noMac)).toMatchObject({ status: 'covered', covered: 'zte', model: 'MF266', firmware: 'BD_MEOPTMF266V1.0.0B06' });
    expect(factsOf(obs, apache).filter((o) => o.source === 'http-path')).toEqual([]);
  });

  it('asks a Huawei web server without these APIs two paths, and a 404 adds nothing', async () => {
    const router = await host({ '/': HILINK_ROOT });
    const obs = await scan([router]);
    expect(asked(router)).toEqual([`GET ${INFORMATION} HTTP/1.1`, `GET ${DEVICEINFO} HTTP/1.1`]);
    expect(obs.filter((o) => o.source === 'http-path')).toEqual([]);
  });
});

describe('hostile answers to the device-information paths (on loopback)', () => {
  /** Writes `chunk` until the client goes away. */
  const endless =
    (head: string, chunk: string): Route =>
    (socket: net.Socket) => {
      socket.write(head);
      const more = () => {
        if (socket.destroyed) return;
        if (socket.write(chunk)) setImmediate(more);
        else socket.once('drain', more);
      };
      more();
    };
  const printable = (o: Observation) => /^[\x20-\x7e…]*$/.test(o.value) && o.value.length <= 4096;

  it('an endless document is cut at its bound; binary and escape bytes are escaped; a stalled answer ends at the timeout', async () => {
    const endlessHost = await host({ '/': HILINK_ROOT, [INFORMATION]: endless('HTTP/1.1 200 OK\r\n\r\n<response><DeviceName>', 'B525s-65a'.repeat(1000)) });
    const binaryHost = await host({
      '/': GATEWAY_ROOT,
      [DEVICEINFO]: ok(`while(1); /*{"DeviceName":"HG\u0000659\u001b[2J","SerialNumber":"${'\u00ff\u0007'.repeat(3000)}"}*/`, 'application/octet-stream'),
    });
    const stalled = await host({ '/': ZTE_ROOT, [GOFORM]: (socket) => socket.write('HTTP/1.1 200 OK\r\n\r\n{"wa_inner_version":"BD_') });
    const obs = await scan([endlessHost, binaryHost, stalled]);

    const paths = obs.filter((o) => o.source === 'http-path');
    expect(paths.every(printable)).toBe(true);
    const endlessBody = paths.find((o) => o.port === endlessHost.port && o.kind === 'http.body');
    expect(endlessBody?.value.startsWith(`${INFORMATION}: <response><DeviceName>B525s-65a`)).toBe(true);
    expect(endlessBody!.value.length).toBeLessThanOrEqual(INFORMATION.length + 2 + 3072);
    expect(paths.find((o) => o.port === binaryHost.port && o.kind === 'http.body')?.value).toContain('"DeviceName":"HG.659.[2J"');
    // A model with control bytes in it is not a Huawei gateway number: the rule reads no model from it.
    expect(identify(factsOf(obs, binaryHost), noMac).model ?? null).toBeNull();
    // The stalled answer holds its marker: what came before the timeout is kept, bounded.
    expect(paths.filter((o) => o.port === stalled.port).every(printable)).toBe(true);
  });
});
