import os from 'node:os';
import { parseIpv4, type Scope } from '../../scope/index.js';

/**
 * The local IPv4 addresses whose attached subnet holds part of the scope: a multicast probe is
 * sent once from each, so every segment in scope hears it once, and no other segment hears it.
 */
export function interfacesInScope(scope: Scope, interfaces = os.networkInterfaces()): string[] {
  const chosen: string[] = [];
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      if (info.family !== 'IPv4' || info.internal) continue;
      const addr = parseIpv4(info.address);
      const mask = parseIpv4(info.netmask);
      if (addr === null || mask === null) continue;
      const first = (addr & mask) >>> 0;
      const last = (first | (~mask >>> 0)) >>> 0;
      if (scope.ranges.some((r) => r.first <= last && r.last >= first)) chosen.push(info.address);
    }
  }
  return chosen;
}
