import dgram from 'node:dgram';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DHIP, SADP, SSDP, type MulticastProbe } from '../../src/probes/multicast/discovery-probes.js';
import { runMulticastProbes } from '../../src/probes/multicast/multicast-runner.js';
import type { Scope } from '../../src/scope/types.js';

// Loopback stands in for the segment: the probes are pointed at unicast 127.0.0.x servers instead of the group.
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function udpDevice(address: string, reply: (req: Buffer) => Buffer | null): Promise<number> {
  const s = dgram.createSocket('udp4');
  s.on('message', (msg, rinfo) => {
    const out = reply(msg);
    if (out) s.send(out, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => s.bind(0, address, r));
  cleanups.push(() => s.close());
  return (s.address() as AddressInfo).port;
}

const scope = (first: string, last = first): Scope => {
  const n = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  return { ranges: [{ first: n(first), last: n(last) }], size: n(last) - n(first) + 1, labels: [first], excluded: [] };
};

const ctx = (s: Scope) => ({ scope: s, signal: new AbortController().signal, timeoutMs: 300, interfaces: ['127.0.0.1'] });
const at = (probe: MulticastProbe, port: number): MulticastProbe => ({ ...probe, group: '127.0.0.1', port });

describe('multicast runner (on loopback)', () => {
  it('turns SADP and DHIP answers into observations with the device MAC', async () => {
    const sadpPort = await udpDevice('127.0.0.1', (req) =>
      req.toString().includes('<Types>inquiry</Types>')
        ? Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\r\n<ProbeMatch>\r\n<Uuid>x</Uuid>\r\n<DeviceDescription>DS-7608NI-K2</DeviceDescription>\r\n<MAC>bc-ad-28-00-00-01</MAC>\r\n</ProbeMatch>')
        : null,
    );
    const body = Buffer.from('{"mac":"3c:ef:8c:00:00:02","method":"client.notifyDevInfo","params":{"deviceInfo":{"DeviceType":"DHI-NVR4104"}}}\n\0');
    const header = Buffer.alloc(32);
    header.writeUInt32LE(32, 0);
    header.write('DHIP', 4);
    header.writeUInt32LE(body.length, 0x10);
    header.writeUInt32LE(body.length, 0x18);
    const dhipPort = await udpDevice('127.0.0.1', () => Buffer.concat([header, body]));
    const out = await runMulticastProbes(ctx(scope('127.0.0.1')), [at(SADP, sadpPort), at(DHIP, dhipPort)]);
    const sadp = out.observations.find((o) => o.kind === 'sadp.reply');
    const dhip = out.observations.find((o) => o.kind === 'dhip.reply');
    expect(sadp).toMatchObject({ ip: '127.0.0.1', mac: 'bc:ad:28:00:00:01', source: 'sadp' });
    expect(sadp?.value).toContain('DS-7608NI-K2');
    expect(dhip).toMatchObject({ ip: '127.0.0.1', mac: '3c:ef:8c:00:00:02', source: 'dhip' });
  });

  it('ignores replies from outside the scope and counts them', async () => {
    const port = await udpDevice('127.0.0.2', () => Buffer.from('<ProbeMatch><DeviceDescription>X</DeviceDescription></ProbeMatch>'));
    const out = await runMulticastProbes(ctx(scope('127.0.0.1')), [{ ...SADP, group: '127.0.0.2', port }]);
    expect(out.observations).toEqual([]);
    expect(out.outOfScope).toBe(1);
  });

  it('records garbage as malformed with a printable excerpt', async () => {
    const port = await udpDevice('127.0.0.1', () => Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x00, 0xff, 0x41]));
    const out = await runMulticastProbes(ctx(scope('127.0.0.1')), [at(DHIP, port)]);
    expect(out.observations).toHaveLength(1);
    expect(out.observations[0]).toMatchObject({ kind: 'malformed', source: 'dhip' });
    expect(out.observations[0]?.value).toMatch(/^shorter than the 32-byte DHIP header: [\x20-\x7e]+$/);
  });

  it('fetches the UPnP description only from the device that announced it, with a byte cap', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/desc.xml') res.end('<root><device><manufacturer>ZTE</manufacturer><modelName>ZXHN F660</modelName></device></root>');
      else res.end('x'.repeat(200_000));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => server.close());
    const httpPort = (server.address() as AddressInfo).port;
    const replies = [
      `HTTP/1.1 200 OK\r\nSERVER: ZTE/1.0 UPnP/1.0 miniupnpd/1.0\r\nLOCATION: http://127.0.0.1:${httpPort}/desc.xml\r\nUSN: uuid:1::upnp:rootdevice\r\n\r\n`,
      `HTTP/1.1 200 OK\r\nLOCATION: http://127.0.0.1:${httpPort}/big.xml\r\n\r\n`,
      `HTTP/1.1 200 OK\r\nLOCATION: http://127.0.0.9:${httpPort}/desc.xml\r\n\r\n`,
    ];
    // The device answers each M-SEARCH with three replies (as devices answer per search target).
    const s = dgram.createSocket('udp4');
    s.on('message', (_m, rinfo) => replies.forEach((r) => s.send(Buffer.from(r), rinfo.port, rinfo.address)));
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    cleanups.push(() => s.close());
    const out = await runMulticastProbes(ctx(scope('127.0.0.1', '127.0.0.9')), [at(SSDP, (s.address() as AddressInfo).port)]);
    const kinds = out.observations.map((o) => `${o.kind}=${o.value}`);
    expect(kinds).toContain('upnp.server=ZTE/1.0 UPnP/1.0 miniupnpd/1.0');
    expect(kinds).toContain('upnp.manufacturer=ZTE');
    expect(kinds).toContain('upnp.model=ZXHN F660');
    // The LOCATION naming another host (127.0.0.9) was not followed: one description, from the announcer.
    expect(out.observations.filter((o) => o.kind === 'upnp.manufacturer')).toHaveLength(1);
    expect(out.observations.filter((o) => o.kind === 'malformed' && o.value.startsWith('oversized description'))).toHaveLength(1);
  });
});
