import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { runReverseDns } from '../../src/probes/names/reverse-dns.js';
import type { Scope } from '../../src/scope/types.js';

const scope: Scope = { ranges: [], size: 0, labels: [], excluded: [] };
const ctx = (timeoutMs = 300) => ({ scope, signal: new AbortController().signal, timeoutMs, interfaces: [] });
const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

/** A DNS server on loopback: PTR answers from `names`, NXDOMAIN for the rest, or silence. */
async function dnsServer(names: Record<string, string[]> | 'silent'): Promise<{ server: string; asked: string[] }> {
  const asked: string[] = [];
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    const q = dnsPacket.decode(msg);
    const name = q.questions?.[0]?.name ?? '';
    asked.push(name);
    if (names === 'silent') return;
    const ip = name.replace(/\.in-addr\.arpa$/, '').split('.').reverse().join('.');
    const data = names[ip];
    const reply = dnsPacket.encode({
      type: 'response', id: q.id, flags: dnsPacket.RECURSION_DESIRED | (data ? 0 : 3), questions: q.questions,
      answers: (data ?? []).map((d) => ({ type: 'PTR' as const, name, class: 'IN' as const, ttl: 60, data: d })),
    });
    socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  closers.push(() => socket.close());
  return { server: `127.0.0.1:${(socket.address() as AddressInfo).port}`, asked };
}

describe('reverse DNS names', () => {
  it('records the PTR name of each address that has one, once per address, the least name when several', async () => {
    const { server, asked } = await dnsServer({ '10.78.1.20': ['nvr-branch.example.org.'], '10.78.1.2': ['sw2.example.org', 'sw1.example.org'] });
    const out = await runReverseDns(['10.78.1.20', '10.78.1.2', '10.78.1.99', '10.78.1.20'], ctx(), [server]);
    expect(out.map((o) => [o.ip, o.kind, o.source, o.value]).sort()).toEqual([
      ['10.78.1.2', 'hostname', 'ptr', 'sw1.example.org'],
      ['10.78.1.20', 'hostname', 'ptr', 'nvr-branch.example.org'],
    ]);
    expect(asked.filter((n) => n === '20.1.78.10.in-addr.arpa')).toHaveLength(1);
  });

  it('drops an answer that is not a DNS name (a hostile server\'s markup)', async () => {
    const { server } = await dnsServer({ '10.78.1.20': ['<script>x</script>'] });
    expect(await runReverseDns(['10.78.1.20'], ctx(), [server])).toEqual([]);
  });

  it('asks no more than the scan\'s --rate bucket allows', async () => {
    const { server, asked } = await dnsServer({ '10.78.1.20': ['nvr-branch.example.org.'] });
    let tokens = 0;
    const hosts = Array.from({ length: 20 }, (_, i) => `10.78.1.${i + 1}`);
    await runReverseDns(hosts, { ...ctx(), pace: async () => void tokens++ }, [server]);
    expect(asked.length).toBe(20);
    expect(asked.length).toBeLessThanOrEqual(tokens);
  });

  it('stops asking once the server has not answered a handful in a row, so a dead resolver costs a few timeouts, not one per host', async () => {
    const { server, asked } = await dnsServer('silent');
    const hosts = Array.from({ length: 64 }, (_, i) => `10.78.1.${i + 1}`);
    expect(await runReverseDns(hosts, ctx(200), [server])).toEqual([]);
    expect(asked.length).toBeLessThanOrEqual(16);
  });
});
