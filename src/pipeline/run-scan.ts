import { setMaxListeners } from 'node:events';
import type { DiscoveryEngine, DiscoveryOptions } from '../discovery/engine.js';
import type { Ipv6Step } from '../discovery/native/ipv6-step.js';
import type { InfrastructureDevice } from '../infrastructure/read-infrastructure.js';
import { FoundCollector, type InfrastructureStep } from '../infrastructure/scan-step.js';
import type { Inventory } from '../inventory/inventory.js';
import { storageError } from '../inventory/storage-error.js';
import { identifyScan, type Identify } from './identify-devices.js';
import type { ScanStatus } from '../inventory/types.js';
import type { Observation } from '../observations/observation.js';
import { interfacesInScope } from '../probes/multicast/interfaces-in-scope.js';
import type { ProbeOutcome, ProbePlan } from '../probes/probe-plan.js';
import type { Scope } from '../scope/types.js';
import { SweepShare } from './sweep-share.js';

export interface ScanRun {
  readonly scope: Scope;
  readonly engine: DiscoveryEngine;
  readonly options: DiscoveryOptions;
  readonly inventory: Inventory;
  /** Aborting stops discovery; what was found is still identified and the scan is stored as interrupted. */
  readonly signal: AbortSignal;
  readonly identify: Identify;
  /** Identification probes; none when absent (discovery only). */
  readonly probes?: Pick<ProbePlan, 'segment' | 'hosts'>;
  /** Routers' and switches' tables, read once the probes are done (src/infrastructure); none when absent. */
  readonly infrastructure?: InfrastructureStep;
  /** IPv6 addresses of the hosts found on the attached segments: echoed beside discovery, read after it (src/discovery/native/ipv6-step.ts); none when absent. */
  readonly ipv6?: Ipv6Step;
  /**
   * Loads what `identify` reads on first use; called once the probes start, so the load (~0.1 s)
   * runs while the scan waits for late answers instead of after them. A failure is left for
   * identification to report.
   */
  readonly prepareIdentify?: () => void;
  readonly onPhase?: (phase: 'discovery' | 'probes' | 'identification' | 'done') => void;
  readonly onWarning?: (message: string) => void;
  /** This host's addresses on the scope's subnets (default: from its interfaces); tests inject them. */
  readonly localAddresses?: () => readonly string[];
}

export interface ScanResult {
  readonly scanId: number;
  readonly status: ScanStatus;
  /** Devices seen in this scan. */
  readonly deviceIds: readonly number[];
  readonly flagged: number;
  readonly observations: number;
  readonly error?: string;
  /** The routers and switches read, when the scan had an infrastructure step. */
  readonly infrastructure?: readonly InfrastructureDevice[];
}

// Observations are written in batches: one transaction per batch keeps SQLite fast, and a batch
// is small and frequent enough that a crash loses at most a fraction of a second of findings.
const BATCH_SIZE = 500;
const FLUSH_MS = 250;

/** The largest scope whose probes run beside a sweep that paces itself (a /24). */
const SELF_PACED_OVERLAP_MAX = 256;

/** A write to the inventory failed: thrown as is, never taken for a failure of discovery or a probe. */
class StorageFailure extends Error {}

/**
 * scope → discovery → observations (stored as they come) → devices → identification → verdicts.
 * Whatever discovery or a probe throws ends as a scan stored interrupted with the error, after what
 * was found is identified; only a failing write to the inventory itself is thrown, once, as the
 * storage error it is.
 */
export async function runScan(run: ScanRun): Promise<ScanResult> {
  // The probes' stop: a failing write aborts it, and it follows run.signal through one listener that
  // goes with the scan. AbortSignal.any would leave each scan's signal on an agent's long-lived one (Node 20).
  const stop = new AbortController();
  const follow = () => stop.abort(run.signal.reason);
  if (run.signal.aborted) follow();
  else run.signal.addEventListener('abort', follow, { once: true });
  try {
    return await scan(run, stop);
  } catch (err) {
    const cause = err instanceof StorageFailure ? err.cause : err;
    throw storageError(cause, run.inventory.path) ?? cause;
  } finally {
    run.signal.removeEventListener('abort', follow);
  }
}

