import type Database from 'better-sqlite3';
import { LABEL_KINDS, type LabelFact } from './device-labels.js';
import type { ScanRow } from './statements.js';
import type { TriageRow } from './triage-store.js';
import type { VerdictRow } from './verdict-row.js';

/** What has been put into batches and where the server stands (sync_state, migration 8). */
export interface SyncState {
  /** The highest seq written to the outbox. */
  readonly builtSeq: number;
  /** The highest seq the server acknowledged. */
  readonly ackedSeq: number;
  /** The highest central decision id applied here. */
  readonly decisionsAfter: number;
  readonly scanMark: number;
  readonly verdictMark: number;
  readonly eventMark: number;
  readonly triageMark: number;
  /** Complete scans up to this id have had their sightings batched. */
  readonly seenMark: number;
  /** Device merges up to this id have been batched. */
  readonly mergeMark: number;
  readonly lastPushAt: string | null;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
}

export type SyncMarks = Pick<SyncState, 'builtSeq' | 'scanMark' | 'verdictMark' | 'eventMark' | 'triageMark' | 'seenMark' | 'mergeMark'>;

export interface OutboxEntry {
  readonly seq: number;
  readonly body: Buffer;
  readonly sha256: string;
  readonly rows: number;
  readonly attempts: number;
}

export interface OutboxSummary {
  readonly batches: number;
  readonly bytes: number;
  readonly rows: number;
  readonly firstSeq: number | null;
  readonly lastError: string | null;
}

/** A device with its current verdict's columns, as the sync builder reads it. */
export interface SyncDeviceRow {
  readonly id: number;
  readonly mac: string | null;
  readonly ip: string;
  readonly first_seen: string;
  readonly verdict_id: number | null;
  readonly status: string | null;
  readonly covered: string | null;
  readonly manufacturer: string | null;
  readonly manufacturer_name: string | null;
  readonly brand: string | null;
  readonly model: string | null;
  readonly serial: string | null;
  readonly firmware: string | null;
}

export interface SyncHistoryRow {
  readonly device_id: number;
  readonly value: string;
  readonly first_seen: string;
  readonly last_seen: string;
}

export interface SyncEventRow {
  readonly id: number;
  readonly scan_id: number | null;
  readonly device_id: number;
  readonly at: string;
  readonly type: string;
  readonly field: string | null;
  readonly old: string | null;
  readonly new: string | null;
}

export type SyncTriageRow = Omit<TriageRow, 'origin' | 'scan_id'>;

/** A device folded into another by change tracking (ChangeStore.mergeDevice). */
export interface SyncMergeRow {
  readonly id: number;
  readonly from_id: number;
  readonly into_id: number;
  readonly at: string;
}

interface StateRow {
  built_seq: number;
  acked_seq: number;
  decisions_after: number;
  scan_mark: number;
  verdict_mark: number;
  event_mark: number;
  triage_mark: number;
  seen_mark: number;
  merge_mark: number;
  last_push_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
}

type LabelRow = [deviceId: number, kind: LabelFact['kind'], source: string, value: string, at: string, scanId: number | null];

