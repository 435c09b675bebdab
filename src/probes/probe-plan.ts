import type { Observation } from '../observations/observation.js';
import type { Scope } from '../scope/types.js';
import { interfacesInScope } from './multicast/interfaces-in-scope.js';
import { runMulticastProbes } from './multicast/multicast-runner.js';
import type { ProbeContext } from './probe-context.js';
import { runTcpProbes, type OpenPort } from './tcp/tcp-runner.js';

export interface ProbeOptions {
  /** Per exchange, and the listening window of multicast probes. */
  readonly timeoutMs: number;
  /** Exchanges in flight at once. */
  readonly concurrency: number;
}

export interface FoundHosts {
  readonly openPorts: readonly OpenPort[];
  /** Every address that answered in any way. */
  readonly live: readonly string[];
}

export interface ProbeOutcome {
  readonly observations: Observation[];
  readonly outOfScope: number;
}

/**
 * Identification probes around discovery: the multicast protocols (heard by the whole segment)
 * start with the scan; the per-host probes run on what discovery found.
 */
export class ProbePlan {
  private readonly interfaces: string[];

  constructor(
    private readonly scope: Scope,
    private readonly options: ProbeOptions,
  ) {
    this.interfaces = interfacesInScope(scope);
  }

  private context(signal: AbortSignal): ProbeContext {
    return { scope: this.scope, signal, timeoutMs: this.options.timeoutMs, interfaces: this.interfaces };
  }

  /** Multicast discovery on every interface whose subnet is in scope. */
  async segment(signal: AbortSignal): Promise<ProbeOutcome> {
    return runMulticastProbes(this.context(signal));
  }

  /** Banners, web servers and vendor ports of the hosts discovery found. */
  async hosts(found: FoundHosts, signal: AbortSignal): Promise<ProbeOutcome> {
    const observations = await runTcpProbes(found.openPorts, this.context(signal), this.options.concurrency);
    return { observations, outOfScope: 0 };
  }
}
