import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import type { Verdict } from '../identify/verdict.js';
import { boundValue, normalizeMac, type Observation } from '../observations/observation.js';
import { parseIpv4 } from '../scope/ipv4.js';
import { normalizeRanges } from '../scope/range-set.js';
import type { Scope } from '../scope/types.js';
import { RuntimeError, UsageError } from '../util/errors.js';
import { sleep } from '../util/sleep.js';
import { AlertStore } from './alert-store.js';
import { ChangeStore } from './change-store.js';
import { assertNotNewer, latestVersion, migrate, MIGRATIONS, type Migration } from './migrations.js';
import { deviceQuery, DeviceListing } from './device-listing.js';
import { deviceRecord, ipHistoryEntry, scanRecord, storedObservation } from './records.js';
import { DEFAULT_STALE_AFTER_MS, deadScanReason } from './recovery.js';
import { pruneInventory, type PruneReport, type RetentionPolicy } from './retention.js';
import { prepareStatements, type ScanRow, type Statements } from './statements.js';
import type {
  DeviceDetail,
  DeviceFilter,
  DeviceRecord,
  ScanRecord,
  ScanStatus,
  StoredObservation,
  VerdictRecord,
} from './types.js';
import { openDatabaseFile } from './open-database.js';
import { encodeRanges } from './scan-ranges.js';
import { TriageStore } from './triage-store.js';
import { sameVerdict, verdictColumns, verdictFromRow } from './verdict-row.js';

export interface OpenOptions {
  /** Open an existing inventory for reading only: no migrations, no recovery, nothing written. */
  readonly readonly?: boolean;
  /** The schema steps; tests inject extra ones. */
  readonly migrations?: readonly Migration[];
  /** Clock for scan, heartbeat and verdict times; tests inject one. */
  readonly now?: () => Date;
  /** A running scan silent for longer than this is marked interrupted on open. */
  readonly staleAfterMs?: number;
}

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

/** The running scan that holds the inventory. */
export interface ScanHolder {
  readonly id: number;
  readonly pid: number | null;
  readonly hostname: string | null;
  readonly startedAt: string;
  readonly heartbeatAt: string;
}

const DEFAULT_POLL_MS = 500;

/** Waits this long for another lanaudit process's write lock before failing. */
const BUSY_TIMEOUT_MS = 5000;
const DEFAULT_SCAN_LIMIT = 50;

/**
 * The local SQLite inventory: scans, the raw observations they made, the devices those resolve to
 * (identity by MAC, by IP for MAC-less hosts), their address history and their verdict history.
 * The only module that touches SQLite. One instance per connection; not shared across threads.
 */
export class Inventory {
  private constructor(
    private readonly db: Database.Database,
    private readonly sql: Statements,
    private readonly now: () => Date,
    readonly path: string,
    private readonly staleAfterMs: number,
  ) {}

  static open(path: string, options: OpenOptions = {}): Inventory {
    const readonly = options.readonly ?? false;
    const migrations = options.migrations ?? MIGRATIONS;
    const now = options.now ?? (() => new Date());
    const inMemory = path === ':memory:' || path === '';
    if (readonly && !inMemory && !existsSync(path)) {
      throw new RuntimeError(`no inventory at ${path}: run a scan first, or give --db`);
    }

    let db: Database.Database | undefined;
    try {
      // The inventory says which devices exist and who made them: not for other local users.
      db = inMemory ? new Database(path) : openDatabaseFile(path, readonly);
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      if (readonly) {
        requireCurrentSchema(db, path, migrations);
      } else {
        // WAL: readers (reports) never block a running scan, and a killed writer leaves the file intact.
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
      }
      db.pragma('foreign_keys = ON');
      if (!readonly) migrate(db, path, migrations);
      const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
      const inventory = new Inventory(db, prepareStatements(db), now, path, staleAfterMs);
      if (!readonly) inventory.recoverInterruptedScans(staleAfterMs);
      return inventory;
    } catch (err) {
      db?.close();
      if (err instanceof Database.SqliteError || isErrnoException(err)) {
        throw new RuntimeError(`cannot open inventory ${path}: ${err.message}`, { cause: err });
      }
      throw err;
    }
  }

  // Prepared on first use: an inventory opened with only the first migrations (tests) has no such tables.
  private changeStore: ChangeStore | undefined;
  private triageStore: TriageStore | undefined;
  private alertStore: AlertStore | undefined;
  private deviceListing: DeviceListing | undefined;

  /** Change tracking: compared device state, change events, MAC history, tracked scans. */
  get changes(): ChangeStore {
    return (this.changeStore ??= new ChangeStore(this.db));
  }

  /** Triage decisions and their history. */
  get triage(): TriageStore {
    return (this.triageStore ??= new TriageStore(this.db));
  }

