import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { udpExchange } from '../../src/probes/udp/udp-exchange.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** A loopback UDP service that answers every datagram with "pong". */
async function echo(): Promise<number> {
  const s = dgram.createSocket('udp4');
  s.on('message', (_msg, rinfo) => s.send(Buffer.from('pong'), rinfo.port, rinfo.address));
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  cleanups.push(() => s.close());
  return (s.address() as AddressInfo).port;
}

describe('udpExchange', () => {
  it('records an interface whose address went away as an error, sends the rest and resolves (no rejection)', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    cleanups.push(() => process.off('unhandledRejection', onRejection));
    const port = await echo();
    // 192.0.2.55 (TEST-NET-1) is no address of this host: setMulticastInterface fails, as after a
    // DHCP renew or a VPN drop, and nothing at all is sent to the group.
    const result = await udpExchange({
      destinations: [
        { address: '239.255.255.250', port: 1900 },
        { address: '127.0.0.1', port },
      ],
      payload: Buffer.from('ping'),
      interfaces: ['192.0.2.55'],
      listenMs: 300,
      maxBytes: 64,
      maxReplies: 8,
      signal: new AbortController().signal,
    });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/239\.255\.255\.250:1900 from 192\.0\.2\.55: .*EADDRNOTAVAIL/);
    expect(result.replies.map((r) => [r.from, r.data.toString()])).toEqual([['127.0.0.1', 'pong']]);
    await new Promise((r) => setImmediate(r));
    expect(rejections).toEqual([]);
  });
});
