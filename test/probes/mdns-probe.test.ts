import dgram from 'node:dgram';
import { getEventListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_MDNS_PACKET } from '../../src/probes/mdns/mdns-codec.js';
import { runMdnsProbe } from '../../src/probes/mdns/mdns-probe.js';
import type { Scope } from '../../src/scope/types.js';

// Loopback stands in for the segment: the query goes by unicast to a responder on 127.0.0.1, which answers by unicast.
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function responder(address: string, answer: (query: dnsPacket.Packet) => Buffer | null): Promise<number> {
  const s = dgram.createSocket('udp4');
  s.on('message', (msg, rinfo) => {
    const out = answer(dnsPacket.decode(msg));
    if (out) s.send(out, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => s.bind(0, address, r));
  cleanups.push(() => s.close());
  return (s.address() as AddressInfo).port;
}

const only = (ip: string): Scope => {
  const n = ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  return { ranges: [{ first: n, last: n }], size: 1, labels: [ip], excluded: [] };
};
const block = (first: string, last: string): Scope => {
  const n = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  return { ranges: [{ first: n(first), last: n(last) }], size: n(last) - n(first) + 1, labels: [first], excluded: [] };
};
const ctx = (scope: Scope) => ({ scope, signal: new AbortController().signal, timeoutMs: 300, interfaces: ['127.0.0.1'] });

const printer = dnsPacket.encode({
  type: 'response',
  answers: [{ type: 'PTR', name: '_ipp._tcp.local', ttl: 4500, data: 'Office printer._ipp._tcp.local' }],
  additionals: [
    { type: 'SRV', name: 'Office printer._ipp._tcp.local', ttl: 120, data: { target: 'prn.local', port: 631 } },
    { type: 'TXT', name: 'Office printer._ipp._tcp.local', ttl: 4500, data: ['ty=Brother HL-L2350DW', 'rp=ipp/print'] },
  ],
});

describe('mDNS probe socket (on loopback)', () => {
  it('sends the browse query and turns the answer into observations', async () => {
    let asked: string[] = [];
    const port = await responder('127.0.0.1', (q) => {
      asked = (q.questions ?? []).map((x) => x.name);
      return printer;
    });
    const { observations, outOfScope } = await runMdnsProbe(ctx(only('127.0.0.1')), { group: '127.0.0.1', port, bindPort: 0, types: ['_ipp._tcp', '_http._tcp'] });
    expect(asked).toEqual(['_ipp._tcp.local', '_http._tcp.local']);
    expect(outOfScope).toBe(0);
    expect(observations.map((o) => `${o.ip}:${o.port} ${o.kind}=${o.value}`)).toEqual([
      '127.0.0.1:631 mdns.instance=Office printer',
      '127.0.0.1:631 mdns.service=_ipp._tcp',
      '127.0.0.1:631 mdns.txt=ty=Brother HL-L2350DW; rp=ipp/print',
      '127.0.0.1:631 hostname=prn.local',
    ]);
  });

  it('counts answers from outside the scope without reading them', async () => {
    const port = await responder('127.0.0.1', () => printer);
    const outcome = await runMdnsProbe(ctx(only('127.0.0.9')), { group: '127.0.0.1', port, bindPort: 0 });
    expect(outcome).toEqual({ observations: [], outOfScope: 1 });
  });

  it('ignores queries (its own, looped back through the group, or other hosts\') rather than counting them as replies', async () => {
    const port = await responder('127.0.0.1', (query) => dnsPacket.encode(query));
    const outcome = await runMdnsProbe(ctx(only('127.0.0.9')), { group: '127.0.0.1', port, bindPort: 0 });
    expect(outcome).toEqual({ observations: [], outOfScope: 0 });
  });

  it('records garbage as malformed and carries on', async () => {
    const port = await responder('127.0.0.1', () => Buffer.from([0x00, 0x00, 0x84, 0x00, 0x00, 0x05, 0xde, 0xad]));
    const { observations } = await runMdnsProbe(ctx(only('127.0.0.1')), { group: '127.0.0.1', port, bindPort: 0 });
    expect(observations.map((o) => o.kind)).toEqual(['malformed']);
  });

  it('removes its abort listener when the window ends (the agent reuses one signal for many scans)', async () => {
    const port = await responder('127.0.0.1', () => printer);
    const controller = new AbortController();
    const before = getEventListeners(controller.signal, 'abort').length;
    for (let i = 0; i < 3; i++) {
      await runMdnsProbe({ ...ctx(only('127.0.0.1')), timeoutMs: 50, signal: controller.signal }, { group: '127.0.0.1', port, bindPort: 0 });
    }
    expect(getEventListeners(controller.signal, 'abort').length).toBe(before);
  });

  it('one sender\'s flood of packets does not crowd out a neighbour that answers after it', async () => {
    const printerSocket = dgram.createSocket('udp4');
    await new Promise<void>((r) => printerSocket.bind(0, '127.0.0.2', r));
    cleanups.push(() => printerSocket.close());
    const s = dgram.createSocket('udp4');
    s.on('message', async (_m, rinfo) => {
      // More packets than the probe reads from everyone together, in small bursts so loopback drops none.
      for (let i = 0; i < 6000; i++) {
        s.send(dnsPacket.encode({ type: 'response', answers: [{ type: 'PTR', name: '_http._tcp.local', ttl: 120, data: `x${i}._http._tcp.local` }] }), rinfo.port, rinfo.address);
        if (i % 50 === 49) await new Promise((r) => setTimeout(r, 1));
      }
      printerSocket.send(printer, rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    cleanups.push(() => s.close());
    const { observations } = await runMdnsProbe({ ...ctx(block('127.0.0.1', '127.0.0.2')), timeoutMs: 3000 }, { group: '127.0.0.1', port: (s.address() as AddressInfo).port, bindPort: 0 });
    expect(observations.filter((o) => o.ip === '127.0.0.2' && o.kind === 'mdns.instance').map((o) => o.value)).toEqual(['Office printer']);
  });

  it('bounds a flood of large answers from one sender, names no neighbour, and keeps the honest device whole', async () => {
    // Issue #16 finding 1: 24 answers of ~7.6 KB, each 24 services on one host whose A records are the
    // sender and 130 in-scope neighbours. Unbounded, that is over 200,000 facts.
    const host = 'flood.local';
    const flood = () => {
      const instances = Array.from({ length: 24 }, () => `HIKVISION DS-2CD2043G0-I - ${Math.random().toString(36).slice(2, 10)}._CGI._tcp.local`);
      const neighbours = Array.from({ length: 130 }, (_, i) => `127.0.${1 + Math.floor(i / 100)}.${(i % 100) + 3}`);
      return dnsPacket.encode({
        type: 'response',
        answers: instances.map((data) => ({ type: 'PTR' as const, name: '_CGI._tcp.local', ttl: 4500, data })),
        additionals: [
          ...instances.map((name) => ({ type: 'SRV' as const, name, ttl: 120, data: { target: host, port: 80, priority: 0, weight: 0 } })),
          ...['127.0.0.1', ...neighbours].map((data) => ({ type: 'A' as const, name: host, ttl: 120, data })),
        ],
      });
    };
    const sample = flood();
    expect(sample.length).toBeGreaterThan(7000);
    expect(sample.length).toBeLessThanOrEqual(MAX_MDNS_PACKET);
    // One query, two senders: the flooder on 127.0.0.1 and the honest printer on 127.0.0.2, both answering the asker.
    const printerSocket = dgram.createSocket('udp4');
    await new Promise<void>((r) => printerSocket.bind(0, '127.0.0.2', r));
    cleanups.push(() => printerSocket.close());
    const s = dgram.createSocket('udp4');
    s.on('message', (_m, rinfo) => {
      for (let i = 0; i < 24; i++) s.send(flood(), rinfo.port, rinfo.address);
      printerSocket.send(printer, rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    cleanups.push(() => s.close());
    const floodPort = (s.address() as AddressInfo).port;
    const { observations } = await runMdnsProbe({ ...ctx(block('127.0.0.1', '127.0.2.255')), timeoutMs: 1000 }, { group: '127.0.0.1', port: floodPort, bindPort: 0 });
    const byIp = new Map<string, typeof observations>();
    for (const o of observations) byIp.set(o.ip, [...(byIp.get(o.ip) ?? []), o]);
    // Nobody framed: only the two senders have facts.
    expect([...byIp.keys()].sort()).toEqual(['127.0.0.1', '127.0.0.2']);
    expect(byIp.get('127.0.0.2')!.map((o) => `${o.kind}=${o.value}`)).toEqual([
      'mdns.instance=Office printer',
      'mdns.service=_ipp._tcp',
      'mdns.txt=ty=Brother HL-L2350DW; rp=ipp/print',
      'hostname=prn.local',
    ]);
    const flooder = byIp.get('127.0.0.1')!;
    expect(flooder.length).toBeLessThanOrEqual(257);
    expect(flooder.filter((o) => o.kind === 'mdns.instance').length).toBeLessThanOrEqual(32);
    const finding = flooder.filter((o) => o.kind === 'malformed');
    expect(finding).toHaveLength(1);
    expect(finding[0]?.value).toMatch(/^flood: \d+ more facts dropped/);
  });
});

