import { chooseEngine, DEFAULT_PORTS } from '../discovery/index.js';
import type { DiscoveryEngine } from '../discovery/engine.js';
import { ipv6Step } from '../discovery/native/ipv6-step.js';
import { identify, loadIdentification } from '../identify/identify.js';
import { DiscoveredInfrastructure } from '../infrastructure/discover.js';
import { infrastructureStep } from '../infrastructure/scan-step.js';
import { matchObservation } from '../identify/rules/match.js';
import { evidenceMarkers } from '../identify/text-markers.js';
import { knowledgeDates } from '../identify/knowledge-dates.js';
import type { Inventory } from '../inventory/inventory.js';
import type { ObservationKind } from '../observations/observation.js';
import { ScanBusyError } from '../inventory/scan-lock.js';
import { runScan, type ScanResult } from '../pipeline/run-scan.js';
import { ProbePlan } from '../probes/probe-plan.js';
import { buildScope, type Scope } from '../scope/index.js';
import { type Config, defaultConfig } from '../config/schema.js';
import { RuntimeError } from '../util/errors.js';
import { TokenBucket } from '../util/token-bucket.js';

/** The parts of the configuration a scan is made of. */
export type ScanSettings = Pick<Config, 'scope' | 'discovery' | 'probes'> & Partial<Pick<Config, 'infrastructure' | 'identification'>>;

export type ScanPhase = 'discovery' | 'probes' | 'identification' | 'done';

/** What a progress display hears; every call is optional to act on. */
export interface ScanListener {
  started?(info: { scopeSize: number; engine: string }): void;
  phase?(phase: ScanPhase): void;
  discovery?(progress: { done: number; total: number }): void;
  /** Distinct addresses that answered so far. */
  found?(count: number): void;
  /** Covered verdicts so far (identification runs last). */
  flagged?(count: number): void;
}

export interface ScanJob {
  readonly settings: ScanSettings;
  readonly inventory: Inventory;
  readonly signal: AbortSignal;
  /** Wait up to this long for another process's scan to end; absent: refuse at once. */
  readonly waitMs?: number;
  /** Scope and engine choices, for the person or log watching. */
  readonly note: (text: string) => void;
  readonly onWarning: (message: string) => void;
  readonly listener?: ScanListener;
  /** Scope and engine decided beforehand (planScan); decided here when absent. */
  readonly plan?: ScanPlan;
}

/** Heartbeat while scanning: well inside the 5 minutes after which another process takes a scan as dead. */
const HEARTBEAT_MS = 30_000;

/** The scope and the engine a scan will use, with the lines that explain the choice. */
export interface ScanPlan {
  readonly scope: Scope;
  readonly engine: DiscoveryEngine;
  readonly notes: readonly string[];
}

/** Decides scope and engine from the settings; bad targets fail here, before any database is touched. */
export function planScan(settings: ScanSettings): ScanPlan {
  const { scope, notes } = buildScope({
    targets: settings.scope.targets,
    exclude: settings.scope.exclude,
    maxHosts: settings.scope.maxHosts,
    allowPublic: settings.scope.allowPublic,
    linkLocal: settings.scope.linkLocal,
  });
  const { engine, reason } = chooseEngine(settings.discovery.engine);
  return {
    scope,
    engine,
    notes: [
      ...notes,
      `Engine: ${engine.name} (${reason})`,
      `Scanning ${scope.size} address${scope.size === 1 ? '' : 'es'}: ${scope.labels.join(', ')}${scope.excluded.length ? ` excluding ${scope.excluded.join(', ')}` : ''}`,
    ],
  };
}

/**
 * One scan from settings to stored verdicts, exclusive on the inventory: while another process
 * scans it refuses (ScanBusyError) or, with waitMs, waits for it. Used by `scan` and the agent.
 */
