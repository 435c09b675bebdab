import pLimit from 'p-limit';
import type { TokenBucket } from '../util/token-bucket.js';
import type { Observation, ObservationKind } from '../observations/observation.js';
import type { Scope } from '../scope/types.js';
import { interfacesInScope } from './multicast/interfaces-in-scope.js';
import { runMulticastProbes } from './multicast/multicast-runner.js';
import { runMdnsProbe } from './mdns/mdns-probe.js';
import type { MarkerFinder } from './http/body-markers.js';
import { type LooksLike, runVendorPaths } from './http/vendor-paths.js';
import { HostProbes } from './host-probes.js';
import type { ProbeContext } from './probe-context.js';
import type { SubnetCommunities } from './snmp/snmp-communities.js';
import type { SnmpAnswer } from './snmp/snmp-role.js';
import { DEFAULT_COMMUNITIES, snmpProber } from './snmp/snmp-probe.js';
import { askLiveHosts } from './unicast/ask-live-hosts.js';

export interface ProbeOptions {
  /** Per exchange, and the listening window of multicast probes. */
  readonly timeoutMs: number;
  /** Exchanges in flight at once. */
  readonly concurrency: number;
  /** SNMP v2c communities to try, in order (secrets: never recorded). */
  readonly communities?: readonly string[];
  /** Communities that replace those for the addresses of a subnet. */
  readonly snmpBySubnet?: readonly SubnetCommunities[];
  /** Set: hosts that answered SNMP are asked whether they route or bridge, and told here (infrastructure discovery). */
  readonly snmpAnswered?: (answer: SnmpAnswer) => void;
  /** Set: told each host whose SNMP system group the probe read, with the kinds it recorded (the infrastructure reads then record no second copy). */
  readonly snmpRead?: (ip: string, kinds: ReadonlySet<ObservationKind>) => void;
  /** The scan's --rate cap, one bucket shared by every probe (and by a native sweep running beside them). */
  readonly bucket?: TokenBucket;
  /** The fingerprint rules, which pick the web ports that get vendor paths: only those whose GET / points to a covered maker or an unattributed camera. */
  readonly looksLike: LooksLike;
  /** Identification's markers, for the excerpts GET / keeps beyond a page's first 2 KB. */
  readonly bodyMarkers?: MarkerFinder;
}

/** Resolves when one more probe may start. */
export type Pace = () => Promise<void>;

/** The per-host probes of one scan, fed by discovery as it goes. */
export interface HostProbeRun {
  /** One observation of discovery's: a host's first starts its SNMP, an open port its banners. */
  found(observation: Observation): void;
  /** Discovery has ended: resolves when the last host's probes have (never rejects: errors are in the outcome). */
  end(): Promise<ProbeOutcome>;
}

/**
 * Hosts whose SNMP questions wait at once (one UDP socket each): a /22's live hosts go in one burst
 * and share one timeout (a host without an agent can only run it out), where 256 at a time made
 * site-large's 1,000 hosts wait four timeouts one after another; the scan's --rate still paces
 * every request.
 */
const SNMP_HOSTS_AT_ONCE = 1024;

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
    this.bucket = options.bucket ?? null;
  }

  private context(signal: AbortSignal, beside?: Pace): ProbeContext {
    const bucket = this.bucket;
    const own = bucket ? () => bucket.take(signal) : undefined;
    const pace = own && beside ? () => beside().then(own) : (own ?? beside);
    return {
      scope: this.scope,
      signal,
      timeoutMs: this.options.timeoutMs,
      interfaces: this.interfaces,
      ...(pace ? { pace } : {}),
      ...(this.options.bodyMarkers ? { bodyMarkers: this.options.bodyMarkers } : {}),
    };
  }

  /** Multicast discovery on every interface whose subnet is in scope. `beside`: see hosts. */
  async segment(signal: AbortSignal, beside?: Pace): Promise<ProbeOutcome> {
    const ctx = this.context(signal, beside);
    const outcomes = await Promise.all([runMulticastProbes(ctx), runMdnsProbe(ctx)]);
    return {
      observations: outcomes.flatMap((o) => o.observations),
      outOfScope: outcomes.reduce((n, o) => n + o.outOfScope, 0),
      errors: outcomes.flatMap((o) => o.errors ?? []),
    };
  }

  /**
   * Banners, web servers, vendor ports and SNMP of each host as discovery finds it (feed `found`
   * every observation of discovery's); vendor paths where a web server's GET / points to a covered
   * maker (its cameras' or routers' device-information paths) or looks like an unattributed camera.
   * Facts go to `keep` as they are made. `end` once discovery has: the hosts behind a router are
   * then asked the multicast questions by unicast, in one burst, and it resolves when every probe has.
   * `beside`: what else each probe waits for before it starts, besides the scan's bucket (the
   * probes' share of --rate while a sweep that paces itself runs).
   */
  hosts(signal: AbortSignal, keep: (observations: readonly Observation[]) => void, beside?: Pace): HostProbeRun {
    const ctx = this.context(signal, beside);
    const { concurrency, looksLike } = this.options;
    const probes = new HostProbes(ctx, {
      limit: pLimit(concurrency),
      askHost: snmpProber(ctx, {
        communities: [...(this.options.communities ?? DEFAULT_COMMUNITIES)],
        bySubnet: this.options.snmpBySubnet ?? [],
        concurrency: SNMP_HOSTS_AT_ONCE,
        ...(this.options.snmpAnswered ? { answered: this.options.snmpAnswered } : {}),
        ...(this.options.snmpRead ? { read: this.options.snmpRead } : {}),
      }),
      vendorPaths: (banners) => runVendorPaths(banners, ctx, 1, looksLike),
      keep,
    });
    return {
      found: (observation) => probes.found(observation),
      end: async () => {
        // Hosts behind a router never heard the multicast probes: they are asked the same questions by
        // unicast; every host is asked its names.
        const routed = askLiveHosts(probes.live(), ctx);
        const [own, unicast] = await Promise.all([probes.end(), routed]);
        const errors = [...own.errors, ...(unicast.errors ?? [])];
        return { observations: unicast.observations, outOfScope: 0, ...(errors.length ? { errors } : {}) };
      },
    };
  }
}
