/** Test helper: a known-good discovery client that sends one datagram and collects the replies. */
import dgram from 'node:dgram';

export interface Received {
  payload: Buffer;
  address: string;
  port: number;
}

export interface QueryOptions {
  /** Stop once this many replies are in. */
  expect?: number;
  /** Give up after this long (a device that stays silent is a valid outcome). */
  waitMs?: number;
  /** Local address to send from. */
  from?: string;
  /** Local port to send from (mDNS: 5353 asks for a multicast answer). */
  fromPort?: number;
  /** Source address of multicast sends, when bound to 0.0.0.0 to hear group replies. */
  multicastInterface?: string;
  /** Send the same datagram this many times from the same socket. */
  repeat?: number;
}

export async function queryUdp(address: string, port: number, payload: Buffer, options: QueryOptions = {}): Promise<Received[]> {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  const received: Received[] = [];
  await new Promise<void>((resolve) => socket.bind(options.fromPort ?? 0, options.from ?? '127.0.0.1', resolve));
  return new Promise<Received[]>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      socket.close();
      resolve(received);
    };
    const timer = setTimeout(done, options.waitMs ?? 1500);
    socket.on('message', (msg, rinfo) => {
      received.push({ payload: msg, address: rinfo.address, port: rinfo.port });
      if (options.expect !== undefined && received.length >= options.expect) done();
    });
    if (options.multicastInterface !== undefined) socket.setMulticastInterface(options.multicastInterface);
    for (let i = 0; i < (options.repeat ?? 1); i++) socket.send(payload, port, address);
  });
}
