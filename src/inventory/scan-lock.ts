import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { normalizeRanges } from '../scope/range-set.js';
import type { Scope } from '../scope/types.js';
import { RuntimeError } from '../util/errors.js';
import { sleep } from '../util/sleep.js';
import { scanRecord } from './records.js';
import { deadScanReason } from './recovery.js';
import { encodeRanges } from './scan-ranges.js';
import type { ScanRow, Statements } from './statements.js';
import type { ScanRecord, ScanStatus } from './types.js';

export interface ScanStart {
  /** What the scan covers: its labels (for display) and its ranges, exclusions removed (an import covers none). */
  readonly scope: Pick<Scope, 'labels' | 'ranges'>;
  /** Discovery engine name ('native', 'nmap', 'import', …). */
  readonly engine: string;
}

export interface ScanTotals {
  readonly hosts: number;
  readonly flagged: number;
  readonly error?: string;
}

export interface WaitOptions {
  /** Give up after this long; 0 checks once. */
  readonly timeoutMs: number;
  /** Stop waiting (the caller then throws or returns as it sees fit). */
  readonly signal?: AbortSignal;
  readonly pollMs?: number;
}

/** The running scan that holds the inventory. */
export interface ScanHolder {
  readonly id: number;
  readonly pid: number | null;
  readonly hostname: string | null;
  readonly startedAt: string;
  readonly heartbeatAt: string;
}

/** Another process is running a scan on this inventory: two scans must never interleave their writes. */
export class ScanBusyError extends RuntimeError {
  constructor(
    readonly holder: ScanHolder,
    path: string,
    waitedMs?: number,
  ) {
    super(
      `another scan is running on ${path}: scan ${holder.id}, pid ${holder.pid ?? '?'} on ${holder.hostname ?? 'an unknown host'}, ` +
        `started ${holder.startedAt}, last heartbeat ${holder.heartbeatAt}` +
        (waitedMs === undefined ? '' : ` (waited ${Math.round(waitedMs / 1000)} s for it)`),
    );
  }
}

const DEFAULT_POLL_MS = 500;
const DEFAULT_SCAN_LIMIT = 50;

/**
 * The scans table: a scan's life from begin to finish under the inventory's scan lock (one live
 * scan per inventory across processes, kept by heartbeats), recovery of scans whose process died,
 * and the list of scans.
 */
export class ScanLock {
  constructor(
    private readonly db: Database.Database,
    private readonly sql: Statements,
    private readonly now: () => Date,
    private readonly path: string,
    private readonly staleAfterMs: number,
  ) {}

  /**
   * Records a running scan owned by this process and returns its id, or throws ScanBusyError while
   * another process's scan is alive (its pid lives on this host, or its heartbeat is fresh). Check
   * and insert are one IMMEDIATE transaction: of two processes starting together exactly one wins.
   * Dead scans found on the way are marked interrupted. Scans of this process do not block: one
   * process serializes its own scans (the agent never overlaps them).
   */
  begin(start: ScanStart): number {
    const scope = start.scope.labels.join(', ');
    const ranges = encodeRanges(normalizeRanges(start.scope.ranges));
    const begin = this.db.transaction(() => {
      const holder = this.liveOtherScan();
      if (holder !== null) throw new ScanBusyError(holder, this.path);
      const at = this.timestamp();
      return Number(this.sql.insertScan.run(at, scope, ranges, start.engine, process.pid, hostname(), at).lastInsertRowid);
    });
    return begin.immediate();
  }

  /** The live scan of another process that would make begin refuse, or null. Read-only. */
  holder(): ScanHolder | null {
    const context = { now: this.now(), hostname: hostname(), staleAfterMs: this.staleAfterMs };
    const row = this.sql.runningScans.all().find((scan) => !ownScan(scan) && deadScanReason(scan, context) === null);
    return row === undefined ? null : scanHolder(row);
  }

