import { setMaxListeners } from 'node:events';
import type { DiscoveryEngine, DiscoveryOptions } from '../discovery/engine.js';
import type { Verdict } from '../identify/verdict.js';
import type { Inventory } from '../inventory/inventory.js';
import type { ScanStatus } from '../inventory/types.js';
import type { Observation } from '../observations/observation.js';
import type { ProbePlan } from '../probes/probe-plan.js';
import type { Scope } from '../scope/types.js';

export interface ScanRun {
  readonly scope: Scope;
  readonly engine: DiscoveryEngine;
  readonly options: DiscoveryOptions;
  readonly inventory: Inventory;
  /** Aborting stops discovery; what was found is still identified and the scan is stored as interrupted. */
  readonly signal: AbortSignal;
  readonly identify: (observations: readonly Observation[]) => Verdict;
  /** Identification probes; none when absent (discovery only). */
  readonly probes?: ProbePlan;
  readonly onPhase?: (phase: 'discovery' | 'probes' | 'identification' | 'done') => void;
  readonly onWarning?: (message: string) => void;
}

export interface ScanResult {
  readonly scanId: number;
  readonly status: ScanStatus;
  /** Devices seen in this scan. */
  readonly deviceIds: readonly number[];
  readonly flagged: number;
  readonly observations: number;
  readonly error?: string;
}

// Observations are written in batches: one transaction per batch keeps SQLite fast, and a batch
// is small and frequent enough that a crash loses at most a fraction of a second of findings.
const BATCH_SIZE = 500;
const FLUSH_MS = 250;

/** scope → discovery → observations (stored as they come) → devices → identification → verdicts. */
export async function runScan(run: ScanRun): Promise<ScanResult> {
  // Every probe in flight listens for the abort: dozens at once is by design, not a leak.
  setMaxListeners(0, run.signal);
  const { inventory } = run;
  const scanId = inventory.beginScan({ scope: run.scope.labels.join(', '), engine: run.engine.name });
  let pending: Observation[] = [];
  let lastFlush = Date.now();
  let observations = 0;
  const flush = () => {
    if (pending.length) inventory.recordObservations(scanId, pending);
    observations += pending.length;
    pending = [];
    lastFlush = Date.now();
    inventory.heartbeat(scanId);
  };

  let error: string | undefined;
  run.onPhase?.('discovery');
  // The multicast probes listen while discovery sweeps: the whole segment hears them at once.
  const segment = run.probes?.segment(run.signal);
  const openPorts: { ip: string; port: number }[] = [];
  const live = new Set<string>();
  try {
    for await (const obs of run.engine.discover(run.scope, run.options, run.signal)) {
      pending.push(obs);
      live.add(obs.ip);
      if (obs.kind === 'tcp.open' && obs.port !== undefined) openPorts.push({ ip: obs.ip, port: obs.port });
      if (pending.length >= BATCH_SIZE || Date.now() - lastFlush >= FLUSH_MS) flush();
    }
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  flush();

  if (run.probes && segment) {
    run.onPhase?.('probes');
    const outcomes = await Promise.all([segment, run.signal.aborted ? null : run.probes.hosts({ openPorts, live: [...live] }, run.signal)]);
    let outOfScope = 0;
    for (const outcome of outcomes) {
      if (!outcome) continue;
      pending.push(...outcome.observations);
      outOfScope += outcome.outOfScope;
    }
    flush();
    if (outOfScope) run.onWarning?.(`ignored ${outOfScope} discovery repl${outOfScope === 1 ? 'y' : 'ies'} from addresses outside the scope`);
  }

  run.onPhase?.('identification');
  const deviceIds = inventory.resolveDevices(scanId);
  const verdicts = deviceIds.map((id) => [id, run.identify(inventory.deviceObservations(id))] as const);
  inventory.saveVerdicts(scanId, verdicts);
  const flagged = verdicts.filter(([, v]) => v.status === 'covered').length;

  const status: ScanStatus = error !== undefined || run.signal.aborted ? 'interrupted' : 'complete';
  inventory.finishScan(scanId, status, {
    hosts: deviceIds.length,
    flagged,
    ...(error !== undefined ? { error } : {}),
  });
  run.onPhase?.('done');
  return { scanId, status, deviceIds, flagged, observations, ...(error !== undefined ? { error } : {}) };
}
