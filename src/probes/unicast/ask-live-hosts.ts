/**
 * The questions asked once discovery has found every live host: the multicast discovery
 * questions by unicast to the hosts behind a router, and every host's reverse DNS name. Both run
 * at once and share the probe timeout. (NetBIOS names are asked as each host is found: host-probes.ts.)
 */
import { runReverseDns } from '../names/reverse-dns.js';
import type { ProbeContext } from '../probe-context.js';
import { routedHosts } from './routed-hosts.js';
import { runUnicastDiscovery, type UnicastOutcome } from './unicast-runner.js';

export async function askLiveHosts(live: readonly string[], ctx: ProbeContext): Promise<UnicastOutcome> {
  const [routed, ptr] = await Promise.all([runUnicastDiscovery(routedHosts(live), ctx), runReverseDns(live, ctx)]);
  return { ...routed, observations: [...routed.observations, ...ptr] };
}
