import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
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
});
