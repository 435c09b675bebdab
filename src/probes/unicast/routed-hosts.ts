import os from 'node:os';
import { parseIpv4 } from '../../scope/index.js';
import { attachedSubnets } from '../multicast/interfaces-in-scope.js';

/**
 * The addresses among `live` that lie on no subnet this host is attached to: they sit behind a
 * router, so the multicast discovery probes never reached them and only a unicast question can.
 */
export function routedHosts(live: readonly string[], interfaces = os.networkInterfaces()): string[] {
  const attached = attachedSubnets(interfaces);
  return live.filter((ip) => {
    const n = parseIpv4(ip);
    return n !== null && !attached.some((s) => s.first <= n && n <= s.last);
  });
}
