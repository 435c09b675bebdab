import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computerName, encodeNodeStatusRequest, parseNodeStatus } from '../../src/probes/netbios/netbios-codec.js';
import { runNetbiosNames } from '../../src/probes/netbios/netbios-probe.js';
import type { Scope } from '../../src/scope/types.js';

/** A NODE STATUS RESPONSE as RFC 1002 §4.2.18 lays it out (what Windows' nbtstat -A reads). */
function response(id: number, names: [string, number, boolean][], unit = [0x00, 0x15, 0x5d, 0x01, 0x02, 0x03]): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x8400, 2);
  header.writeUInt16BE(1, 6);
  const rrName = encodeNodeStatusRequest(0).subarray(12, 46);
  const entries = names.map(([name, suffix, group]) => {
    const e = Buffer.alloc(18, 0x20);
    e.write(name.slice(0, 15), 0, 'latin1');
    e[15] = suffix;
    e.writeUInt16BE((group ? 0x8000 : 0) | 0x0400, 16);
    return e;
  });
  const stats = Buffer.alloc(46);
  Buffer.from(unit).copy(stats);
  const rdata = Buffer.concat([Buffer.from([names.length]), ...entries, stats]);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(0x21, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([header, rrName, fixed, rdata]);
}

const WINDOWS: [string, number, boolean][] = [
  ['WORKGROUP', 0x00, true],
  ['DESKTOP-7Q2K9LM', 0x00, false],
  ['DESKTOP-7Q2K9LM', 0x20, false],
  ['WORKGROUP', 0x1e, true],
];

