import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseResponseHead, realmOf } from '../../src/probes/http/response-head.js';
import { binaryBanner, DVRIP, HTTP, RTSP, stripTelnet, TELNET, type TcpProbe } from '../../src/probes/tcp/tcp-probes.js';
import { runTcpProbes } from '../../src/probes/tcp/tcp-runner.js';
import type { Scope } from '../../src/scope/types.js';

const servers: net.Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** A loopback "device": answers each connection with `reply(firstBytes)`, or greets when `greet` is set. */
async function device(handler: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

const scope: Scope = { ranges: [{ first: 0x7f000001, last: 0x7f000001 }], size: 1, labels: ['127.0.0.1'], excluded: [] };
const ctx = (signal = new AbortController().signal) => ({ scope, signal, timeoutMs: 1500, interfaces: [] });
const on = (probe: TcpProbe, port: number): TcpProbe => ({ ...probe, ports: [port] });

describe('response heads', () => {
  it('keeps header case and order, and reads realms', () => {
    const head = parseResponseHead(Buffer.from('HTTP/1.1 401 Unauthorized\r\nCONTENT-LENGTH: 0\r\nWWW-Authenticate: Digest realm="Login to 4H01D66PAJ2FA64", qop="auth"\r\n\r\n'));
    expect(head?.headers).toEqual([
      ['CONTENT-LENGTH', '0'],
      ['WWW-Authenticate', 'Digest realm="Login to 4H01D66PAJ2FA64", qop="auth"'],
    ]);
    expect(realmOf('Basic realm=device')).toBe('device');
    expect(parseResponseHead(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'))).toBeNull();
  });
});

describe('TCP probes (on loopback)', () => {
  it('reads Server, realm, title and kept headers of an HTTP answer', async () => {
    const port = await device((s) =>
      s.once('data', () =>
        s.end(
          'HTTP/1.1 401 Unauthorized\r\nP3P: CP=CAO PSA OUR\r\nSet-Cookie: DWebClientSessionID=secret; path=/\r\nServer: App-webs/\r\nWWW-Authenticate: Digest qop="auth", realm="IP Camera(C2183)", nonce="4e54"\r\n\r\n<html><title> Login </title></html>',
        ),
      ),
    );
    const obs = await runTcpProbes([{ ip: '127.0.0.1', port }], ctx(), 4, [on(HTTP, port)]);
    const facts = obs.map((o) => `${o.kind}=${o.value}`);
    expect(facts).toEqual(
      expect.arrayContaining([
        'http.server=App-webs/',
        'http.realm=IP Camera(C2183)',
        'http.title=Login',
        'http.header=P3P: CP=CAO PSA OUR',
        'http.header=Set-Cookie: DWebClientSessionID',
      ]),
    );
    expect(facts.join('\n')).not.toContain('secret');
    expect(obs.every((o) => o.port === port && o.ip === '127.0.0.1')).toBe(true);
  });

  it('reads the Dahua RTSP server and realm from a DESCRIBE answer, echoing nothing else', async () => {
    let request = '';
    const port = await device((s) =>
      s.once('data', (d) => {
        request = d.toString();
        s.write('RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nServer: Dahua Rtsp Server\r\nWWW-Authenticate: Digest realm="Login to 2J01018PAA00813", nonce="x"\r\n\r\n');
      }),
    );
    const obs = await runTcpProbes([{ ip: '127.0.0.1', port }], ctx(), 4, [on(RTSP, port)]);
    expect(request).toMatch(/^DESCRIBE rtsp:\/\/127\.0\.0\.1:\d+\/ RTSP\/1\.0\r\nCSeq: 1\r\n/);
    expect(obs.map((o) => `${o.kind}=${o.value}`)).toEqual(['rtsp.server=Dahua Rtsp Server', 'rtsp.realm=Login to 2J01018PAA00813']);
  });

  it('strips telnet negotiation from a greeting', async () => {
    const port = await device((s) => s.write(Buffer.concat([Buffer.from([0xff, 0xfb, 0x01, 0xff, 0xfd, 0x18]), Buffer.from('\r\n192.0.0.64 login: ')])));
    const obs = await runTcpProbes([{ ip: '127.0.0.1', port }], ctx(), 4, [on(TELNET, port)]);
    expect(obs.map((o) => o.value)).toEqual(['192.0.0.64 login:']);
    expect(stripTelnet(Buffer.from([0x41, 0xff, 0xfa, 0x18, 0x01, 0xff, 0xf0, 0x42])).toString()).toBe('AB');
  });

  it('sends the DVRIP realm request and records the binary answer readably', async () => {
    let got = Buffer.alloc(0);
    const port = await device((s) =>
      s.once('data', (d) => {
        got = d;
        s.end(Buffer.concat([Buffer.from('b0010000', 'hex'), Buffer.alloc(28), Buffer.from('Login to 4K049EBPAG1D7E7\r\nRandom:12345\r\n')]));
      }),
    );
    const obs = await runTcpProbes([{ ip: '127.0.0.1', port }], ctx(), 4, [on(DVRIP, port)]);
    expect(got.toString('hex')).toBe('a00100000000000000000000000000000000000000000000050201010000a1aa');
    expect(obs[0]?.kind).toBe('tcp.banner');
    expect(obs[0]?.value).toMatch(/^hex=b0010000[0-9a-f]+ ascii=Login to 4K049EBPAG1D7E7\|Random:12345$/);
    expect(binaryBanner(Buffer.from([0, 0, 0, 0x10]))).toBe('hex=00000010 ascii=');
  });

  it('bounds an endless sender by bytes and a silent one by time', async () => {
    const endless = await device((s) => {
      const chunk = Buffer.alloc(16 * 1024, 0x41);
      const pump = () => {
        while (!s.destroyed && s.write(chunk));
        if (!s.destroyed) s.once('drain', pump);
      };
      s.on('error', () => undefined);
      pump();
    });
    const silent = await device(() => undefined);
    const obs = await runTcpProbes(
      [
        { ip: '127.0.0.1', port: endless },
        { ip: '127.0.0.1', port: silent },
      ],
      { ...ctx(), timeoutMs: 500 },
      4,
      [{ ...HTTP, ports: [endless, silent] }],
    );
    const bad = obs.filter((o) => o.ip === '127.0.0.1');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ kind: 'malformed', port: endless });
    expect(bad[0]!.value.length).toBeLessThanOrEqual(4096);
  });

  it('does not probe addresses outside the scope', async () => {
    let connections = 0;
    const port = await device((s) => {
      connections++;
      s.end();
    });
    await runTcpProbes([{ ip: '127.0.0.2', port }], ctx(), 4, [on(HTTP, port)]);
    expect(connections).toBe(0);
  });

  it('takes a pacing token before every connection (the scan-wide --rate cap)', async () => {
    let connections = 0;
    let tokens = 0;
    const port = await device((s) => {
      connections++;
      s.end('SSH-2.0-OpenSSH_9.2\r\n');
    });
    const paced = { ...ctx(), pace: async () => void tokens++ };
    const targets = [1, 2, 3].map(() => ({ ip: '127.0.0.1', port }));
    await runTcpProbes(targets, paced, 4, [on(HTTP, port)]);
    expect(connections).toBe(3);
    expect(tokens).toBe(3);
  });
});