function prepare(db: Database.Database) {
  const ids = 'SELECT value FROM json_each(?)';
  return {
    state: db.prepare<[], StateRow>('SELECT * FROM sync_state WHERE id = 1'),
    setMarks: db.prepare<[SyncMarks]>(
      `UPDATE sync_state SET built_seq = @builtSeq, scan_mark = @scanMark, verdict_mark = @verdictMark,
         event_mark = @eventMark, triage_mark = @triageMark, seen_mark = @seenMark,
         merge_mark = @mergeMark WHERE id = 1`,
    ),
    setAcked: db.prepare<[number]>('UPDATE sync_state SET acked_seq = ? WHERE id = 1'),
    setDecisionsAfter: db.prepare<[number]>('UPDATE sync_state SET decisions_after = max(decisions_after, ?) WHERE id = 1'),
    pushed: db.prepare<[string]>('UPDATE sync_state SET last_push_at = ?, last_error = NULL, last_error_at = NULL WHERE id = 1'),
    failed: db.prepare<[string, string]>('UPDATE sync_state SET last_error = ?, last_error_at = ? WHERE id = 1'),

    // Finished scans after the mark, stopping before a running one: scans finish in id order (one at a time).
    finishedScans: db.prepare<[number, number], ScanRow>(
      `SELECT * FROM scans WHERE id > ? AND status <> 'running'
         AND id < ifnull((SELECT min(id) FROM scans WHERE status = 'running'), 9223372036854775807)
       ORDER BY id LIMIT ?`,
    ),
    completeScans: db.prepare<[number, number], { id: number; finished_at: string }>(
      `SELECT id, finished_at FROM scans WHERE id > ? AND id <= ? AND status = 'complete' AND finished_at IS NOT NULL ORDER BY id`,
    ),
    scanDeviceIds: db.prepare<[number], number>('SELECT device_id FROM device_scans WHERE scan_id = ? ORDER BY device_id').pluck(true),
    devicesAfter: db.prepare<[number, number], SyncDeviceRow>(
      `SELECT d.id, d.mac, d.ip, d.first_seen, d.verdict_id, v.status, v.covered, v.manufacturer, v.manufacturer_name,
              v.brand, v.model, v.serial, v.firmware
       FROM devices d LEFT JOIN verdicts v ON v.id = d.verdict_id WHERE d.id > ? ORDER BY d.id LIMIT ?`,
    ),
    labelFacts: db.prepare<[string], LabelRow>(
      `SELECT device_id, kind, source, value, last_seen, last_scan FROM facts
       WHERE device_id IN (${ids}) AND kind IN (${LABEL_KINDS.map((k) => `'${k}'`).join(', ')})`,
    ).raw(true),
    hashes: db.prepare<[string], { device_id: number; hash: string }>(`SELECT device_id, hash FROM sync_devices WHERE device_id IN (${ids})`),
    setHash: db.prepare<[number, string]>('INSERT INTO sync_devices (device_id, hash) VALUES (?, ?) ON CONFLICT (device_id) DO UPDATE SET hash = excluded.hash'),
    addresses: db.prepare<[number], SyncHistoryRow>('SELECT device_id, ip AS value, first_seen, last_seen FROM device_ips WHERE device_id = ? ORDER BY ip'),
    macs: db.prepare<[number], SyncHistoryRow>('SELECT device_id, mac AS value, first_seen, last_seen FROM device_macs WHERE device_id = ? ORDER BY mac'),
    verdictsAfter: db.prepare<[number, number], VerdictRow>('SELECT * FROM verdicts WHERE id > ? ORDER BY id LIMIT ?'),
    eventsAfter: db.prepare<[number, number], SyncEventRow>('SELECT id, scan_id, device_id, at, type, field, old, new FROM events WHERE id > ? ORDER BY id LIMIT ?'),
    siteTriageAfter: db.prepare<[number, number], SyncTriageRow>(
      `SELECT id, uid, device_id, status, note, by, at, until FROM triage WHERE id > ? AND origin = 'site' ORDER BY id LIMIT ?`,
    ),
    mergesAfter: db.prepare<[number, number], SyncMergeRow>('SELECT id, from_id, into_id, at FROM device_merges WHERE id > ? ORDER BY id LIMIT ?'),
    lastMergeId: db.prepare<[], number | null>('SELECT max(id) FROM device_merges').pluck(true),
    maxTriageId: db.prepare<[], number | null>('SELECT max(id) FROM triage').pluck(true),

    insertOutbox: db.prepare<[number, Buffer, string, number, string]>('INSERT INTO sync_outbox (seq, body, sha256, rows, created_at) VALUES (?, ?, ?, ?, ?)'),
    nextOutbox: db.prepare<[number], OutboxEntry>('SELECT seq, body, sha256, rows, attempts FROM sync_outbox WHERE seq >= ? ORDER BY seq LIMIT 1'),
    attempted: db.prepare<[string | null, string, number]>('UPDATE sync_outbox SET attempts = attempts + 1, last_error = ?, last_attempt_at = ? WHERE seq = ?'),
    deleteThrough: db.prepare<[number]>('DELETE FROM sync_outbox WHERE seq <= ?'),
    summary: db.prepare<[], { batches: number; bytes: number | null; rows: number | null; first: number | null }>(
      'SELECT count(*) AS batches, sum(length(body)) AS bytes, sum(rows) AS rows, min(seq) AS first FROM sync_outbox',
    ),
    lastBatchError: db.prepare<[], string | null>('SELECT last_error FROM sync_outbox WHERE last_error IS NOT NULL ORDER BY seq LIMIT 1').pluck(true),

    clearOutbox: db.prepare('DELETE FROM sync_outbox'),
    clearDevices: db.prepare('DELETE FROM sync_devices'),
    mergesBatched: db.prepare<[number, number, number]>('UPDATE device_merges SET batch_seq = ? WHERE id > ? AND id <= ?'),
    // Merges go out again after the last one a batch the server holds carried (merges are batched in
    // id order): the server lacks the others' effect. Those it holds stay sent: resent, a merge would
    // fold the device that took the merged id since.
    restart: db.prepare<[{ acked: number }]>(
      `UPDATE sync_state SET built_seq = @acked, acked_seq = @acked, scan_mark = 0, verdict_mark = 0, event_mark = 0, triage_mark = 0, seen_mark = 0,
         merge_mark = min(merge_mark, ifnull((SELECT max(id) FROM device_merges WHERE batch_seq <= @acked), 0)) WHERE id = 1`,
    ),
    deviceExists: db.prepare<[number], number>('SELECT 1 FROM devices WHERE id = ?').pluck(true),
    skipDecision: db.prepare<[string, string, string, string]>('INSERT OR IGNORE INTO sync_skipped_decisions (uid, decision, reason, at) VALUES (?, ?, ?, ?)'),
    skippedCount: db.prepare<[], number>('SELECT count(*) FROM sync_skipped_decisions').pluck(true),
  };
}

