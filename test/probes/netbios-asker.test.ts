/**
 * #15: NetBIOS names are asked as each host is found, not in a window opened after discovery, and
 * hosts found together share one exchange.
 */
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { HostProbes } from '../../src/probes/host-probes.js';
import { netbiosAsker } from '../../src/probes/netbios/netbios-asker.js';
import { encodeNodeStatusRequest } from '../../src/probes/netbios/netbios-codec.js';
import type { Observation } from '../../src/observations/observation.js';
import type { Scope } from '../../src/scope/types.js';

const n = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const scope: Scope = { ranges: [{ first: n('127.0.0.90'), last: n('127.0.0.99') }], size: 10, labels: ['x'], excluded: [] };

/** A node status response naming `name` (RFC 1002 §4.2.18), for transaction `id`. */
function nodeStatus(id: number, name: string): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x8400, 2);
  header.writeUInt16BE(1, 6);
  const entry = Buffer.alloc(18, 0x20);
  entry.write(name, 0, 'latin1');
  entry[15] = 0x00;
  entry.writeUInt16BE(0x0400, 16);
  const rdata = Buffer.concat([Buffer.from([1]), entry, Buffer.alloc(46)]);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(0x21, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([header, encodeNodeStatusRequest(0).subarray(12, 46), fixed, rdata]);
}

/** Hosts on loopback answering node status with their own name; every request's source port is noted. */
async function hosts(names: Record<string, string>) {
  const sockets: dgram.Socket[] = [];
  const asked: { host: string; from: number }[] = [];
  let port = 0;
  for (const [ip, name] of Object.entries(names)) {
    const s = dgram.createSocket('udp4');
    s.on('message', (msg, rinfo) => {
      asked.push({ host: ip, from: rinfo.port });
      s.send(nodeStatus(msg.readUInt16BE(0), name), rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => s.bind(port, ip, r));
    port = (s.address() as AddressInfo).port;
    sockets.push(s);
  }
  return { port, asked, close: () => sockets.forEach((s) => s.close()) };
}

const found = (ip: string): Observation => ({ ip, kind: 'mac', value: '02:00:00:00:00:01', source: 'arp', at: new Date(0).toISOString(), mac: '02:00:00:00:00:01' });

describe('NetBIOS names asked as hosts are found', () => {
  it('a host found while discovery still runs has its name before discovery ends', async () => {
    const lab = await hosts({ '127.0.0.91': 'EARLY-PC' });
    const ctx = { scope, signal: new AbortController().signal, timeoutMs: 300, interfaces: [] };
    const kept: Observation[] = [];
    const probes = new HostProbes(ctx, {
      limit: pLimit(4),
      askHost: async () => [],
      vendorPaths: async () => [],
      keep: (o) => kept.push(...o),
      names: netbiosAsker(ctx, lab.port),
    });
    try {
      probes.found(found('127.0.0.91'));
      // Discovery is still sweeping (end() not called): the name window runs beside it. (A generous
      // bound: the window is 300 ms; without the names asked here the name never comes.)
      for (let i = 0; i < 100 && !kept.some((o) => o.kind === 'hostname'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(kept.filter((o) => o.kind === 'hostname').map((o) => [o.ip, o.source, o.value])).toEqual([['127.0.0.91', 'netbios', 'EARLY-PC']]);
      expect((await probes.end()).errors).toEqual([]);
    } finally {
      lab.close();
    }
  });

  it('hosts given together share one exchange; each gets only its own name', async () => {
    const lab = await hosts({ '127.0.0.92': 'CAM-A', '127.0.0.93': 'CAM-B', '127.0.0.94': 'CAM-C' });
    const ctx = { scope, signal: new AbortController().signal, timeoutMs: 200, interfaces: [] };
    const asker = netbiosAsker(ctx, lab.port);
    try {
      const answers = await Promise.all(['127.0.0.92', '127.0.0.93', '127.0.0.95', '127.0.0.94'].map((ip) => asker.ask(ip)));
      expect(answers.map((a) => a.map((o) => `${o.ip} ${o.value}`))).toEqual([['127.0.0.92 CAM-A'], ['127.0.0.93 CAM-B'], [], ['127.0.0.94 CAM-C']]);
      expect(new Set(lab.asked.map((a) => a.from)).size).toBe(1);
      expect(asker.errors).toEqual([]);
    } finally {
      lab.close();
    }
  });
});
