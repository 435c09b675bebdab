import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { RuntimeError } from '../util/errors.js';
import { AlertStore } from './alert-store.js';
import { ChangeStore } from './change-store.js';
import { DeviceListing } from './device-listing.js';
import { DeviceQueries } from './device-queries.js';
import { assertNotNewer, latestVersion, migrate, MIGRATIONS, type Migration } from './migrations.js';
import { ObservationLog } from './observation-log.js';
import { openDatabaseFile } from './open-database.js';
import { DEFAULT_STALE_AFTER_MS } from './recovery.js';
import { pruneInventory, type PruneReport, type RetentionPolicy } from './retention.js';
import { ScanLock } from './scan-lock.js';
import { prepareStatements } from './statements.js';
import { SyncStore } from './sync-store.js';
import { TriageStore } from './triage-store.js';
import { VerdictStore } from './verdict-store.js';

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

/** Waits this long for another lanaudit process's write lock before failing. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The local SQLite inventory, opened (and migrated) once and handed out in parts, one per concern;
 * each caller takes the part it uses. The only code that touches SQLite is under src/inventory.
 * One instance per connection; not shared across threads.
 */
export class Inventory {
  /** The scans table: begin, heartbeat and finish under the scan lock, recovery, listing. */
  readonly scans: ScanLock;
  /** A scan's raw observations, their resolution to devices and folding into facts. */
  readonly observations: ObservationLog;
  /** Devices by id, MAC or address, listings, and the facts stored about each (one row per fact). */
  readonly devices: DeviceQueries;
  /** Device counts and the report order (read a row at a time). */
  readonly listing: DeviceListing;
  /** Each device's verdict history. */
  readonly verdicts: VerdictStore;
  /** Change tracking: compared device state, change events, MAC history, tracked scans. */
  readonly changes: ChangeStore;
  /** Triage decisions and their history. */
  readonly triage: TriageStore;
  /** Alerts and their delivery to each target. */
  readonly alerts: AlertStore;
  /** The fleet sync's outbox and what has been put into it (src/sync). */
  readonly sync: SyncStore;

  private constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
    readonly path: string,
    staleAfterMs: number,
    private readonly readonly: boolean,
  ) {
    const sql = prepareStatements(db);
    this.scans = new ScanLock(db, sql, now, path, staleAfterMs);
    this.observations = new ObservationLog(db, sql, this.scans, now);
    this.changes = new ChangeStore(db);
    this.devices = new DeviceQueries(sql, (mac) => this.changes.deviceIdByPastMac(mac));
    this.listing = new DeviceListing(db);
    this.verdicts = new VerdictStore(db, sql, now);
    this.triage = new TriageStore(db);
    this.alerts = new AlertStore(db);
    this.sync = new SyncStore(db);
  }

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
      const inventory = new Inventory(db, now, path, options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS, readonly);
      if (!readonly) {
        inventory.scans.recoverInterrupted();
        inventory.observations.expandStale();
      }
      return inventory;
    } catch (err) {
      db?.close();
      if (err instanceof Database.SqliteError || isErrnoException(err)) {
        throw new RuntimeError(`cannot open inventory ${path}: ${err.message}`, { cause: err });
      }
      throw err;
    }
  }

  close(): void {
    if (!this.db.open) return;
    try {
      // A scan of this process that ended unresolved leaves its observations as rows; failing that, the next open does.
      if (!this.readonly) this.observations.expandStale(true);
    } catch {
      // Left staged: expanded when the inventory is next opened for writing.
    } finally {
      this.db.close();
    }
  }

  /**
   * Deletes old sightings, unresolved observations and scans as the policy allows, never a fact
   * (what verdicts rest on) nor anything of a running scan: see retention.ts. With dryRun, counts
   * only (works on a read-only inventory).
   */
  prune(policy: RetentionPolicy, options: { readonly dryRun?: boolean } = {}): PruneReport {
    const expand = this.readonly ? undefined : () => void this.observations.expandStale();
    return pruneInventory(this.db, policy, this.now(), options.dryRun ?? false, expand);
  }
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