/**
 * The fleet sync's tables (migration 8) and the reads that batches are built from, for src/sync.
 * Reached as inventory.sync.
 */
export class SyncStore {
  private readonly sql: ReturnType<typeof prepare>;

  constructor(private readonly db: Database.Database) {
    this.sql = prepare(db);
  }

  /** IMMEDIATE: the write lock first, so what is read inside is what the writes rest on. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  state(): SyncState {
    const row = this.sql.state.get();
    if (row === undefined) throw new Error('bug: sync_state has no row (migration 8 inserts it)');
    return {
      builtSeq: row.built_seq,
      ackedSeq: row.acked_seq,
      decisionsAfter: row.decisions_after,
      scanMark: row.scan_mark,
      verdictMark: row.verdict_mark,
      eventMark: row.event_mark,
      triageMark: row.triage_mark,
      seenMark: row.seen_mark,
      mergeMark: row.merge_mark,
      lastPushAt: row.last_push_at,
      lastError: row.last_error,
      lastErrorAt: row.last_error_at,
    };
  }

  finishedScansAfter(mark: number, limit: number): ScanRow[] {
    return this.sql.finishedScans.all(mark, limit);
  }

  /** Complete scans with ids in (after, upTo], with when they finished. */
  completeScans(after: number, upTo: number): { id: number; finished_at: string }[] {
    return this.sql.completeScans.all(after, upTo);
  }

  /** The ids of the devices a scan saw, ascending. */
  scanDeviceIds(scanId: number): number[] {
    return this.sql.scanDeviceIds.all(scanId);
  }

  /** Devices with id above `after`, by id, with their current verdict's columns. */
  devicesAfter(after: number, limit: number): SyncDeviceRow[] {
    return this.sql.devicesAfter.all(after, limit);
  }

  /** The facts names and locations are chosen from (device-labels.ts), for these devices. */
  labelFacts(deviceIds: readonly number[]): Map<number, LabelFact[]> {
    const facts = new Map<number, LabelFact[]>();
    for (const [deviceId, kind, source, value, at, scanId] of this.sql.labelFacts.all(JSON.stringify(deviceIds))) {
      let list = facts.get(deviceId);
      if (list === undefined) facts.set(deviceId, (list = []));
      list.push({ kind, source, value, at, scanId });
    }
    return facts;
  }

  /** The hash each of these devices' rows had when last batched. */
  deviceHashes(deviceIds: readonly number[]): Map<number, string> {
    return new Map(this.sql.hashes.all(JSON.stringify(deviceIds)).map((r) => [r.device_id, r.hash]));
  }

