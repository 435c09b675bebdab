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

  it('fetches one UPnP description per device, only from the device itself, with a byte cap', async () => {
    const paths: string[] = [];
    const server = http.createServer((req, res) => {
      paths.push(req.url ?? '');
      if (req.url === '/desc.xml') res.end('<root><device><manufacturer>ZTE</manufacturer><modelName>ZXHN F660</modelName></device></root>');
      else res.end('x'.repeat(200_000));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => server.close());
    const httpPort = (server.address() as AddressInfo).port;
    const replies = [
      `HTTP/1.1 200 OK\r\nLOCATION: http://127.0.0.1:${httpPort}/zz-other.xml\r\n\r\n`,
      `HTTP/1.1 200 OK\r\nSERVER: ZTE/1.0 UPnP/1.0 miniupnpd/1.0\r\nLOCATION: http://127.0.0.1:${httpPort}/desc.xml\r\nUSN: uuid:1::upnp:rootdevice\r\n\r\n`,
      `HTTP/1.1 200 OK\r\nSERVER: Hikvision-Webs\r\nLOCATION: http://127.0.0.9:${httpPort}/desc.xml\r\n\r\n`,
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
    // One fetch, of the lowest LOCATION the device gave for itself; the one naming 127.0.0.9 is a finding about the sender.
    expect(paths).toEqual(['/desc.xml']);
    expect(out.observations.filter((o) => o.ip !== '127.0.0.1')).toEqual([]);
    expect(out.observations.filter((o) => o.kind === 'upnp.server').map((o) => o.value)).toEqual(['ZTE/1.0 UPnP/1.0 miniupnpd/1.0']);
    const claim = out.observations.filter((o) => o.kind === 'malformed');
    expect(claim.map((o) => [o.ip, o.source])).toEqual([['127.0.0.1', 'ssdp']]);
    expect(claim[0]?.value).toMatch(/^speaks for another address \(127\.0\.0\.9\), not attributed: HTTP\/1\.1 200 OK/);
  });

  it('records an oversized description as malformed', async () => {
    const server = http.createServer((_req, res) => res.end('x'.repeat(200_000)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => server.close());
    const reply = `HTTP/1.1 200 OK\r\nLOCATION: http://127.0.0.1:${(server.address() as AddressInfo).port}/big.xml\r\n\r\n`;
    const port = await udpDevice('127.0.0.1', () => Buffer.from(reply));
    const out = await runMulticastProbes(ctx(scope('127.0.0.1')), [at(SSDP, port)]);
    expect(out.observations.filter((o) => o.kind === 'malformed').map((o) => o.value.slice(0, 21))).toEqual(['oversized description']);
  });

  it('a device naming thousands of LOCATIONs costs one fetch and one flood finding (issue #16 finding 3)', async () => {
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      res.end('<root><device><manufacturer>Acme</manufacturer></device></root>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => server.close());
    const httpPort = (server.address() as AddressInfo).port;
    const s = dgram.createSocket('udp4');
    s.on('message', async (_m, rinfo) => {
      // 2,000 distinct LOCATIONs, the real server's first; sent in small bursts so loopback keeps most of them.
      for (let i = 0; i < 2000; i++) {
        const port = i === 0 ? httpPort : 20000 + i;
        s.send(Buffer.from(`HTTP/1.1 200 OK\r\nLOCATION: http://127.0.0.1:${port}/d${i}.xml\r\n\r\n`), rinfo.port, rinfo.address);
        if (i % 100 === 99) await new Promise((r) => setImmediate(r));
      }
    });
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    cleanups.push(() => s.close());
    let paced = 0;
    const out = await runMulticastProbes({ ...ctx(scope('127.0.0.1')), timeoutMs: 1000, pace: async () => void paced++ }, [at(SSDP, (s.address() as AddressInfo).port)]);
    expect(paced).toBe(1);
    expect(out.observations.filter((o) => o.kind === 'upnp.location').length).toBeLessThanOrEqual(32);
    expect(out.observations.filter((o) => o.kind === 'malformed').map((o) => o.value)).toEqual([expect.stringMatching(/^flood: \d+ more facts dropped/)]);
    expect(requests).toBeLessThanOrEqual(1);
  });

  it('one device flooding replies does not crowd out a neighbour that answers after it', async () => {
    const neighbour = dgram.createSocket('udp4');
    await new Promise<void>((r) => neighbour.bind(0, '127.0.0.2', r));
    cleanups.push(() => neighbour.close());
    const s = dgram.createSocket('udp4');
    s.on('message', async (_m, rinfo) => {
      // More replies than the probe keeps from everyone together, in small bursts so loopback drops none.
      for (let i = 0; i < 6000; i++) {
        s.send(Buffer.from(`HTTP/1.1 200 OK\r\nSERVER: Flood/${i}\r\n\r\n`), rinfo.port, rinfo.address);
        if (i % 50 === 49) await new Promise((r) => setTimeout(r, 1));
      }
      neighbour.send(Buffer.from('HTTP/1.1 200 OK\r\nSERVER: Linux UPnP/1.0 Honest/1.0\r\n\r\n'), rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    cleanups.push(() => s.close());
    const out = await runMulticastProbes({ ...ctx(scope('127.0.0.1', '127.0.0.2')), timeoutMs: 3000 }, [at(SSDP, (s.address() as AddressInfo).port)]);
    expect(out.observations.filter((o) => o.ip === '127.0.0.2').map((o) => o.value)).toEqual(['Linux UPnP/1.0 Honest/1.0']);
  });

  it('fetches descriptions through the scan\'s rate limiter, a few at a time', async () => {
    let inFlight = 0;
    let peak = 0;
    let served = 0;
    const devices = Array.from({ length: 20 }, (_, i) => `127.0.0.${i + 1}`);
    const ports = new Map<string, number>();
    for (const ip of devices) {
      const server = http.createServer((_req, res) => {
        inFlight++;
        served++;
        peak = Math.max(peak, inFlight);
        setTimeout(() => {
          inFlight--;
          res.end('<root><device><manufacturer>Acme</manufacturer></device></root>');
        }, 50);
      });
      await new Promise<void>((r) => server.listen(0, ip, r));
      cleanups.push(() => server.close());
      ports.set(ip, (server.address() as AddressInfo).port);
    }
    // Each device answers the M-SEARCH from its own address.
    const sockets = await Promise.all(
      devices.map(async (ip) => {
        const d = dgram.createSocket('udp4');
        await new Promise<void>((r) => d.bind(0, ip, r));
        cleanups.push(() => d.close());
        return d;
      }),
    );
    const front = dgram.createSocket('udp4');
    front.on('message', (_m, rinfo) =>
      sockets.forEach((d, i) => d.send(Buffer.from(`HTTP/1.1 200 OK\r\nLOCATION: http://${devices[i]}:${ports.get(devices[i]!)}/desc.xml\r\n\r\n`), rinfo.port, rinfo.address)),
    );
    await new Promise<void>((r) => front.bind(0, '127.0.0.1', r));
    cleanups.push(() => front.close());
    let paced = 0;
    // The window and each fetch get a generous 2 s: at 300 ms, a loaded machine that stopped this
    // process for 300 ms between the M-SEARCH and the replies closed the window on an empty socket
    // (its timer runs before the replies are read) and the test saw fewer than 20 devices.
    const out = await runMulticastProbes(
      { ...ctx(scope('127.0.0.1', '127.0.0.20')), timeoutMs: 2000, pace: async () => void paced++ },
      [at(SSDP, (front.address() as AddressInfo).port)],
    );
    const heard = new Set(out.observations.filter((o) => o.kind === 'upnp.location').map((o) => o.ip));
    expect(heard.size).toBe(20);
    // One paced fetch per device heard, each answered: nothing fetched around the limiter.
    expect(paced).toBe(heard.size);
    expect(served).toBe(heard.size);
    expect(out.observations.filter((o) => o.kind === 'upnp.manufacturer').map((o) => o.ip).sort()).toEqual([...heard].sort());
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(8);
  });
});
