/**
 * The one name a device is shown by, chosen from its `hostname` facts by one rule: the source
 * people named it in wins, in this order —
 *   ptr (the site's DNS) > netbios (the name set on a Windows/Samba host) > mdns (the host name it
 *   announces) > snmp (sysName, set by an administrator) > upnp (friendlyName, often a model word)
 * — then the most recently seen, then the least in code-point order. A pure function of the set
 * of facts: the same facts give the same name in any order.
 */
import type { Observation } from '../../observations/observation.js';

export const NAME_SOURCES = ['ptr', 'netbios', 'mdns', 'snmp', 'upnp'] as const;
export type NameSource = (typeof NAME_SOURCES)[number];

/** The name as people read it: mDNS names lose ".local", DNS names their root dot. */
function shown(o: Pick<Observation, 'source' | 'value'>): string {
  const name = o.value.trim().replace(/\.$/, '');
  return o.source === 'mdns' ? name.replace(/\.local$/i, '') : name;
}

export function deviceName(facts: Iterable<Pick<Observation, 'kind' | 'source' | 'value' | 'at'>>): string | null {
  return namedBy(facts)?.name ?? null;
}

/** deviceName with the source it came from (ptr, netbios, mdns, snmp, upnp): `show` says where a name came from. */
export function namedBy(facts: Iterable<Pick<Observation, 'kind' | 'source' | 'value' | 'at'>>): { name: string; source: NameSource } | null {
  let best: { rank: number; at: string; name: string } | null = null;
  for (const o of facts) {
    const source = o.kind === 'snmp.sysname' ? 'snmp' : o.kind === 'hostname' ? o.source : null;
    const rank = source === null ? -1 : (NAME_SOURCES as readonly string[]).indexOf(source);
    const name = rank < 0 ? '' : shown(o);
    if (!name) continue;
    const better =
      best === null || rank < best.rank || (rank === best.rank && (o.at > best.at || (o.at === best.at && name < best.name)));
    if (better) best = { rank, at: o.at, name };
  }
  return best && { name: best.name, source: NAME_SOURCES[best.rank]! };
}
