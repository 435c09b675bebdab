/**
 * The infrastructure stage as the scan runs it: what discovery found is noted as it streams by,
 * and once the probes are done the configured routers and switches are read, paced by a bucket at
 * the scan's --rate (the probes have stopped sending by then, so the two never add up).
 */
import type { Config } from '../config/schema.js';
import type { Observation, ObservationKind } from '../observations/observation.js';
import type { Scope } from '../scope/types.js';
import { TokenBucket } from '../util/token-bucket.js';
import type { DiscoveredInfrastructure } from './discover.js';
import { readInfrastructure, type FoundOnSegment, type InfrastructureEntry, type InfrastructureOutcome } from './read-infrastructure.js';

/** Live addresses and the MACs the scanner saw itself, from discovery's observations. */
export class FoundCollector {
  private readonly live = new Set<string>();
  private readonly macs = new Map<string, string>();

  note(obs: Observation): void {
    this.live.add(obs.ip);
    if (obs.kind === 'mac') this.macs.set(obs.ip, obs.value);
  }

  found(): FoundOnSegment {
    return { live: [...this.live], macs: new Map(this.macs) };
  }
}

export type InfrastructureStep = (found: FoundOnSegment, signal: AbortSignal) => Promise<InfrastructureOutcome>;

/** Devices read at once: a site names a handful of routers and switches. */
const CONCURRENCY = 4;

export function entriesOf(config: Config['infrastructure']): InfrastructureEntry[] {
  return config.devices.map((d) => ({
    targets: d.targets,
    credentials: d.v3 !== undefined ? { version: '3' as const, ...d.v3 } : { version: '2c' as const, community: d.community ?? '' },
  }));
}

/**
 * The step for a scan, or undefined when the configuration names no router or switch and
 * `discovered` (the SNMP probe's finds, given when infrastructure.discover is on) is absent.
 */
export function infrastructureStep(
  scope: Scope,
  config: Config['infrastructure'] | undefined,
  limits: { readonly timeoutMs: number; readonly rate?: number; readonly port?: number },
  discovered?: DiscoveredInfrastructure,
  readByProbe?: ReadonlyMap<string, ReadonlySet<ObservationKind>>,
): InfrastructureStep | undefined {
  if (config === undefined || (config.devices.length === 0 && discovered === undefined)) return undefined;
  const configured = entriesOf(config);
  return async (found, signal) => {
    // Read once the probes are done: every host that answered SNMP has said what it is.
    const entries = discovered ? [...configured, ...discovered.entries(configured)] : configured;
    const bucket = limits.rate ? new TokenBucket(limits.rate) : null;
    try {
      return await readInfrastructure(found, { scope, signal, ...(bucket ? { pace: () => bucket.take(signal) } : {}) }, {
        entries,
        maxRepetitions: config.maxRepetitions,
        maxRows: config.maxRows,
        deviceTimeoutMs: config.deviceTimeoutMs,
        timeoutMs: limits.timeoutMs,
        concurrency: CONCURRENCY,
        ...(readByProbe ? { readByProbe } : {}),
        ...(limits.port !== undefined ? { port: limits.port } : {}),
      });
    } catch (err) {
      // Never a scan's failure: what the routers could not tell, the scan simply does not know.
      return { observations: [], warnings: [`infrastructure reads failed: ${err instanceof Error ? err.message : String(err)}`] };
    }
  };
}
