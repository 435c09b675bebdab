/**
 * The questions asked once discovery has found every live host: the multicast discovery
 * questions by unicast to the hosts behind a router, and every host's names (NetBIOS node
 * status, reverse DNS). All run at once and share the probe timeout.
 */
import { runReverseDns } from '../names/reverse-dns.js';
import { runNetbiosNames } from '../netbios/netbios-probe.js';
import type { ProbeContext } from '../probe-context.js';
import { routedHosts } from './routed-hosts.js';
import { runUnicastDiscovery, type UnicastOutcome } from './unicast-runner.js';

export async function askLiveHosts(live: readonly string[], ctx: ProbeContext): Promise<UnicastOutcome> {
  const [routed, netbios, ptr] = await Promise.all([runUnicastDiscovery(routedHosts(live), ctx), runNetbiosNames(live, ctx), runReverseDns(live, ctx)]);
  const errors = [...(routed.errors ?? []), ...(netbios.errors ?? [])];
  return { ...routed, observations: [...routed.observations, ...netbios.observations, ...ptr], ...(errors.length ? { errors } : {}) };
}
