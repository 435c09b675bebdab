import os from 'node:os';
import { parseIpv4, type Scope } from '../../scope/index.js';

export interface AttachedSubnet {
  /** This host's address on the subnet. */
  readonly address: string;
  readonly first: number;
  readonly last: number;
}

/** The IPv4 subnets this host is attached to (loopback aside), each with its local address. */
export function attachedSubnets(interfaces = os.networkInterfaces()): AttachedSubnet[] {
  const subnets: AttachedSubnet[] = [];
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      if (info.family !== 'IPv4' || info.internal) continue;
      const addr = parseIpv4(info.address);
      const mask = parseIpv4(info.netmask);
      if (addr === null || mask === null) continue;
      const first = (addr & mask) >>> 0;
      subnets.push({ address: info.address, first, last: (first | (~mask >>> 0)) >>> 0 });
    }
  }
  return subnets;
}

/**
 * The local IPv4 addresses whose attached subnet holds part of the scope: a multicast probe is
 * sent once from each, so every segment in scope hears it once, and no other segment hears it.
 */
export function interfacesInScope(scope: Scope, interfaces = os.networkInterfaces()): string[] {
  return attachedSubnets(interfaces)
    .filter(({ first, last }) => scope.ranges.some((r) => r.first <= last && r.last >= first))
    .map((s) => s.address);
}
