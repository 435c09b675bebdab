import { TokenBucket } from '../util/token-bucket.js';
import type { Observation } from '../observations/observation.js';
import type { Scope } from '../scope/types.js';
import { interfacesInScope } from './multicast/interfaces-in-scope.js';
import { runMulticastProbes } from './multicast/multicast-runner.js';
import { runMdnsProbe } from './mdns/mdns-probe.js';
import { type LooksLike, runVendorPaths } from './http/vendor-paths.js';
import type { ProbeContext } from './probe-context.js';
import type { SubnetCommunities } from './snmp/snmp-communities.js';
import { DEFAULT_COMMUNITIES, runSnmpProbe } from './snmp/snmp-probe.js';
import { runTcpProbes, type OpenPort } from './tcp/tcp-runner.js';
import { routedHosts } from './unicast/routed-hosts.js';
import { runUnicastDiscovery } from './unicast/unicast-runner.js';

export interface ProbeOptions {
  /** Per exchange, and the listening window of multicast probes. */
  readonly timeoutMs: number;
  /** Exchanges in flight at once. */
  readonly concurrency: number;
  /** SNMP v2c communities to try, in order (secrets: never recorded). */
  readonly communities?: readonly string[];
  /** Communities that replace those for the addresses of a subnet. */
  readonly snmpBySubnet?: readonly SubnetCommunities[];
  /** Cap on new connections/requests per second, shared by every probe (the scan's --rate). */
  readonly rate?: number;
  /** The fingerprint rules, which pick the web ports that get vendor paths. */
  readonly looksLike: LooksLike;
}

export interface FoundHosts {
  readonly openPorts: readonly OpenPort[];
  /** Every address that answered in any way. */
  readonly live: readonly string[];
}

export interface ProbeOutcome {
  readonly observations: Observation[];
  readonly outOfScope: number;
  /** Probes that could not run as asked (a send failed): the scan is stored interrupted with them. */
  readonly errors?: readonly string[];
}

/**
 * Identification probes around discovery: the multicast protocols (heard by the whole segment)
 * start with the scan; the per-host probes run on what discovery found.
 */
export class ProbePlan {
  private readonly interfaces: string[];
  /** One bucket for all probes of the scan: --rate bounds what the network sees, not each probe alone. */
  private readonly bucket: TokenBucket | null;

  constructor(
    private readonly scope: Scope,
    private readonly options: ProbeOptions,
  ) {
    this.interfaces = interfacesInScope(scope);
    this.bucket = options.rate ? new TokenBucket(options.rate) : null;
  }

  private context(signal: AbortSignal): ProbeContext {
    const bucket = this.bucket;
    return {
      scope: this.scope,
      signal,
      timeoutMs: this.options.timeoutMs,
      interfaces: this.interfaces,
      ...(bucket ? { pace: () => bucket.take(signal) } : {}),
    };
  }

  /** Multicast discovery on every interface whose subnet is in scope. */
  async segment(signal: AbortSignal): Promise<ProbeOutcome> {
    const ctx = this.context(signal);
    const outcomes = await Promise.all([runMulticastProbes(ctx), runMdnsProbe(ctx)]);
    return {
      observations: outcomes.flatMap((o) => o.observations),
      outOfScope: outcomes.reduce((n, o) => n + o.outOfScope, 0),
      errors: outcomes.flatMap((o) => o.errors ?? []),
    };
  }

  /** Banners, web servers, vendor ports and SNMP of the hosts discovery found; vendor paths where a web server looks like a camera family. */
  async hosts(found: FoundHosts, signal: AbortSignal): Promise<ProbeOutcome> {
    const ctx = this.context(signal);
    const { concurrency } = this.options;
    const [tcp, snmp, routed] = await Promise.all([
      runTcpProbes(found.openPorts, ctx, concurrency),
      runSnmpProbe(found.live, ctx, { communities: [...(this.options.communities ?? DEFAULT_COMMUNITIES)], bySubnet: this.options.snmpBySubnet ?? [], concurrency }),
      // Hosts behind a router never heard the multicast probes: they are asked the same questions by unicast.
      runUnicastDiscovery(routedHosts(found.live), ctx),
    ]);
    const paths = signal.aborted ? [] : await runVendorPaths(tcp, ctx, concurrency, this.options.looksLike);
    return { observations: [...tcp, ...snmp, ...routed.observations, ...paths], outOfScope: 0, ...(routed.errors ? { errors: routed.errors } : {}) };
  }
}
