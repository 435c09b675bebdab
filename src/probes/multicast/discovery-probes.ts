/**
 * The multicast discovery protocols as data: where each asks, what it sends, and how a reply
 * becomes observations. One generic runner (multicast-runner.ts) drives them all.
 */
import { randomUUID } from 'node:crypto';
import type { Observation } from '../../observations/observation.js';
import { encodeDhipSearch, DHIP_GROUP, DHIP_PORT, parseDhipReply } from '../dhip/dhip-codec.js';
import { type ProbeContext, excerpt, observe } from '../probe-context.js';
import { encodeSadpInquiry, parseSadpReply, SADP_GROUP, SADP_PORT } from '../sadp/sadp-codec.js';
import { encodeMSearch, parseSsdpReply, SSDP_GROUP, SSDP_PORT } from '../ssdp/ssdp-codec.js';
import type { Datagram } from '../udp/udp-exchange.js';
import { encodeWsdProbe, parseProbeMatch, WSD_GROUP, WSD_PORT } from '../wsd/wsd-codec.js';
import { ipv4Literal, othersNamed, speaksForOthers, urlIpv4 } from './speaks-for.js';

export interface MulticastProbe {
  readonly name: string;
  readonly group: string;
  readonly port: number;
  readonly request: () => Buffer;
  /** Bytes kept per reply. */
  readonly maxBytes: number;
  readonly decode: (reply: Datagram, ctx: ProbeContext) => Observation[];
}

function malformed(ctx: ProbeContext, reply: Datagram, source: string, why: string): Observation {
  return observe(ctx, { ip: reply.from, kind: 'malformed', source, value: `${why}: ${excerpt(reply.data)}` });
}

/** The finding for a reply that names other addresses and never its sender's; null when it speaks for its sender. */
function forOthers(ctx: ProbeContext, reply: Datagram, source: string, named: readonly (string | null)[]): Observation | null {
  const others = othersNamed(reply.from, named);
  return others.length ? speaksForOthers(ctx, { from: reply.from, others, source, what: reply.data.toString('utf8') }) : null;
}

export const SADP: MulticastProbe = {
  name: 'sadp',
  group: SADP_GROUP,
  port: SADP_PORT,
  request: () => encodeSadpInquiry(randomUUID()),
  maxBytes: 8192,
  decode(reply, ctx) {
    const text = reply.data.toString('utf8');
    const parsed = reply.truncated ? null : parseSadpReply(text);
    if (!parsed) return [malformed(ctx, reply, 'sadp', reply.truncated ? 'oversized SADP reply' : 'not a SADP ProbeMatch')];
    const claim = forOthers(ctx, reply, 'sadp', [ipv4Literal(parsed.ipv4)]);
    if (claim) return [claim];
    // The reply echoes our inquiry's random Uuid: kept, every scan would store a "new" fact and a new verdict.
    const value = text.replace(/<Uuid>[^<]*<\/Uuid>/i, '<Uuid></Uuid>');
    return [observe(ctx, { ip: reply.from, kind: 'sadp.reply', source: 'sadp', value, mac: parsed.mac })];
  },
};

export const DHIP: MulticastProbe = {
  name: 'dhip',
  group: DHIP_GROUP,
  port: DHIP_PORT,
  request: encodeDhipSearch,
  maxBytes: 16 * 1024 + 64,
  decode(reply, ctx) {
    const parsed = parseDhipReply(reply.data);
    if (!parsed.ok) return [malformed(ctx, reply, 'dhip', parsed.reason)];
    const claim = forOthers(ctx, reply, 'dhip', [ipv4Literal(parsed.info.ipv4)]);
    if (claim) return [claim];
    return [observe(ctx, { ip: reply.from, kind: 'dhip.reply', source: 'dhip', value: parsed.body, mac: parsed.info.mac })];
  },
};

export const WS_DISCOVERY: MulticastProbe = {
  name: 'onvif',
  group: WSD_GROUP,
  port: WSD_PORT,
  request: () => encodeWsdProbe(randomUUID()),
  maxBytes: 16 * 1024,
  decode(reply, ctx) {
    const match = reply.truncated ? null : parseProbeMatch(reply.data.toString('utf8'));
    if (!match) return [malformed(ctx, reply, 'onvif', reply.truncated ? 'oversized ProbeMatch' : 'not a WS-Discovery ProbeMatch')];
    const claim = forOthers(ctx, reply, 'onvif', match.xaddrs.map(urlIpv4));
    if (claim) return [claim];
    const out: Observation[] = [];
    if (match.endpoint) out.push(observe(ctx, { ip: reply.from, kind: 'onvif.endpoint', source: 'onvif', value: match.endpoint }));
    // The whole ordered scope list is one fact: the order itself tells Dahua's firmware from Hikvision's.
    if (match.scopes.length) out.push(observe(ctx, { ip: reply.from, kind: 'onvif.scope', source: 'onvif', value: match.scopes.join(' ') }));
    return out;
  },
};

export const SSDP: MulticastProbe = {
  name: 'ssdp',
  group: SSDP_GROUP,
  port: SSDP_PORT,
  request: () => encodeMSearch(),
  maxBytes: 4096,
  decode(reply, ctx) {
    const parsed = parseSsdpReply(reply.data.toString('utf8'));
    if (!parsed) return [malformed(ctx, reply, 'ssdp', 'not an SSDP response')];
    const location = parsed.headers.get('location');
    if (location && !URL.canParse(location)) return [malformed(ctx, reply, 'ssdp', 'bad LOCATION')];
    const claim = forOthers(ctx, reply, 'ssdp', location ? [urlIpv4(location)] : []);
    if (claim) return [claim];
    const out: Observation[] = [];
    const server = parsed.headers.get('server');
    if (server) out.push(observe(ctx, { ip: reply.from, kind: 'upnp.server', source: 'ssdp', value: server }));
    const usn = parsed.headers.get('usn');
    if (usn) out.push(observe(ctx, { ip: reply.from, kind: 'upnp.udn', source: 'ssdp', value: usn }));
    if (location) out.push(observe(ctx, { ip: reply.from, kind: 'upnp.location', source: 'ssdp', value: location }));
    return out;
  },
};

export const MULTICAST_PROBES: readonly MulticastProbe[] = [SADP, DHIP, WS_DISCOVERY, SSDP];
