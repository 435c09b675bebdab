/**
 * Unicast discovery on loopback: the lab's simulator answers each device's own address, as a
 * device behind a router would; the probes are pointed at moved ports.
 */
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/scope/types.js';
import { routedHosts } from '../../src/probes/unicast/routed-hosts.js';
import { UNICAST_PROBES, type UnicastProbe } from '../../src/probes/unicast/unicast-probes.js';
import { runUnicastDiscovery } from '../../src/probes/unicast/unicast-runner.js';
import { sadpProtocol } from '../lab/sim/discovery/sadp.js';
import { mdnsProtocol } from '../lab/sim/discovery/mdns.js';
import { startSimulator, type Simulator } from '../lab/sim/simulator.js';
import { device, memoryLog } from '../lab/sim/testing/devices.js';

const HIK = '127.0.0.71';
const DAHUA = '127.0.0.72';
const SILENT = '127.0.0.73';
const PORTS = { ssdp: 31900, wsd: 33702, sadp: 37021, dhip: 37811, mdns: 35353 };
const MOVED: Record<string, number> = { sadp: PORTS.sadp, dhip: PORTS.dhip, onvif: PORTS.wsd, ssdp: PORTS.ssdp, mdns: PORTS.mdns };
const probes: UnicastProbe[] = UNICAST_PROBES.map((p) => ({ ...p, port: MOVED[p.name] ?? p.port }));

const n = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const scope: Scope = { ranges: [{ first: n('127.0.0.70'), last: n('127.0.0.79') }], size: 10, labels: ['127.0.0.70-79'], excluded: [] };
const ctx = () => ({ scope, signal: new AbortController().signal, timeoutMs: 400, interfaces: [] });

let sim: Simulator;
const { log } = memoryLog();

beforeAll(async () => {
  sim = await startSimulator(
    [
      device({
        id: 'hik', mac: 'bc:ad:28:4f:19:3c', ip: HIK, hostname: 'DS-7608NI-K220191118CCWR712345678',
        sadp: { fields: [['DeviceDescription', 'DS-7608NI-K2'], ['DeviceSN', 'DS-7608NI-K220191118CCWR712345678'], ['MAC', 'bc-ad-28-4f-19-3c'], ['IPv4Address', '{ip}']] },
        onvif: { endpoint: 'urn:uuid:aa85c000-6324-11b3-819e-bcad284f193c', scopes: ['onvif://www.onvif.org/hardware/DS-7608NI-K2', 'onvif://www.onvif.org/name/HIKVISION%20DS-7608NI-K2'], metadataVersion: 10 },
        mdns: [{ type: '_CGI._tcp', name: 'HIKVISION DS-7608NI-K2 - 712345678', port: 80, txt: { path: '/' } }],
      }),
      device({
        id: 'dahua', mac: 'e0:50:8b:6a:03:c1', ip: DAHUA,
        dhip: { deviceInfo: { DeviceClass: 'DVR', DeviceType: 'DH-XVR5108HS', SerialNo: '6J0A2B3PAZ4C5D6', Vendor: 'General', IPv4Address: { IPAddress: '{ip}' } } },
        ssdp: {
          server: 'Linux/3.8.8, UPnP/1.0, ZheJiang Dahua Technology CO.,LTD. Upnp SDK',
          usn: 'uuid:www.dahuatech.com.device_3_0-6J0A2B3PAZ4C5D6::{st}',
          st: ['upnp:rootdevice'],
          location: { port: 34915, path: '/upnp_device_desc.xml' },
          description: '<?xml version="1.0"?><root><device><friendlyName>XVR</friendlyName><modelName>DH-XVR5108HS</modelName><serialNumber>6J0A2B3PAZ4C5D6</serialNumber></device></root>',
        },
      }),
    ],
    { multicast: false, log, ports: PORTS },
  );
});

afterAll(async () => {
  await sim?.stop();
});

