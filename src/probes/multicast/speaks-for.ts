/**
 * A device may only speak for itself. Discovery payloads name addresses (mDNS A records,
 * WS-Discovery XAddrs, SADP IPv4Address, DHIP IPAddress, SSDP LOCATION), and any device can
 * name any address: facts are attributed to the UDP source alone. A payload that names other
 * addresses and never the sender's describes someone else, so none of its facts are the
 * sender's either; it is kept as one finding about the sender (a proxy or an NVR speaking for
 * its cameras is worth knowing, and so is a device framing its neighbour).
 */
import type { Observation } from '../../observations/observation.js';
import { formatIpv4, parseIpv4 } from '../../scope/index.js';
import { type ProbeContext, excerpt, observe } from '../probe-context.js';

/** Addresses listed in a finding; the rest are counted. */
const LISTED = 4;

/** The dotted quad of `text` (canonical form), or null for anything else, 0.0.0.0 (no address) included. */
export function ipv4Literal(text: string | null | undefined): string | null {
  const n = text ? parseIpv4(text.trim()) : null;
  return n ? formatIpv4(n) : null;
}

/** The host of an http(s) URL when it is an IPv4 literal; null for names, IPv6 and non-URLs. */
export function urlIpv4(url: string): string | null {
  try {
    return ipv4Literal(new URL(url).hostname);
  } catch {
    return null;
  }
}

/**
 * The other addresses a payload speaks for, or [] when it speaks for its sender: it names the
 * sender's address, or names no IPv4 address at all.
 */
export function othersNamed(from: string, named: readonly (string | null)[]): string[] {
  const ips = [...new Set(named.filter((ip): ip is string => ip !== null))];
  return ips.includes(from) ? [] : ips;
}

/** The finding about `from` for a payload that speaks for `others`; `what` says what it claimed. */
export function speaksForOthers(
  ctx: Pick<ProbeContext, 'now'>,
  fact: { from: string; others: readonly string[]; source: string; what: string; port?: number },
): Observation {
  const listed = fact.others.slice(0, LISTED).join(', ') + (fact.others.length > LISTED ? ` and ${fact.others.length - LISTED} more` : '');
  return observe(ctx, {
    ip: fact.from,
    kind: 'malformed',
    source: fact.source,
    value: `speaks for another address (${listed}), not attributed: ${excerpt(fact.what)}`,
    ...(fact.port === undefined ? {} : { port: fact.port }),
  });
}
