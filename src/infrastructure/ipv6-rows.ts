/**
 * The IPv6 rows of a router's ipNetToPhysicalTable, as facts about the IPv4 hosts of this scan that
 * carry the same MAC: one device, both families. A MAC with no live IPv4 host is left out (the
 * scope is IPv4: an IPv6 row never makes a host alive).
 */
import { isIPv6 } from 'node:net';
import type { Observation } from '../observations/observation.js';
import type { ArpEntry } from './decode-tables.js';

/** RFC 5952's text form (compressed, lower case), so a router's address and the local table's compare equal. */
export function canonicalIpv6(text: string): string | null {
  if (!isIPv6(text)) return null;
  try {
    const host = new URL(`http://[${text}]/`).hostname;
    return host.slice(1, -1);
  } catch {
    return null;
  }
}

/** `ipv6` facts from a router's table, given the live in-scope IPv4 host of each MAC. */
export function ipv6Facts(rows: readonly ArpEntry[], hostOfMac: ReadonlyMap<string, string>, source: string, at: string): Observation[] {
  const out: Observation[] = [];
  for (const row of rows) {
    const ip = row.family === 6 ? hostOfMac.get(row.mac) : undefined;
    const value = ip === undefined ? null : canonicalIpv6(row.ip);
    if (ip !== undefined && value !== null) out.push({ ip, kind: 'ipv6', value, source, at });
  }
  return out;
}