describe('unicast discovery', () => {
  it('asks each host every protocol and attributes what it answers to it, the SSDP description included', async () => {
    const out = await runUnicastDiscovery([HIK, DAHUA, SILENT], ctx(), probes);
    const facts = (ip: string) => out.observations.filter((o) => o.ip === ip).map((o) => `${o.kind}=${o.value}`);
    expect(facts(HIK)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sadp\.reply=.*DS-7608NI-K2/s),
        'onvif.scope=onvif://www.onvif.org/hardware/DS-7608NI-K2 onvif://www.onvif.org/name/HIKVISION%20DS-7608NI-K2',
        'mdns.instance=HIKVISION DS-7608NI-K2 - 712345678',
      ]),
    );
    expect(facts(DAHUA)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^dhip\.reply=.*DH-XVR5108HS/), 'upnp.model=DH-XVR5108HS', 'upnp.serial=6J0A2B3PAZ4C5D6']),
    );
    expect(facts(SILENT)).toEqual([]);
    expect(out.unasked).toBe(0);
  });

  it('drops a reply from an address that was not asked', async () => {
    const impostor = dgram.createSocket('udp4');
    await new Promise<void>((r) => impostor.bind(0, '127.0.0.75', r));
    const asked = dgram.createSocket('udp4');
    asked.on('message', (_msg, rinfo) => impostor.send(Buffer.from('HTTP/1.1 200 OK\r\nSERVER: impostor\r\n\r\n'), rinfo.port, rinfo.address));
    await new Promise<void>((r) => asked.bind(0, '127.0.0.74', r));
    try {
      const port = (asked.address() as AddressInfo).port;
      const ssdp = UNICAST_PROBES.find((p) => p.name === 'ssdp')!;
      const out = await runUnicastDiscovery(['127.0.0.74'], ctx(), [{ ...ssdp, port }]);
      expect(out.observations).toEqual([]);
      expect(out.unasked).toBe(1);
    } finally {
      impostor.close();
      asked.close();
    }
  });

  it('names in the M-SEARCH the host it asks (UDA 1.1 §1.3.2)', () => {
    const ssdp = UNICAST_PROBES.find((p) => p.name === 'ssdp')!;
    expect(ssdp.request('10.78.1.20').toString()).toMatch(/^M-SEARCH \* HTTP\/1\.1\r\nHOST: 10\.78\.1\.20:1900\r\n/);
  });
});

describe('which hosts are routed', () => {
  const ifaces = {
    eth0: [{ address: '10.78.0.2', netmask: '255.255.255.0', family: 'IPv4', internal: false, mac: '', cidr: null }],
    lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', internal: true, mac: '', cidr: null }],
  } as unknown as NodeJS.Dict<import('node:os').NetworkInterfaceInfo[]>;
  it('keeps the live hosts on no attached subnet', () => {
    expect(routedHosts(['10.78.0.21', '10.78.1.20', '10.78.1.254'], ifaces)).toEqual(['10.78.1.20', '10.78.1.254']);
  });
});

describe('the simulator answers off-link askers only where real devices do', () => {
  const hik = device({ id: 'h', mac: 'bc:ad:28:00:00:01', ip: '10.78.1.20', sadp: { fields: [['DeviceDescription', 'DS-2CD2385G1-I']] }, mdns: [{ type: '_CGI._tcp', name: 'cam', port: 80, txt: {} }] }) as Parameters<ReturnType<typeof sadpProtocol>['answer']>[1];
  const inquiry = Buffer.from('<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>U</Uuid><Types>inquiry</Types></Probe>');
  it('SADP: answers its own subnet, not a routed asker', () => {
    const sadp = sadpProtocol(37020, () => undefined);
    expect(sadp.answer(inquiry, hik, { address: '10.78.1.9', port: 5000, onLink: true })).toHaveLength(1);
    expect(sadp.answer(inquiry, hik, { address: '10.78.0.2', port: 5000, onLink: false })).toEqual([]);
  });
  it('mDNS: ignores a unicast query from off the link (RFC 6762 §5.5)', () => {
    const mdns = mdnsProtocol(5353);
    const query = UNICAST_PROBES.find((p) => p.name === 'mdns')!.request('10.78.1.20');
    expect(mdns.answer(query, hik, { address: '10.78.1.9', port: 40000, onLink: true })).toHaveLength(1);
    expect(mdns.answer(query, hik, { address: '10.78.0.2', port: 40000, onLink: false })).toEqual([]);
  });
});

describe('SSDP from beyond the subnet', () => {
  it('a miniupnpd router ignores it; a camera\'s UPnP SDK answers', async () => {
    const { ssdpProtocol } = await import('../lab/sim/discovery/ssdp.js');
    const ssdp = ssdpProtocol(1900);
    const search = UNICAST_PROBES.find((p) => p.name === 'ssdp')!.request('10.77.0.254');
    const at = (server: string) =>
      device({ id: 'x', mac: '34:4b:50:0d:77:e2', ip: '10.77.0.254', ssdp: { server, usn: 'uuid:x::{st}', location: { port: 49152, path: '/d.xml' }, description: '<root/>' } }) as Parameters<typeof ssdp.answer>[1];
    const routed = { address: '10.79.0.2', port: 40000, onLink: false };
    expect(ssdp.answer(search, at('ZTE/1.0 UPnP/1.0 miniupnpd/1.0'), routed)).toEqual([]);
    expect(ssdp.answer(search, at('ZTE/1.0 UPnP/1.0 miniupnpd/1.0'), { ...routed, address: '10.77.0.9', onLink: true })).not.toEqual([]);
    expect(ssdp.answer(search, at('Linux/3.8.8, UPnP/1.0, ZheJiang Dahua Technology CO.,LTD. Upnp SDK'), routed)).not.toEqual([]);
  });
});
