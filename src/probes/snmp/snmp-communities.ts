import { parseIpv4 } from '../../scope/ipv4.js';
import { parseTarget } from '../../scope/parse-target.js';

/** Communities for the devices of one subnet (config probes.snmp.bySubnet). */
export interface SubnetCommunities {
  /** A CIDR (or any target form: address, range), taken whole. */
  readonly cidr: string;
  readonly communities: readonly string[];
}

/**
 * Which communities to try on an address: those of the most specific subnet entry holding it (the
 * first of equals), else the default list. A device then never hears another site's secrets.
 */
export function communitiesFor(defaults: readonly string[], bySubnet: readonly SubnetCommunities[]): (ip: string) => readonly string[] {
  const entries = bySubnet.map((entry) => ({ range: parseTarget(entry.cidr, 'exclusion'), communities: entry.communities }));
  return (ip) => {
    const n = parseIpv4(ip);
    if (n === null) return defaults;
    let best: (typeof entries)[number] | undefined;
    for (const entry of entries) {
      if (n < entry.range.first || n > entry.range.last) continue;
      if (best === undefined || entry.range.last - entry.range.first < best.range.last - best.range.first) best = entry;
    }
    return best?.communities ?? defaults;
  };
}
