import dgram from 'node:dgram';

export interface Datagram {
  readonly from: string;
  readonly port: number;
  readonly data: Buffer;
  /** The datagram was longer than maxBytes and was cut. */
  readonly truncated: boolean;
}

export interface UdpExchange {
  /** Where to send the payload: a multicast group or unicast addresses. */
  readonly destinations: readonly { readonly address: string; readonly port: number }[];
  readonly payload: Buffer;
  /** Local IPv4 addresses to send multicast from (one copy per interface in scope); ignored for unicast. */
  readonly interfaces: readonly string[];
  /** How long to listen for replies after the last send. */
  readonly listenMs: number;
  /** Bytes kept per reply. */
  readonly maxBytes: number;
  /** Replies kept at most; the rest are dropped (a flood from one device must not grow memory). */
  readonly maxReplies: number;
  readonly signal: AbortSignal;
}

const MULTICAST = /^(22[4-9]|23\d)\./;

/**
 * Sends one request datagram per destination (and per interface for multicast) from one
 * ephemeral socket and collects the replies that come back to it within the window.
 */
export async function udpExchange(req: UdpExchange): Promise<Datagram[]> {
  if (req.signal.aborted) return [];
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: false });
  const replies: Datagram[] = [];
  socket.on('message', (msg, rinfo) => {
    if (replies.length >= req.maxReplies) return;
    const truncated = msg.length > req.maxBytes;
    replies.push({ from: rinfo.address, port: rinfo.port, data: truncated ? Buffer.from(msg.subarray(0, req.maxBytes)) : msg, truncated });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: '0.0.0.0', port: 0 }, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    // Errors after binding (e.g. an ICMP unreachable surfacing as ECONNREFUSED) end nothing: we just listen on.
    socket.on('error', () => undefined);
    socket.setMulticastTTL(1);
    for (const dest of req.destinations) {
      const sources = MULTICAST.test(dest.address) ? req.interfaces : [null];
      for (const iface of sources) {
        if (iface) socket.setMulticastInterface(iface);
        await new Promise<void>((resolve) => socket.send(req.payload, dest.port, dest.address, () => resolve()));
      }
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        req.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, req.listenMs);
      req.signal.addEventListener('abort', done, { once: true });
    });
  } finally {
    socket.close();
  }
  return replies;
}
