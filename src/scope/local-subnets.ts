/** With no targets given: the private IPv4 subnets this host is directly attached to, and why others were passed over. */
import type { NetworkInterfaceInfo } from 'node:os';
import {
  cidrBlock,
  cidrHosts,
  formatIpv4,
  isLoopback,
  LINK_LOCAL_BLOCK,
  netmaskPrefix,
  parseIpv4,
  RFC1918_BLOCKS,
  type Ipv4Block,
} from './ipv4.js';
import { rangesSize } from './range-set.js';
import type { Ipv4Range } from './types.js';
import { virtualInterfaceKind } from './virtual-interfaces.js';

export interface LocalSubnet {
  /** Host addresses of the subnet (network and broadcast dropped as for a CIDR target). */
  readonly range: Ipv4Range;
  /** "192.168.1.0/24" */
  readonly cidr: string;
  readonly interfaceName: string;
  /** "192.168.1.0/24 (eth0)", as stored in Scope.labels. */
  readonly label: string;
}

export interface LocalSubnetOptions {
  /** Include 169.254/16 subnets. */
  readonly linkLocal: boolean;
  /** Subnets with more host addresses than this are skipped: the user did not ask for them by name. */
  readonly maxHosts: number;
}

export interface LocalSubnetChoice {
  readonly subnets: readonly LocalSubnet[];
  /** One line per chosen or skipped subnet or interface, prefixed with the interface name. */
  readonly notes: readonly string[];
}

function inside(range: Ipv4Range, blocks: readonly Ipv4Block[]): boolean {
  return blocks.some((b) => range.first >= b.range.first && range.last <= b.range.last);
}

/**
 * Node lists only interfaces that are up and running (libuv drops those without IFF_UP and
 * IFF_RUNNING), so every entry here is an up interface; `internal` marks loopback.
 */
export function localSubnets(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  options: LocalSubnetOptions,
): LocalSubnetChoice {
  const subnets: LocalSubnet[] = [];
  const notes: string[] = [];
  const chosenOn = new Map<string, string>();

  for (const [name, entries = []] of Object.entries(interfaces)) {
    const ipv4 = entries.filter((e) => e.family === 'IPv4');
    if (ipv4.length === 0) {
      notes.push(`${name}: skipped (no IPv4 address)`);
      continue;
    }
    if (ipv4.every((e) => e.internal)) {
      notes.push(`${name}: skipped (loopback)`);
      continue;
    }
    for (const entry of ipv4) {
      const outcome = considerEntry(name, entry, options, chosenOn);
      if (typeof outcome === 'string') {
        notes.push(`${name}: ${outcome}`);
        continue;
      }
      chosenOn.set(outcome.cidr, name);
      subnets.push(outcome);
      notes.push(`${name}: chose ${outcome.cidr} (${count(rangesSize([outcome.range]))} addresses)`);
    }
  }
  return { subnets, notes };
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** The subnet `entry` puts this host on, or the note saying why it is not scanned. */
function considerEntry(
  name: string,
  entry: NetworkInterfaceInfo,
  options: LocalSubnetOptions,
  chosenOn: ReadonlyMap<string, string>,
): LocalSubnet | string {
  const address = parseIpv4(entry.address);
  const prefix = netmaskPrefix(entry.netmask);
  if (address === null || prefix === null) {
    return `skipped ${entry.address} netmask ${entry.netmask} (not a usable IPv4 address and netmask)`;
  }
  const block = cidrBlock(address, prefix);
  const cidr = `${formatIpv4(block.first)}/${prefix}`;
  const range = cidrHosts(address, prefix);
  const size = rangesSize([range]);
  const why = ((): string | null => {
    if (entry.internal || isLoopback(address)) return 'loopback';
    const virtual = virtualInterfaceKind(name);
    if (virtual !== null) return `${virtual}; give it as a target to scan it`;
    if (prefix === 32) return 'a /32 has no other hosts';
    if (inside(block, [LINK_LOCAL_BLOCK]) && !options.linkLocal) return 'link-local; add --link-local to include it';
    if (!inside(block, [...RFC1918_BLOCKS, LINK_LOCAL_BLOCK])) {
      return 'not a private subnet; give it as a target with --allow-public if you may scan it';
    }
    const earlier = chosenOn.get(cidr);
    if (earlier !== undefined) return `already chosen on ${earlier}`;
    if (size > options.maxHosts) {
      const limit = count(options.maxHosts);
      return `${count(size)} addresses, more than the limit of ${limit}; give a narrower target, or raise --max-hosts`;
    }
    return null;
  })();
  return why === null ? { range, cidr, interfaceName: name, label: `${cidr} (${name})` } : `skipped ${cidr} (${why})`;
}
