/**
 * mDNS/DNS-SD browse: one PTR query per interface in scope for the service types in
 * oui/probes/mdns-services.json, then a listening window in which every response heard on
 * 5353 (ours, or announcements meant for others) is read. Written on dgram + dns-packet rather
 * than bonjour-service: bonjour-service leaves its socket's bind error unhandled (a busy 5353
 * crashes the process), cuts instance names at their first dot and rewrites TXT strings.
 */
import dgram from 'node:dgram';
import type { Observation } from '../../observations/observation.js';
import { scopeContains } from '../../scope/index.js';
import { sleep } from '../../util/sleep.js';
import type { MulticastOutcome } from '../multicast/multicast-runner.js';
import { SenderBudget } from '../multicast/sender-budget.js';
import { ipv4Literal, othersNamed, speaksForOthers } from '../multicast/speaks-for.js';
import { type ProbeContext, excerpt, observe } from '../probe-context.js';
import { encodeBrowseQuery, MAX_MDNS_PACKET, MDNS_GROUP, MDNS_PORT, parseMdnsPacket, type MdnsService } from './mdns-codec.js';
import { browsedServiceTypes } from './mdns-services.js';

export const MDNS_SOURCE = 'mdns';
/** Datagrams read per window: a segment full of devices fits, a flood does not grow memory. */
const MAX_PACKETS = 4096;
/** Packets read per sender: a flood from one address cannot take every place (at most MAX_PACKETS senders are counted). */
const MAX_PACKETS_PER_SENDER = 256;

export interface MdnsOptions {
  /** Service types to ask for; the data file's list by default. */
  readonly types?: readonly string[];
  /** Where queries go (the mDNS group and port unless a test says otherwise). */
  readonly group?: string;
  readonly port?: number;
  /** Local port to listen on: 5353, where multicast answers arrive; 0 in tests. */
  readonly bindPort?: number;
}

/**
 * The observations one service yields, all about the sender: a service whose A records name
 * other addresses and never the sender's is somebody else's (a sleep proxy, or a device framing
 * its neighbour), and becomes one finding about the sender instead. Values are bounded by
 * `observe`; TXT strings are joined with "; ".
 */
export function serviceFacts(service: MdnsService, from: string, ctx: Pick<ProbeContext, 'now'>): Observation[] {
  const port = service.port ?? undefined;
  const others = othersNamed(from, service.addresses.map(ipv4Literal));
  if (others.length) {
    return [speaksForOthers(ctx, { from, others, source: MDNS_SOURCE, what: `${service.instance} (${service.type})`, ...(port === undefined ? {} : { port }) })];
  }
  const facts: [Observation['kind'], string][] = [
    ['mdns.instance', service.instance],
    ['mdns.service', service.type],
    ...(service.txt.length ? [['mdns.txt', service.txt.join('; ')] as [Observation['kind'], string]] : []),
    ...(service.host ? [['hostname', service.host] as [Observation['kind'], string]] : []),
  ];
  return facts.map(([kind, value]) => observe(ctx, { ip: from, kind, value, source: MDNS_SOURCE, ...(port === undefined ? {} : { port }) }));
}

/** The observations of one datagram from `from`: services, or a malformed record; nothing for packets from outside the scope. */
export function packetFacts(data: Buffer, from: string, ctx: Pick<ProbeContext, 'scope' | 'now'>): Observation[] {
  if (!scopeContains(ctx.scope, from)) return [];
  const parsed = parseMdnsPacket(data);
  if (!parsed.ok) return [observe(ctx, { ip: from, kind: 'malformed', source: MDNS_SOURCE, value: `${parsed.reason}: ${excerpt(data)}` })];
  return parsed.services.flatMap((s) => serviceFacts(s, from, ctx));
}

function bind(socket: dgram.Socket, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ port, address: '0.0.0.0', exclusive: false }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

/** Browses on every interface in scope for ctx.timeoutMs and returns what in-scope devices announced. */
export async function runMdnsProbe(ctx: ProbeContext, options: MdnsOptions = {}): Promise<MulticastOutcome> {
  if (!ctx.interfaces.length || ctx.signal.aborted) return { observations: [], outOfScope: 0 };
  const group = options.group ?? MDNS_GROUP;
  const budget = new SenderBudget();
  let outOfScope = 0;
  let packets = 0;
  const bySender = new Map<string, number>();
  let socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  const onMessage = (msg: Buffer, rinfo: dgram.RemoteInfo) => {
    const fromSender = bySender.get(rinfo.address) ?? 0;
    if (packets >= MAX_PACKETS || fromSender >= MAX_PACKETS_PER_SENDER) return;
    packets++;
    bySender.set(rinfo.address, fromSender + 1);
    // Queries (QR bit clear), our own looped back through the group included, are not answers.
    if (msg.length >= 4 && (msg[2]! & 0x80) === 0) return;
    if (!scopeContains(ctx.scope, rinfo.address)) {
      outOfScope++;
      return;
    }
    const data = msg.length > MAX_MDNS_PACKET ? msg.subarray(0, MAX_MDNS_PACKET + 1) : msg;
    for (const o of packetFacts(data, rinfo.address, ctx)) budget.offer(o);
  };
  try {
    try {
      await bind(socket, options.bindPort ?? MDNS_PORT);
    } catch {
      // 5353 held without SO_REUSEADDR: ask from an ephemeral port; responders answer such "legacy" queries by unicast (RFC 6762 §6.7).
      socket.close();
      socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
      await bind(socket, 0);
    }
    socket.on('message', onMessage);
    // After binding, errors (an ICMP unreachable, a send on a vanished interface) end nothing: we listen on.
    socket.on('error', () => undefined);
    socket.setMulticastTTL(255); // RFC 6762 §11: receivers check it
    const query = encodeBrowseQuery(options.types ?? browsedServiceTypes());
    for (const iface of ctx.interfaces) {
      try {
        socket.addMembership(group, iface);
      } catch {
        // Not a multicast group (tests) or the interface went away: the unicast answers still arrive.
      }
      try {
        socket.setMulticastInterface(iface);
      } catch {
        continue;
      }
      await new Promise<void>((resolve) => socket.send(query, options.port ?? MDNS_PORT, group, () => resolve()));
    }
    await sleep(ctx.timeoutMs, ctx.signal);
  } catch {
    // Could not bind at all: mDNS adds nothing to this scan.
  } finally {
    socket.close();
  }
  return { observations: budget.facts(ctx), outOfScope };
}
