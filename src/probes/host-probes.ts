import type { LimitFunction } from 'p-limit';
import type { Observation } from '../observations/observation.js';
import { scopeContains } from '../scope/index.js';
import { netbiosAsker, type NetbiosAsker } from './netbios/netbios-asker.js';
import type { ProbeContext } from './probe-context.js';
import { runPortProbes } from './tcp/tcp-runner.js';

/** What went wrong with the per-host probes of a scan: the scan is stored interrupted with it. */
export interface HostProbesOutcome {
  readonly errors: readonly string[];
}

export interface HostProbesDeps {
  /** Exchanges in flight at once, shared by every port's probes. */
  readonly limit: LimitFunction;
  /** The UDP question(s) asked of every live host once (SNMP). */
  readonly askHost: (ip: string) => Promise<Observation[]>;
  /** Every live host's NetBIOS names, asked as it is found (default: UDP 137). */
  readonly names?: NetbiosAsker;
  /** The vendor paths a port's banners call for, asked one after another. */
  readonly vendorPaths: (banners: readonly Observation[]) => Promise<Observation[]>;
  /** Where the facts go as the probes make them. */
  readonly keep: (observations: readonly Observation[]) => void;
}

/**
 * The per-host probes of a scan, started host by host while discovery runs: a host's first
 * observation starts its UDP questions (SNMP, NetBIOS names), each open port its banners (then the
 * vendor paths its web server calls for), so the probes of the first hosts found overlap the sweep
 * of the rest.
 */
export class HostProbes {
  private readonly hosts = new Set<string>();
  private readonly ports = new Set<string>();
  private readonly errors: string[] = [];
  private running = 0;
  private ended = false;
  private drained: (() => void) | null = null;
  private readonly names: NetbiosAsker;

  constructor(
    private readonly ctx: ProbeContext,
    private readonly deps: HostProbesDeps,
  ) {
    this.names = deps.names ?? netbiosAsker(ctx);
  }

  /** One observation of discovery's, as it comes. */
  found(o: Observation): void {
    if (this.ended || this.ctx.signal.aborted || !scopeContains(this.ctx.scope, o.ip)) return;
    if (!this.hosts.has(o.ip)) {
      this.hosts.add(o.ip);
      this.track(`SNMP of ${o.ip}`, this.deps.askHost(o.ip));
      this.track(`NetBIOS names of ${o.ip}`, this.names.ask(o.ip));
    }
    if (o.kind === 'tcp.open' && o.port !== undefined && !this.ports.has(`${o.ip}:${o.port}`)) {
      this.ports.add(`${o.ip}:${o.port}`);
      this.track(`probes of ${o.ip}:${o.port}`, this.portProbes(o.ip, o.port));
    }
  }

  /** Every address that answered discovery so far. */
  live(): string[] {
    return [...this.hosts];
  }

  /** Discovery has ended: resolves when the last host's probes have. */
  async end(): Promise<HostProbesOutcome> {
    this.ended = true;
    if (this.running > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    return { errors: [...this.errors, ...this.names.errors] };
  }

  private async portProbes(ip: string, port: number): Promise<Observation[]> {
    const banners = await runPortProbes({ ip, port }, this.ctx, this.deps.limit);
    this.deps.keep(banners);
    if (this.ctx.signal.aborted) return [];
    // One slot for the port's vendor paths, asked one after another: the scan's bound holds.
    return this.deps.limit(() => this.deps.vendorPaths(banners));
  }

  private track(what: string, work: Promise<Observation[]>): void {
    this.running += 1;
    work
      .then((observations) => this.deps.keep(observations))
      .catch((err: unknown) => void this.errors.push(`${what} failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.running -= 1;
        if (this.running === 0) this.drained?.();
      });
  }
}