export async function runScanJob(job: ScanJob): Promise<ScanResult> {
  const { settings, inventory, listener } = job;
  const { scope, engine, notes } = job.plan ?? planScan(settings);
  notes.forEach(job.note);
  // An old registry misses the blocks registered since: said with every scan, not only in status.
  knowledgeDates(new Date(), (settings.identification ?? defaultConfig().identification).registryMaxAgeMonths).warnings.forEach(job.onWarning);

  const deadline = Date.now() + (job.waitMs ?? 0);
  const heartbeat = setInterval(() => inventory.scans.heartbeatOwn(), HEARTBEAT_MS);
  heartbeat.unref();
  try {
    for (;;) {
      if (job.waitMs !== undefined) {
        await inventory.scans.waitForSlot({ timeoutMs: Math.max(0, deadline - Date.now()), signal: job.signal });
        if (job.signal.aborted) throw new RuntimeError('stopped while waiting for the other scan to finish; nothing was scanned');
      }
      listener?.started?.({ scopeSize: scope.size, engine: engine.name });
      let flagged = 0;
      // One --rate bucket for the whole scan: the native sweep and the probes beside it take from it
      // together. nmap paces itself (--max-rate): over a /24 or less it gets a share of the rate and the
      // probes the rest (pipeline/sweep-share.ts); over larger scopes the probes wait for its sweep.
      const bucket = new TokenBucket(settings.discovery.rate);
      // infrastructure.discover: the SNMP probe tells which hosts route or bridge; they are read after it.
      const discovered = settings.probes.enabled && settings.infrastructure?.discover.enabled ? new DiscoveredInfrastructure() : undefined;
      // Hosts whose SNMP system group the probe read, with the kinds it recorded: the infrastructure reads record no second copy.
      const readBySnmpProbe = new Map<string, ReadonlySet<ObservationKind>>();
      try {
        return await runScan({
          scope,
          engine: listener?.found ? counting(engine, listener.found) : engine,
          inventory,
          prepareIdentify: loadIdentification,
          identify: (observations) => {
            const verdict = identify(observations);
            if (verdict.status === 'covered') listener?.flagged?.(++flagged);
            return verdict;
          },
          signal: job.signal,
          ...(settings.probes.enabled
            ? {
                probes: new ProbePlan(scope, {
                  timeoutMs: settings.probes.timeoutMs,
                  concurrency: Math.min(settings.discovery.concurrency, 64),
                  communities: settings.probes.snmp.communities,
                  snmpBySubnet: settings.probes.snmp.bySubnet,
                  ...(discovered ? { snmpAnswered: discovered.note } : {}),
                  snmpRead: (ip, kinds) => void readBySnmpProbe.set(ip, kinds),
                  bucket,
                  looksLike: matchObservation,
                  bodyMarkers: evidenceMarkers,
                }),
              }
            : {}),
          ...optional('infrastructure', infrastructureStep(scope, settings.infrastructure, { timeoutMs: settings.probes.timeoutMs, rate: settings.discovery.rate }, discovered, readBySnmpProbe)),
          // The all-nodes echo is multicast like the segment probes: sent when they are.
          ...optional('ipv6', settings.probes.enabled ? ipv6Step(scope) : undefined),
          ...(listener?.phase ? { onPhase: (phase: ScanPhase) => listener.phase?.(phase) } : {}),
          onWarning: job.onWarning,
          options: {
            ports: settings.discovery.ports ?? DEFAULT_PORTS,
            connectTimeoutMs: settings.discovery.timeoutMs,
            concurrency: settings.discovery.concurrency,
            rate: settings.discovery.rate,
            ...(engine.name === 'native' ? { bucket } : {}),
            deep: settings.discovery.deep,
            onWarning: job.onWarning,
            ...(listener?.discovery ? { onProgress: (p: { done: number; total: number }) => listener.discovery?.(p) } : {}),
          },
        });
      } catch (err) {
        // runScan begins the scan first: busy means nothing was written. Another process won the race after our wait.
        if (err instanceof ScanBusyError && job.waitMs !== undefined && Date.now() < deadline && !job.signal.aborted) continue;
        if (!(err instanceof ScanBusyError)) {
          try {
            inventory.scans.interruptOwn(`interrupted: ${err instanceof Error ? err.message : String(err)}`);
          } catch {
            // The inventory cannot be written (disk full …): the scan's own error says so; the next open recovers the scan.
          }
        }
        throw err;
      }
    }
  } finally {
    clearInterval(heartbeat);
  }
}

/** The engine, reporting each new address that answers. */
function counting(engine: DiscoveryEngine, found: (count: number) => void): DiscoveryEngine {
  return {
    name: engine.name,
    async *discover(scope, options, signal) {
      const seen = new Set<string>();
      for await (const obs of engine.discover(scope, options, signal)) {
        if (!seen.has(obs.ip)) {
          seen.add(obs.ip);
          found(seen.size);
        }
        yield obs;
      }
    },
  };
}

/** `{ [key]: value }`, or nothing when the value is undefined (exactOptionalPropertyTypes). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