  /** Alerts and their delivery to each target. */
  get alerts(): AlertStore {
    return (this.alertStore ??= new AlertStore(this.db));
  }

  /** Device counts and the report order, beside iterateDevices. */
  get listing(): DeviceListing {
    return (this.deviceListing ??= new DeviceListing(this.db));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ── scans ────────────────────────────────────────────────────────────────

  /**
   * Records a running scan owned by this process and returns its id, or throws ScanBusyError while
   * another process's scan is alive (its pid lives on this host, or its heartbeat is fresh). Check
   * and insert are one IMMEDIATE transaction: of two processes starting together exactly one wins.
   * Dead scans found on the way are marked interrupted. Scans of this process do not block: one
   * process serializes its own scans (the agent never overlaps them).
   */
  beginScan(start: ScanStart): number {
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

  /** The live scan of another process that would make beginScan refuse, or null. Read-only. */
  scanHolder(): ScanHolder | null {
    const context = { now: this.now(), hostname: hostname(), staleAfterMs: this.staleAfterMs };
    const row = this.sql.runningScans.all().find((scan) => !this.ownScan(scan) && deadScanReason(scan, context) === null);
    return row === undefined ? null : scanHolder(row);
  }

  /**
   * Resolves once no other process holds the inventory (beginScan may still lose a race to a third
   * process: callers retry). Throws ScanBusyError when the time is up; returns early on abort.
   */
  async waitForScanSlot(options: WaitOptions): Promise<void> {
    const started = Date.now();
    for (;;) {
      const holder = this.scanHolder();
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
  heartbeatOwnScans(): void {
    const at = this.timestamp();
    for (const scan of this.sql.runningScans.all()) if (this.ownScan(scan)) this.sql.heartbeat.run(at, scan.id);
  }

  /** Marks this process's running scans interrupted: after a scan failed with an exception, so it does not look alive. */
  interruptOwnScans(reason: string): number[] {
    return this.db.transaction(() => {
      const own = this.sql.runningScans.all().filter((scan) => this.ownScan(scan));
      for (const scan of own) this.sql.markInterrupted.run(reason, scan.id);
      return own.map((scan) => scan.id);
    })();
  }

  /** Tells other processes this scan is alive; call at least every minute while scanning. */
  heartbeat(scanId: number): void {
    this.writableScan(scanId);
    this.sql.heartbeat.run(this.timestamp(), scanId);
  }

  /** Sets the scan's final status. Only this marks a scan complete. */
  finishScan(scanId: number, status: Exclude<ScanStatus, 'running'>, totals: ScanTotals): void {
    this.writableScan(scanId);
    this.sql.finishScan.run(status, this.timestamp(), totals.hosts, totals.flagged, totals.error ?? null, scanId);
  }

  listScans(limit = DEFAULT_SCAN_LIMIT): ScanRecord[] {
    return this.sql.scans.all(limit).map(scanRecord);
  }

  getScan(id: number): ScanRecord | null {
    const row = this.sql.scan.get(id);
    return row === undefined ? null : scanRecord(row);
  }

  // ── observations and devices ─────────────────────────────────────────────

  /** Stores a batch in one transaction (all or nothing) and counts as a heartbeat. */
  recordObservations(scanId: number, observations: readonly Observation[]): void {
    this.writableScan(scanId);
    const rows = observations.map(observationRow);
    this.db.transaction(() => {
      for (const row of rows) this.sql.insertObservation.run(scanId, ...row);
      this.sql.heartbeat.run(this.timestamp(), scanId);
    })();
  }

  /**
   * Links this scan's unlinked observations to devices and returns the ids of all devices the scan
   * saw. An address's MAC is the latest one the network saw there in this scan ('mac' facts); a
   * device is found by that MAC, or for a MAC-less address among MAC-less devices by current IP;
   * otherwise it is created. A different MAC the device claims for itself (a SADP or DHIP reply)
   * never decides identity: it is recorded as a 'mac.mismatch' fact of the device. Call it when
   * discovery is done: an address resolved before its MAC arrived stays MAC-less.
   */
  resolveDevices(scanId: number): number[] {
    this.writableScan(scanId);
    const sql = this.sql;
    return this.db.transaction(() => {
      for (const seen of sql.unlinkedIps.all(scanId, scanId)) {
        const mac = sql.scanIpMac.get(scanId, seen.ip)?.mac ?? null;
        const device = mac === null ? sql.maclessDeviceByIp.get(seen.ip) : sql.deviceByMac.get(mac);
        let deviceId: number;
        if (device === undefined) {
          deviceId = Number(sql.insertDevice.run(mac, seen.ip, seen.first_at, seen.last_at).lastInsertRowid);
        } else {
          deviceId = device.id;
          // An older import must not move the current address back in time.
          const ip = seen.last_at >= device.last_seen ? seen.ip : device.ip;
          sql.updateDeviceSeen.run(ip, seen.first_at, seen.last_at, deviceId);
        }
        sql.upsertDeviceIp.run(deviceId, seen.ip, seen.first_at, seen.last_at);
        if (mac !== null) {
          for (const claim of sql.scanIpClaimedMacs.all(scanId, seen.ip, mac)) {
            sql.insertObservation.run(scanId, seen.ip, null, 'mac.mismatch', `claims MAC ${claim.mac}, network saw ${mac}`, null, claim.source, seen.last_at);
          }
        }
        sql.linkObservations.run(deviceId, scanId, seen.ip);
      }
      return sql.scanDeviceIds.all(scanId).map((row) => row.device_id);
    })();
  }

  /** Every distinct fact stored about the device across all scans, each with the latest time it was seen. */
  deviceObservations(deviceId: number): StoredObservation[] {
    return this.sql.deviceObservations.all(deviceId).map(storedObservation);
  }

  allDeviceIds(): number[] {
    return this.sql.deviceIds.all().map((row) => row.id);
  }

  /**
   * Devices matching every given filter, ordered by IP. `flagged: true` means a current verdict of
   * covered (the README's meaning of flagged); `flagged: false` means review, clear or not identified yet.
   */
  listDevices(filter: DeviceFilter = {}): DeviceRecord[] {
    return Array.from(this.iterateDevices(filter));
  }

  /**
   * listDevices one device at a time, for callers that write each as it comes instead of holding
   * thousands at once. One SQLite statement reads them all: until the iteration ends (or is left),
   * the connection is busy and other calls on this inventory throw.
   */
  *iterateDevices(filter: DeviceFilter = {}): Generator<DeviceRecord, void, undefined> {
    for (const row of this.sql.listDevices.iterate(deviceQuery(filter))) yield deviceRecord(row);
  }

  /** A device by id, with its current verdict. */
  getDevice(id: number): DeviceRecord | null {
    const row = this.sql.deviceWithVerdict.get(id);
    return row === undefined ? null : deviceRecord(row);
  }

  /** A device by MAC (any common notation) or IPv4 address: the device there now, else the latest one there before. */
  findDevice(key: string): DeviceDetail | null {
    const text = key.trim();
    // IP first: "100.200.100.200" is also twelve hex digits once the dots are gone.
    let id: number | undefined;
    if (parseIpv4(text) !== null) {
      id = (this.sql.deviceIdByCurrentIp.get(text) ?? this.sql.deviceIdByPastIp.get(text))?.id;
    } else {
      const mac = normalizeMac(text);
      if (mac === null) throw new UsageError(`"${boundValue(text, 40)}" is neither a MAC nor an IPv4 address`);
      // A randomized MAC the device has since rotated away from still finds it.
      id = this.sql.deviceIdByMac.get(mac)?.id ?? this.changes.deviceIdByPastMac(mac) ?? undefined;
    }
    return id === undefined ? null : this.deviceDetail(id);
  }

  // ── verdicts ─────────────────────────────────────────────────────────────

  /** Makes `verdict` the device's current one. Returns false, writing nothing, when it equals the current one. */
  saveVerdict(deviceId: number, scanId: number | null, verdict: Verdict): boolean {
    return this.db.transaction(() => this.storeVerdict(deviceId, scanId, verdict))();
  }

  /**
   * saveVerdict for many devices in one transaction: a whole scan's verdicts cost one commit
   * instead of one each. Returns the ids of the devices whose verdict changed.
   */
  saveVerdicts(scanId: number | null, verdicts: Iterable<readonly [deviceId: number, verdict: Verdict]>): number[] {
    return this.db.transaction(() => {
      const changed: number[] = [];
      for (const [deviceId, verdict] of verdicts) {
        if (this.storeVerdict(deviceId, scanId, verdict)) changed.push(deviceId);
      }
      return changed;
    })();
  }

  /** The device's verdicts, oldest first; the last is current. */
  verdictHistory(deviceId: number): VerdictRecord[] {
    return this.sql.verdictHistory.all(deviceId).map((row) => ({
      id: row.id,
      deviceId: row.device_id,
      scanId: row.scan_id,
      at: row.at,
      verdict: verdictFromRow(row),
    }));
  }

  // ── retention ────────────────────────────────────────────────────────────

  /**
   * Deletes old observations and scans as the policy allows, never what a verdict rests on (the
   * newest observation of each fact) nor anything of a running scan: see retention.ts. With dryRun,
   * counts only (works on a read-only inventory).
   */
  prune(policy: RetentionPolicy, options: { readonly dryRun?: boolean } = {}): PruneReport {
    return pruneInventory(this.db, policy, this.now(), options.dryRun ?? false);
  }

  // ── internals ────────────────────────────────────────────────────────────

  /** Runs inside the caller's transaction. */
  private storeVerdict(deviceId: number, scanId: number | null, verdict: Verdict): boolean {
    const sql = this.sql;
    const device = sql.deviceVerdictId.get(deviceId);
    if (device === undefined) throw new Error(`bug: saveVerdict for unknown device ${deviceId}`);
    const current = device.verdict_id === null ? undefined : sql.verdict.get(device.verdict_id);
    if (current !== undefined && sameVerdict(current, verdict)) return false;
    const id = Number(sql.insertVerdict.run(deviceId, scanId, this.timestamp(), ...verdictColumns(verdict)).lastInsertRowid);
    sql.setCurrentVerdict.run(id, verdict.status, verdict.covered, verdict.manufacturer, verdict.manufacturerName, verdict.brand, deviceId);
    return true;
  }

  private deviceDetail(id: number): DeviceDetail | null {
    const row = this.sql.deviceWithVerdict.get(id);
    if (row === undefined) return null;
    return {
      ...deviceRecord(row),
      ipHistory: this.sql.ipHistory.all(id).map(ipHistoryEntry),
      observations: this.deviceObservations(id),
      scans: this.sql.deviceScans.all(id).map((r) => r.scan_id),
    };
  }

  /** Scans left 'running' by a process that is gone (SIGKILL, crash, power loss) become 'interrupted'. */
  private recoverInterruptedScans(staleAfterMs: number): void {
    const context = { now: this.now(), hostname: hostname(), staleAfterMs };
    this.db.transaction(() => {
      for (const scan of this.sql.runningScans.all()) {
        const reason = deadScanReason(scan, context);
        if (reason !== null) this.sql.markInterrupted.run(reason, scan.id);
      }
    })();
  }

  /** Inside beginScan's transaction: the first live scan of another process; dead ones are marked interrupted. */
  private liveOtherScan(): ScanHolder | null {
    const context = { now: this.now(), hostname: hostname(), staleAfterMs: this.staleAfterMs };
    for (const scan of this.sql.runningScans.all()) {
      if (this.ownScan(scan)) continue;
      const reason = deadScanReason(scan, context);
      if (reason === null) return scanHolder(scan);
      this.sql.markInterrupted.run(reason, scan.id);
    }
    return null;
  }

  private ownScan(scan: ScanRow): boolean {
    return scan.pid === process.pid && scan.hostname === hostname();
  }

  /** Writing to a scan that does not exist or already completed is a programming error. */
  private writableScan(scanId: number): void {
    const scan = this.sql.scan.get(scanId);
    if (scan === undefined) throw new Error(`bug: scan ${scanId} does not exist`);
    if (scan.status === 'complete') throw new Error(`bug: scan ${scanId} is already complete`);
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}

type ObservationColumns = [
  ip: string,
  mac: string | null,
  kind: string,
  value: string,
  port: number | null,
  source: string,
  at: string,
];

/** Normalizes one observation for storage; an observation our own probes built wrongly is a bug. */
function observationRow(obs: Observation): ObservationColumns {
  if (parseIpv4(obs.ip) === null) throw new Error(`bug: observation address "${boundValue(obs.ip, 40)}" is not IPv4`);
  // A 'mac' fact carries its MAC by definition; storing it in the column makes identity one lookup.
  const macText = obs.mac ?? (obs.kind === 'mac' ? obs.value : undefined);
  const mac = macText === undefined ? null : normalizeMac(macText);
  const port = obs.port !== undefined && Number.isInteger(obs.port) && obs.port >= 0 && obs.port <= 65535 ? obs.port : null;
  const at = isoTime(obs.at);
  if (at === null) throw new Error(`bug: observation time "${boundValue(obs.at, 40)}" is not a date`);
  return [obs.ip, mac, obs.kind, boundValue(obs.value), port, boundValue(obs.source, 64), at];
}

/** ISO times compare as text only in one form: UTC with milliseconds, as toISOString writes. */
function isoTime(text: string): string | null {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function scanHolder(row: ScanRow): ScanHolder {
  return { id: row.id, pid: row.pid, hostname: row.hostname, startedAt: row.started_at, heartbeatAt: row.heartbeat_at };
}

function requireCurrentSchema(db: Database.Database, path: string, migrations: readonly Migration[]): void {
  const version = assertNotNewer(db, path, migrations);
  if (version < latestVersion(migrations)) {
    throw new RuntimeError(
      `inventory ${path} has schema version ${version}, older than this lanaudit's ${latestVersion(migrations)}: ` +
        'open it once for writing (e.g. lanaudit scan) to upgrade it',
    );
  }
}

function isErrnoException(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && 'code' in err && 'syscall' in err;
}
