import dgram from 'node:dgram';
import { sleep } from '../../util/sleep.js';

export interface Datagram {
  readonly from: string;
  readonly port: number;
  readonly data: Buffer;
  /** The datagram was longer than maxBytes and was cut. */
  readonly truncated: boolean;
}

export interface UdpExchange {
  /** Where to send the payload: a multicast group or unicast addresses; a destination's own payload replaces the shared one. */
  readonly destinations: readonly { readonly address: string; readonly port: number; readonly payload?: Buffer }[];
  readonly payload: Buffer;
  /** Local IPv4 addresses to send multicast from (one copy per interface in scope); ignored for unicast. */
  readonly interfaces: readonly string[];
  /** How long to listen for replies after the last send. */
  readonly listenMs: number;
  /** Bytes kept per reply. */
  readonly maxBytes: number;
  /** Replies kept at most; the rest are dropped (a flood from one device must not grow memory). */
  readonly maxReplies: number;
  /** Replies kept per source address; none = no bound (one sender may then take every place). */
  readonly maxRepliesPerSender?: number;
  readonly signal: AbortSignal;
  /** Resolves when one more datagram may leave (the scan's --rate cap); none = unpaced. */
  readonly pace?: () => Promise<void>;
  /** Sends again, `count` times `everyMs` apart, to the unicast destinations no reply has come from yet; none = one send. */
  readonly resend?: { readonly count: number; readonly everyMs: number };
}

export interface UdpExchangeResult {
  readonly replies: Datagram[];
  /** What could not be sent, and why (an interface whose address went away, a send refused): the caller records it. */
  readonly errors: string[];
}

const MULTICAST = /^(22[4-9]|23\d)\./;

/**
 * Sends one request datagram per destination (and per interface for multicast) from one
 * ephemeral socket and collects the replies that come back to it within the window. Never
 * rejects for a send that failed: that is an error in the result, and the other sends go on.
 */
export async function udpExchange(req: UdpExchange): Promise<UdpExchangeResult> {
  const replies: Datagram[] = [];
  const errors: string[] = [];
  if (req.signal.aborted) return { replies, errors };
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: false });
  // At most maxReplies entries: a sender is counted only when one of its replies is kept.
  const bySender = new Map<string, number>();
  // Who sent anything, kept or not: a resend goes only to the others.
  const heard = new Set<string>();
  socket.on('message', (msg, rinfo) => {
    heard.add(rinfo.address);
    if (replies.length >= req.maxReplies) return;
    if (req.maxRepliesPerSender !== undefined) {
      const kept = bySender.get(rinfo.address) ?? 0;
      if (kept >= req.maxRepliesPerSender) return;
      bySender.set(rinfo.address, kept + 1);
    }
    const truncated = msg.length > req.maxBytes;
    replies.push({ from: rinfo.address, port: rinfo.port, data: truncated ? Buffer.from(msg.subarray(0, req.maxBytes)) : msg, truncated });
  });
  try {
    const bound = await new Promise<boolean>((resolve) => {
      const failed = (err: Error) => {
        errors.push(`cannot open a UDP socket: ${err.message}`);
        resolve(false);
      };
      socket.once('error', failed);
      socket.bind({ address: '0.0.0.0', port: 0 }, () => {
        socket.off('error', failed);
        resolve(true);
      });
    });
    if (!bound) return { replies, errors };
    // Errors after binding (e.g. an ICMP unreachable surfacing as ECONNREFUSED) end nothing: we just listen on.
    socket.on('error', () => undefined);
    socket.setMulticastTTL(1);
    await sendAll(req, socket, req.destinations, errors);
    for (let i = 0; i < (req.resend?.count ?? 0) && !req.signal.aborted; i++) {
      await sleep(req.resend!.everyMs, req.signal);
      const silent = req.destinations.filter((d) => !MULTICAST.test(d.address) && !heard.has(d.address));
      if (!silent.length) break;
      await sendAll(req, socket, silent, errors);
    }
    await sleep(req.listenMs, req.signal);
  } finally {
    socket.close();
  }
  // A destination refused at every send is one error.
  return { replies, errors: [...new Set(errors)] };
}

async function sendAll(req: UdpExchange, socket: dgram.Socket, destinations: UdpExchange['destinations'], errors: string[]): Promise<void> {
  for (const dest of destinations) {
    const sources = MULTICAST.test(dest.address) ? req.interfaces : [null];
    for (const iface of sources) {
      const via = iface ? ` from ${iface}` : '';
      if (iface) {
        try {
          socket.setMulticastInterface(iface);
        } catch (err) {
          // EADDRNOTAVAIL: the interface's address went away (DHCP renew, Wi-Fi or VPN drop).
          errors.push(`cannot send to ${dest.address}:${dest.port}${via}: ${err instanceof Error ? err.message : String(err)}`);
          continue;
        }
      }
      if (req.pace) await req.pace().catch(() => undefined);
      if (req.signal.aborted) break;
      const sent = await new Promise<Error | null>((resolve) => socket.send(dest.payload ?? req.payload, dest.port, dest.address, (err) => resolve(err ?? null)));
      if (sent !== null) errors.push(`cannot send to ${dest.address}:${dest.port}${via}: ${sent.message}`);
    }
  }
}