  /**
   * Resolves once no other process holds the inventory (begin may still lose a race to a third
   * process: callers retry). Throws ScanBusyError when the time is up; returns early on abort.
   */
  async waitForSlot(options: WaitOptions): Promise<void> {
    const started = Date.now();
    for (;;) {
      const holder = this.holder();
      if (holder === null || options.signal?.aborted) return;
      const waited = Date.now() - started;
      if (waited >= options.timeoutMs) throw new ScanBusyError(holder, this.path, waited);
      await sleep(Math.min(options.pollMs ?? DEFAULT_POLL_MS, options.timeoutMs - waited), options.signal);
    }
  }

  /**
   * Heartbeats every running scan of this process. A scan writes a heartbeat with each batch, but a
   * quiet sweep or a long probe phase writes none; a timer calling this keeps the lock held.
   */
  heartbeatOwn(): void {
    const at = this.timestamp();
    for (const scan of this.sql.runningScans.all()) if (ownScan(scan)) this.sql.heartbeat.run(at, scan.id);
  }

  /** Marks this process's running scans interrupted: after a scan failed with an exception, so it does not look alive. */
  interruptOwn(reason: string): number[] {
    return this.db.transaction(() => {
      const own = this.sql.runningScans.all().filter(ownScan);
      for (const scan of own) this.sql.markInterrupted.run(reason, scan.id);
      return own.map((scan) => scan.id);
    })();
  }

  /** Tells other processes this scan is alive; call at least every minute while scanning. */
  heartbeat(scanId: number): void {
    this.assertWritable(scanId);
    this.sql.heartbeat.run(this.timestamp(), scanId);
  }

  /** Sets the scan's final status. Only this marks a scan complete. */
  finish(scanId: number, status: Exclude<ScanStatus, 'running'>, totals: ScanTotals): void {
    this.assertWritable(scanId);
    this.sql.finishScan.run(status, this.timestamp(), totals.hosts, totals.flagged, totals.error ?? null, scanId);
  }

  /** Newest first. */
  list(limit = DEFAULT_SCAN_LIMIT): ScanRecord[] {
    return this.sql.scans.all(limit).map(scanRecord);
  }

  get(id: number): ScanRecord | null {
    const row = this.sql.scan.get(id);
    return row === undefined ? null : scanRecord(row);
  }

  /** Scans left 'running' by a process that is gone (SIGKILL, crash, power loss) become 'interrupted'. */
  recoverInterrupted(): void {
    const context = { now: this.now(), hostname: hostname(), staleAfterMs: this.staleAfterMs };
    const dead = () => this.sql.runningScans.all().flatMap((scan) => {
      const reason = deadScanReason(scan, context);
      return reason === null ? [] : [{ id: scan.id, reason }];
    });
    // Read first (no write lock when every running scan is alive), then write under IMMEDIATE: a
    // deferred transaction that read before another process wrote fails at once with SQLITE_BUSY
    // (two processes opening an inventory a killed scan left).
    if (dead().length === 0) return;
    this.db
      .transaction(() => {
        for (const { id, reason } of dead()) this.sql.markInterrupted.run(reason, id);
      })
      .immediate();
  }

  /** Writing to a scan that does not exist or already completed is a programming error. */
  assertWritable(scanId: number): void {
    const scan = this.sql.scan.get(scanId);
    if (scan === undefined) throw new Error(`bug: scan ${scanId} does not exist`);
    if (scan.status === 'complete') throw new Error(`bug: scan ${scanId} is already complete`);
  }

  /** Inside begin's transaction: the first live scan of another process; dead ones are marked interrupted. */
  private liveOtherScan(): ScanHolder | null {
    const context = { now: this.now(), hostname: hostname(), staleAfterMs: this.staleAfterMs };
    for (const scan of this.sql.runningScans.all()) {
      if (ownScan(scan)) continue;
      const reason = deadScanReason(scan, context);
      if (reason === null) return scanHolder(scan);
      this.sql.markInterrupted.run(reason, scan.id);
    }
    return null;
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}

function ownScan(scan: ScanRow): boolean {
  return scan.pid === process.pid && scan.hostname === hostname();
}

function scanHolder(row: ScanRow): ScanHolder {
  return { id: row.id, pid: row.pid, hostname: row.hostname, startedAt: row.started_at, heartbeatAt: row.heartbeat_at };
}