async function scan(run: ScanRun, stop: AbortController): Promise<ScanResult> {
  // Every probe in flight listens for the abort: dozens at once is by design, not a leak.
  setMaxListeners(0, run.signal);
  const { inventory } = run;
  const localAddresses = run.localAddresses ?? (() => interfacesInScope(run.scope));
  const addressesAtStart = localAddresses();
  const scanId = inventory.scans.begin({ scope: run.scope, engine: run.engine.name });
  let pending: Observation[] = [];
  let lastFlush = Date.now();
  let observations = 0;
  // Set once a write fails: nothing more is written, and the scan throws it once.
  let storageFailure: StorageFailure | undefined;
  const flush = () => {
    if (storageFailure) throw storageFailure;
    try {
      if (pending.length) inventory.observations.record(scanId, pending);
      inventory.scans.heartbeat(scanId);
    } catch (err) {
      storageFailure = new StorageFailure('inventory write failed', { cause: err });
      throw storageFailure;
    }
    observations += pending.length;
    pending = [];
    lastFlush = Date.now();
  };
  const add = (obs: Observation) => {
    pending.push(obs);
    if (pending.length >= BATCH_SIZE || Date.now() - lastFlush >= FLUSH_MS) flush();
  };

  const errors: string[] = [];
  // The probes keep their facts from their own callbacks: a failing write there is kept for the
  // scan to throw once, never a rejection nobody awaits; it also stops them.
  const { signal } = stop;
  setMaxListeners(0, signal);
  const keep = (batch: readonly Observation[]) => {
    try {
      // One at a time: a spread of a large outcome overflows the call stack (~125k arguments).
      for (const obs of batch) add(obs);
    } catch (err) {
      if (!(err instanceof StorageFailure)) throw err;
      stop.abort();
    }
  };

  run.onPhase?.('discovery');
  // Each host's probes start as discovery finds it, so they overlap the sweep of the rest, when the
  // sweep takes from the probes' --rate bucket (native), or when it paces itself (nmap's --max-rate)
  // over a scope of at most a /24: it is then given part of the cap and the probes the rest until it
  // ends, so that the two never add up past the cap. Over a larger scope they wait for nmap: beside
  // its sweep of 1,000 hosts on two cores, the probes slowed it more than they saved (README).
  const selfPaced = run.options.bucket === undefined;
  const share = run.probes !== undefined && selfPaced && run.scope.size <= SELF_PACED_OVERLAP_MAX ? new SweepShare(run.options.rate, signal) : undefined;
  const options = share ? { ...run.options, rate: share.engineRate } : run.options;
  const beside = share ? () => share.pace() : undefined;
  const overlap = !selfPaced || share !== undefined;
  // The multicast probes listen while discovery sweeps: the whole segment hears them at once. Their
  // failure is settled here, at once: awaited only after discovery, it would reject unhandled.
  const segment = run.probes === undefined ? undefined : settled(run.probes.segment(signal, beside), 'multicast probes');
  const hosts = run.probes?.hosts(signal, keep, beside);
  const held: Observation[] = [];
  const collector = run.infrastructure || run.ipv6 ? new FoundCollector() : undefined;
  let infrastructure: readonly InfrastructureDevice[] | undefined;
  // The all-nodes echo waits ~2 s for answers and needs nothing from the sweep: it goes out now.
  const ipv6Reading = run.ipv6 && collector ? run.ipv6(signal) : undefined;
  try {
    try {
      // The scan's own signal: a write that failed under a probe stops the sweep as well.
      for await (const obs of run.engine.discover(run.scope, options, signal)) {
        add(obs);
        if (overlap) hosts?.found(obs);
        else if (hosts !== undefined) held.push(obs);
        collector?.note(obs);
      }
    } catch (err) {
      if (err instanceof StorageFailure) throw err;
      errors.push(err instanceof Error ? err.message : String(err));
    } finally {
      share?.end();
    }
    flush();
    for (const obs of held) hosts?.found(obs);
    // Beside the probes: the neighbour table, read once the echo is done. What it cannot tell, the
    // scan does not know: a warning, never an interrupted scan.
    const ipv6 =
      ipv6Reading && collector && !signal.aborted
        ? ipv6Reading(collector.found().macs).catch((err: unknown) => {
            run.onWarning?.(`IPv6 neighbours not read: ${err instanceof Error ? err.message : String(err)}`);
            return [];
          })
        : undefined;

    if (segment !== undefined && hosts !== undefined) {
      run.onPhase?.('probes');
      const prepare = run.prepareIdentify;
      if (prepare !== undefined) {
        setImmediate(() => {
          try {
            prepare();
          } catch {
            // Identification meets the same failure and reports it.
          }
        });
      }
      let outOfScope = 0;
      for (const outcome of await Promise.all([segment, settled(hosts.end(), 'host probes')])) {
        keep(outcome.observations);
        outOfScope += outcome.outOfScope;
        for (const error of outcome.errors ?? []) errors.push(error);
      }
      if (storageFailure) throw storageFailure;
      flush();
      if (outOfScope) run.onWarning?.(`ignored ${outOfScope} discovery repl${outOfScope === 1 ? 'y' : 'ies'} from addresses outside the scope`);
    }
    if (ipv6 !== undefined) {
      keep(await ipv6);
      if (storageFailure) throw storageFailure;
      flush();
    }
    if (run.infrastructure !== undefined && collector !== undefined && !signal.aborted) {
      const outcome = await run.infrastructure(collector.found(), signal);
      infrastructure = outcome.devices ?? [];
      keep(outcome.observations);
      if (storageFailure) throw storageFailure;
      flush();
      for (const warning of outcome.warnings) run.onWarning?.(warning);
    }
  } catch (err) {
    // The scan ends here: no probe may go on sending once it has returned.
    stop.abort();
    throw err;
  }

  // A scan whose own address went away (DHCP renew, Wi-Fi or VPN drop) heard only part of the segment.
  const now = new Set(localAddresses());
  const lost = addressesAtStart.filter((address) => !now.has(address));
  // First: it explains the send errors the probes met after it.
  if (lost.length) errors.unshift(`this host's address ${lost.join(', ')} went away during the scan`);

  run.onPhase?.('identification');
  const { deviceIds, flagged } = identifyScan(inventory, scanId, run.identify);

  const error = errors.length ? scanError(errors) : undefined;
  const status: ScanStatus = error !== undefined || run.signal.aborted ? 'interrupted' : 'complete';
  inventory.scans.finish(scanId, status, {
    hosts: deviceIds.length,
    flagged,
    ...(error !== undefined ? { error } : {}),
  });
  run.onPhase?.('done');
  return { scanId, status, deviceIds, flagged, observations, ...(error !== undefined ? { error } : {}), ...(infrastructure !== undefined ? { infrastructure } : {}) };
}

/** The probe phase's outcome, or its failure as an outcome with an error: never a rejection. */
function settled(work: Promise<ProbeOutcome>, what: string): Promise<ProbeOutcome> {
  return work.catch((err: unknown) => ({ observations: [], outOfScope: 0, errors: [`${what} failed: ${err instanceof Error ? err.message : String(err)}`] }));
}

/** How many of a scan's errors its record names: a stopped scan may have hundreds of probes in flight, each failing alike. */
const ERRORS_NAMED = 5;

/** The scan's errors for its record: distinct ones, the first few, and how many more there were. */
export function scanError(errors: readonly string[]): string {
  const distinct = [...new Set(errors)];
  const named = distinct.slice(0, ERRORS_NAMED).join('; ');
  const more = distinct.length - ERRORS_NAMED;
  return more > 0 ? `${named}; and ${more} more` : named;
}