describe('NetBIOS node status codec (RFC 1002 §4.2.17/18)', () => {
  it('asks for "*" with an NBSTAT question and no broadcast flag', () => {
    const req = encodeNodeStatusRequest(0x1234);
    expect(req.toString('hex')).toBe(
      '123400000001000000000000' + '20' + '434b' + '41'.repeat(30) + '00' + '0021' + '0001',
    );
  });

  it('reads the names and the unit id, and takes the unique workstation name as the computer name', () => {
    const parsed = parseNodeStatus(response(7, WINDOWS), 7);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.status.names.map((n) => `${n.name}<${n.suffix.toString(16)}>${n.group ? 'G' : ''}`)).toEqual([
      'WORKGROUP<0>G', 'DESKTOP-7Q2K9LM<0>', 'DESKTOP-7Q2K9LM<20>', 'WORKGROUP<1e>G',
    ]);
    expect(parsed.status.unitId).toBe('00:15:5d:01:02:03');
    expect(computerName(parsed.status)).toBe('DESKTOP-7Q2K9LM');
  });

  it('gives no unit id for Samba\'s zeros, and no computer name when only groups are held', () => {
    const parsed = parseNodeStatus(response(1, [['WORKGROUP', 0x00, true]], [0, 0, 0, 0, 0, 0]));
    expect(parsed.ok && parsed.status.unitId).toBeNull();
    expect(parsed.ok && computerName(parsed.status)).toBeNull();
  });

  it('refuses another transaction, an error response, and a name count larger than RDLENGTH', () => {
    expect(parseNodeStatus(response(1, WINDOWS), 2)).toEqual({ ok: false, reason: 'another transaction id' });
    const error = response(1, WINDOWS);
    error.writeUInt16BE(0x8403, 2);
    expect(parseNodeStatus(error)).toMatchObject({ ok: false, reason: 'error response (RCODE 3)' });
    const lying = response(1, WINDOWS);
    lying[12 + 34 + 10] = 200; // NUM_NAMES
    expect(parseNodeStatus(lying)).toMatchObject({ ok: false });
  });

  it('never throws and never reads past the packet, whatever the bytes (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), fc.nat(600), (bytes, cut) => {
        const valid = response(9, WINDOWS);
        const mutated = Buffer.concat([valid.subarray(0, Math.min(cut, valid.length)), Buffer.from(bytes)]);
        for (const packet of [Buffer.from(bytes), mutated]) {
          const parsed = parseNodeStatus(packet);
          if (parsed.ok) for (const n of parsed.status.names) expect(n.name.length).toBeLessThanOrEqual(15);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('NetBIOS names probe (on loopback)', () => {
  const n = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const scope: Scope = { ranges: [{ first: n('127.0.0.80'), last: n('127.0.0.89') }], size: 10, labels: ['x'], excluded: [] };

  it('records the computer name of a host that answers, from that host only', async () => {
    const host = dgram.createSocket('udp4');
    host.on('message', (msg, rinfo) => host.send(response(msg.readUInt16BE(0), WINDOWS), rinfo.port, rinfo.address));
    await new Promise<void>((r) => host.bind(0, '127.0.0.81', r));
    try {
      const ctx = { scope, signal: new AbortController().signal, timeoutMs: 300, interfaces: [] };
      const out = await runNetbiosNames(['127.0.0.81', '127.0.0.82'], ctx, (host.address() as AddressInfo).port);
      expect(out.observations.map((o) => [o.ip, o.kind, o.source, o.value])).toEqual([['127.0.0.81', 'hostname', 'netbios', 'DESKTOP-7Q2K9LM']]);
    } finally {
      host.close();
    }
  });

  it('a reply to another transaction (spoofed with the host\'s address) neither hides the host\'s own answer nor is recorded against it', async () => {
    const host = dgram.createSocket('udp4');
    host.on('message', (msg, rinfo) => {
      // A neighbour's forged reply sent from the host's address arrives first; then the host's own.
      host.send(response((msg.readUInt16BE(0) + 1) & 0xffff, [['FRAMED', 0x00, false]]), rinfo.port, rinfo.address);
      setTimeout(() => host.send(response(msg.readUInt16BE(0), WINDOWS), rinfo.port, rinfo.address), 20);
    });
    await new Promise<void>((r) => host.bind(0, '127.0.0.83', r));
    try {
      const ctx = { scope, signal: new AbortController().signal, timeoutMs: 300, interfaces: [] };
      const out = await runNetbiosNames(['127.0.0.83'], ctx, (host.address() as AddressInfo).port);
      expect(out.observations.map((o) => [o.ip, o.kind, o.value])).toEqual([['127.0.0.83', 'hostname', 'DESKTOP-7Q2K9LM']]);
    } finally {
      host.close();
    }
  });

  it('one host flooding replies does not crowd out its neighbour\'s answer', async () => {
    const flooder = dgram.createSocket('udp4');
    flooder.on('message', (msg, rinfo) => {
      for (let i = 0; i < 50; i++) flooder.send(response(msg.readUInt16BE(0), [[`FLOOD${i}`, 0x00, false]]), rinfo.port, rinfo.address);
    });
    const honest = dgram.createSocket('udp4');
    honest.on('message', (msg, rinfo) => setTimeout(() => honest.send(response(msg.readUInt16BE(0), WINDOWS), rinfo.port, rinfo.address), 50));
    await new Promise<void>((r) => flooder.bind(0, '127.0.0.84', r));
    const port = (flooder.address() as AddressInfo).port;
    await new Promise<void>((r) => honest.bind(port, '127.0.0.85', r));
    try {
      const ctx = { scope, signal: new AbortController().signal, timeoutMs: 400, interfaces: [] };
      const out = await runNetbiosNames(['127.0.0.84', '127.0.0.85'], ctx, port);
      expect(out.observations.map((o) => [o.ip, o.value])).toEqual([
        ['127.0.0.84', 'FLOOD0'],
        ['127.0.0.85', 'DESKTOP-7Q2K9LM'],
      ]);
    } finally {
      flooder.close();
      honest.close();
    }
  });
});

describe('NetBIOS resends (RFC 1002 §6 LAN timings)', () => {
  const n = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const scope: Scope = { ranges: [{ first: n('127.0.0.70'), last: n('127.0.0.79') }], size: 10, labels: ['x'], excluded: [] };

  it('a host that drops the first query is still named from its answer to a resend; a host that answered is not asked again', async () => {
    const queries: Record<string, number> = {};
    const lossy = dgram.createSocket('udp4');
    lossy.on('message', (msg, rinfo) => {
      queries.lossy = (queries.lossy ?? 0) + 1;
      // The first datagram is lost on the way: only the second query is answered.
      if (queries.lossy === 2) lossy.send(response(msg.readUInt16BE(0), WINDOWS), rinfo.port, rinfo.address);
    });
    const prompt = dgram.createSocket('udp4');
    prompt.on('message', (msg, rinfo) => {
      queries.prompt = (queries.prompt ?? 0) + 1;
      prompt.send(response(msg.readUInt16BE(0), [['PROMPT-PC', 0x00, false]]), rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => lossy.bind(0, '127.0.0.71', r));
    const port = (lossy.address() as AddressInfo).port;
    await new Promise<void>((r) => prompt.bind(port, '127.0.0.72', r));
    try {
      const ctx = { scope, signal: new AbortController().signal, timeoutMs: 2000, interfaces: [] };
      const out = await runNetbiosNames(['127.0.0.71', '127.0.0.72'], ctx, port);
      expect(out.observations.map((o) => [o.ip, o.value]).sort()).toEqual([
        ['127.0.0.71', 'DESKTOP-7Q2K9LM'],
        ['127.0.0.72', 'PROMPT-PC'],
      ]);
      expect(queries).toEqual({ lossy: 2, prompt: 1 });
    } finally {
      lossy.close();
      prompt.close();
    }
  });

  it('a silent host is asked three times and the exchange ends well before the probes\' 2 s timeout', async () => {
    let asked = 0;
    const silent = dgram.createSocket('udp4');
    silent.on('message', () => asked++);
    await new Promise<void>((r) => silent.bind(0, '127.0.0.73', r));
    try {
      const ctx = { scope, signal: new AbortController().signal, timeoutMs: 2000, interfaces: [] };
      const started = performance.now();
      const out = await runNetbiosNames(['127.0.0.73'], ctx, (silent.address() as AddressInfo).port);
      const took = performance.now() - started;
      expect(out.observations).toEqual([]);
      expect(asked).toBe(3);
      // ~1 s (resends at 250 and 500 ms, then 500 ms of grace); a generous bound that the 2 s window fails.
      expect(took).toBeLessThan(1800);
    } finally {
      silent.close();
    }
  });
});

describe('the lab simulator\'s NetBIOS and DNS answers (what the lab scans read)', () => {
  it('a Windows PC answers node status with its computer name; the site DNS its PTR name', async () => {
    const { startSimulator } = await import('../lab/sim/simulator.js');
    const { device, memoryLog } = await import('../lab/sim/testing/devices.js');
    const { runReverseDns } = await import('../../src/probes/names/reverse-dns.js');
    const sim = await startSimulator(
      [
        device({ id: 'pc', mac: 'f8:75:a4:3a:10:21', ip: '127.0.0.86', netbios: { name: 'DESKTOP-7Q2K9LM' } }),
        device({ id: 'dns', mac: '02:00:00:00:00:53', ip: '127.0.0.87', dns: { ptr: { '127.0.0.86': 'desktop-7q2k9lm.office.example.' } } }),
      ],
      { multicast: false, log: memoryLog().log, ports: { netbios: 30137, dns: 30053 } },
    );
    try {
      const n = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
      const ctx = { scope: { ranges: [{ first: n('127.0.0.80'), last: n('127.0.0.89') }], size: 10, labels: ['x'], excluded: [] }, signal: new AbortController().signal, timeoutMs: 300, interfaces: [] };
      const nb = await runNetbiosNames(['127.0.0.86', '127.0.0.87'], ctx, 30137);
      expect(nb.observations.map((o) => [o.ip, o.value])).toEqual([['127.0.0.86', 'DESKTOP-7Q2K9LM']]);
      const ptr = await runReverseDns(['127.0.0.86', '127.0.0.87'], ctx, ['127.0.0.87:30053']);
      expect(ptr.map((o) => [o.ip, o.source, o.value])).toEqual([['127.0.0.86', 'ptr', 'desktop-7q2k9lm.office.example']]);
    } finally {
      await sim.stop();
    }
  });
});