  setDeviceHash(deviceId: number, hash: string): void {
    this.sql.setHash.run(deviceId, hash);
  }

  addresses(deviceId: number): SyncHistoryRow[] {
    return this.sql.addresses.all(deviceId);
  }

  macs(deviceId: number): SyncHistoryRow[] {
    return this.sql.macs.all(deviceId);
  }

  verdictsAfter(mark: number, limit: number): VerdictRow[] {
    return this.sql.verdictsAfter.all(mark, limit);
  }

  eventsAfter(mark: number, limit: number): SyncEventRow[] {
    return this.sql.eventsAfter.all(mark, limit);
  }

  /** Decisions made here (not those received from the fleet server) after the mark. */
  siteTriageAfter(mark: number, limit: number): SyncTriageRow[] {
    return this.sql.siteTriageAfter.all(mark, limit);
  }

  /** Device merges after the mark, oldest first. */
  mergesAfter(mark: number, limit: number): SyncMergeRow[] {
    return this.sql.mergesAfter.all(mark, limit);
  }

  /** The id of the latest device merge (0: none). */
  lastMergeId(): number {
    return this.sql.lastMergeId.get() ?? 0;
  }

  maxTriageId(): number {
    return this.sql.maxTriageId.get() ?? 0;
  }

  /** A batch's bytes into the outbox, under the caller's transaction with the marks it advances. */
  addBatch(seq: number, body: Buffer, sha256: string, rows: number, createdAt: string): void {
    this.sql.insertOutbox.run(seq, body, sha256, rows, createdAt);
  }

  setMarks(marks: SyncMarks): void {
    this.sql.setMarks.run(marks);
  }

  /** The merges with ids in (after, through] went out in batch `seq`: restart() resends them when the server lacks it. */
  mergesBatched(after: number, through: number, seq: number): void {
    this.sql.mergesBatched.run(seq, after, through);
  }

  /** The outbox entry with the lowest seq at or above `seq`. */
  nextBatch(seq: number): OutboxEntry | null {
    return this.sql.nextOutbox.get(seq) ?? null;
  }

  noteAttempt(seq: number, error: string | null, at: string): void {
    this.sql.attempted.run(error, at, seq);
  }

  /** The server holds every batch up to `seq`: they leave the outbox. */
  acknowledge(seq: number): void {
    this.transaction(() => {
      this.sql.deleteThrough.run(seq);
      this.sql.setAcked.run(seq);
    });
  }

  /**
   * Forgets what has been batched and what the outbox holds, so the next build carries the whole
   * inventory again, numbered after `serverAcked` (the server's position): for a server that lost
   * this site's batches, or a new server. The device merges of batches after `serverAcked` go out
   * again, first. Central decisions applied stay applied.
   */
  restart(serverAcked: number): void {
    this.transaction(() => {
      this.sql.clearOutbox.run();
      this.sql.clearDevices.run();
      this.sql.restart.run({ acked: serverAcked });
    });
  }

  outboxSummary(): OutboxSummary {
    const row = this.sql.summary.get();
    return {
      batches: row?.batches ?? 0,
      bytes: row?.bytes ?? 0,
      rows: row?.rows ?? 0,
      firstSeq: row?.first ?? null,
      lastError: this.sql.lastBatchError.get() ?? null,
    };
  }

  decisionsApplied(through: number): void {
    this.sql.setDecisionsAfter.run(through);
  }

  deviceExists(deviceId: number): boolean {
    return this.sql.deviceExists.get(deviceId) !== undefined;
  }

  /** A central decision that cannot apply here, kept whole with the reason. */
  skipDecision(uid: string, decision: string, reason: string, at: string): void {
    this.sql.skipDecision.run(uid, decision, reason, at);
  }

  skippedDecisions(): number {
    return this.sql.skippedCount.get() ?? 0;
  }

  /** A successful exchange with the server clears the last error. */
  recordSuccess(at: string): void {
    this.sql.pushed.run(at);
  }

  recordFailure(error: string, at: string): void {
    this.sql.failed.run(error, at);
  }
}
