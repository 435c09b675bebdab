import { Cron } from 'croner';
import { scheduleCron, type Config } from '../config/schema.js';
import type { Inventory } from '../inventory/inventory.js';
import { ScanBusyError } from '../inventory/scan-lock.js';
import { UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { sleep } from '../util/sleep.js';
import { followUpScan } from './follow-up.js';
import { runScanJob, type ScanJob } from './scan-job.js';
import type { ScanResult } from '../pipeline/run-scan.js';

export type TickOutcome =
  | { readonly kind: 'scanned'; readonly result: ScanResult }
  /** Another process (a manual `lanaudit scan`) holds the inventory. */
  | { readonly kind: 'busy' }
  | { readonly kind: 'failed'; readonly error: string }
  /** The agent was told to stop before the scan began (during the jitter delay). */
  | { readonly kind: 'stopped' };

export interface AgentOptions {
  readonly config: Config;
  readonly inventory: Inventory;
  readonly log: Logger;
  /** Aborted by SIGTERM/SIGINT: the running scan stops and is stored as interrupted. */
  readonly signal: AbortSignal;
  /** Uniform in [0, 1): the jitter draw. */
  readonly random?: () => number;
  /** The scan itself; tests replace it. */
  readonly scan?: (job: ScanJob) => Promise<ScanResult>;
}

/**
 * Scans on the configured schedule, never two at once: a tick while a scan runs is skipped, and a
 * scan some other process runs on the same inventory makes this tick wait for the next one. A failed
 * scan is logged and the next tick tries again.
 */
export class Agent {
  private running: Promise<TickOutcome> | null = null;

  constructor(private readonly options: AgentOptions) {}

  /** The cron pattern the agent runs on; a usage error when the configuration has none. */
  static schedule(config: Config): string {
    const cron = scheduleCron(config.schedule);
    if (cron === null) throw new UsageError('the configuration has no schedule: add schedule.every (e.g. 6h) or schedule.cron, or run with --once');
    return cron;
  }

  /** Starts a scheduled scan, or returns null (and logs why) while one is still running. */
  tick(): Promise<TickOutcome> | null {
    if (this.running !== null) {
      this.options.log.warn('the previous scan is still running: this scheduled run is skipped');
      return null;
    }
    const run = this.scheduledScan().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  /** Runs until the signal aborts, then lets the running scan stop (stored as interrupted). */
  async run(cron: string): Promise<void> {
    const { log, signal } = this.options;
    const job = new Cron(cron, () => void this.tick());
    log.info('agent started', { schedule: cron, jitterSeconds: this.options.config.schedule?.jitterSeconds ?? 0, nextRun: job.nextRun()?.toISOString() ?? null });
    try {
      await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    } finally {
      job.stop();
    }
    if (this.running !== null) {
      log.info('stopping: the running scan is being stopped and stored as interrupted');
      await this.running;
    }
  }

  private async scheduledScan(): Promise<TickOutcome> {
    const { config, inventory, log, signal } = this.options;
    const jitter = Math.floor((this.options.random ?? Math.random)() * ((config.schedule?.jitterSeconds ?? 0) * 1000));
    if (jitter > 0) {
      log.info('waiting before the scan (jitter)', { seconds: Math.round(jitter / 1000) });
      await sleep(jitter, signal);
    }
    if (signal.aborted) return { kind: 'stopped' };
    const started = Date.now();
    let result: ScanResult;
    try {
      result = await (this.options.scan ?? runScanJob)({
        settings: config,
        inventory,
        signal,
        note: (text) => log.info(text),
        onWarning: (message) => log.warn(message),
      });
    } catch (err) {
      if (err instanceof ScanBusyError) {
        log.warn('another scan is running: waiting for the next scheduled run', { scan: err.holder.id, pid: err.holder.pid, host: err.holder.hostname, started: err.holder.startedAt });
        return { kind: 'busy' };
      }
      const error = err instanceof Error ? err.message : String(err);
      log.error('scan failed; the next scheduled run tries again', { error });
      return { kind: 'failed', error };
    }
    const fields = { scan: result.scanId, status: result.status, devices: result.deviceIds.length, flagged: result.flagged, seconds: Math.round((Date.now() - started) / 100) / 10 };
    if (result.status === 'complete') log.info('scan complete', fields);
    else log.warn('scan interrupted', { ...fields, ...(result.error !== undefined ? { error: result.error } : {}) });
    if (result.infrastructure) log.info('infrastructure read', { devices: result.infrastructure });
    // An interrupted scan still retries earlier alerts; a stop request leaves at once.
    if (!signal.aborted) await followUpScan(inventory, result.scanId, config, log);
    return { kind: 'scanned', result };
  }
}
