import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { RuntimeError } from '../util/errors.js';

/** 'open' needs action; lanaudit records it itself when a waiver ends or a removed device is seen again. */
export const TRIAGE_STATUSES = ['open', 'acknowledged', 'waiver', 'false-positive', 'removed'] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

export function isTriageStatus(text: string): text is TriageStatus {
  return (TRIAGE_STATUSES as readonly string[]).includes(text);
}

export interface TriageDecision {
  readonly status: TriageStatus;
  readonly note: string | null;
  readonly by: string;
  readonly at: string;
  /** A waiver's end (ISO time); null otherwise or when open-ended. */
  readonly until: string | null;
  /** The scan that made lanaudit record it (reopenings), else null. */
  readonly scanId: number | null;
}

/** The decision in force for a device, as reports and `devices` show it. */
export type TriageEntry = Pick<TriageDecision, 'status' | 'note' | 'by' | 'at' | 'until'>;

/** Where a decision was made: on this site, or centrally (fleet server) and received here. */
export type TriageOrigin = 'site' | 'central';

export interface TriageRecord extends TriageDecision {
  readonly id: number;
  /** 32 lowercase hex digits, the decision's identity everywhere (site and fleet server). */
  readonly uid: string;
  readonly origin: TriageOrigin;
  readonly deviceId: number;
}

/** A decision made centrally, as the fleet server delivers it. */
export interface CentralDecision extends Omit<TriageDecision, 'scanId'> {
  readonly uid: string;
  readonly deviceId: number;
}

/** A triage row as SQLite returns it. */
export interface TriageRow {
  readonly id: number;
  readonly uid: string;
  readonly origin: string;
  readonly device_id: number;
  readonly status: string;
  readonly note: string | null;
  readonly by: string;
  readonly at: string;
  readonly until: string | null;
  readonly scan_id: number | null;
}

function prepare(db: Database.Database) {
  return {
    insert: db.prepare<[string, number, string, string | null, string, string, string | null, number | null, TriageOrigin]>(
      'INSERT INTO triage (uid, device_id, status, note, by, at, until, scan_id, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING',
    ),
    // In force: the latest by time, then uid (not the latest row: a central decision made earlier may arrive later).
    history: db.prepare<[number], TriageRow>('SELECT * FROM triage WHERE device_id = ? ORDER BY at, uid'),
    latestHere: db.prepare<[number], string | null>(`SELECT max(at) FROM triage WHERE device_id = ? AND origin = 'site'`).pluck(true),
    current: db.prepare<[], TriageRow>(
      `SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY device_id ORDER BY at DESC, uid DESC) AS n FROM triage) WHERE n = 1`,
    ),
  };
}

/** Triage decisions per device, history kept; the latest by time, then uid, is in force. Reached as inventory.triage. */
export class TriageStore {
  private readonly sql: ReturnType<typeof prepare>;

  constructor(db: Database.Database) {
    this.sql = prepare(db);
  }

  /**
   * Records a decision made here, with a new random uid. One not later than the device's latest
   * decision made here (the same millisecond, or the clock stepped back) is dated a millisecond
   * after it: the later of two decisions made here is the one in force, never the random uid's pick.
   */
  record(deviceId: number, decision: TriageDecision): TriageRecord {
    const uid = randomBytes(16).toString('hex');
    const latest = this.sql.latestHere.get(deviceId) ?? null;
    const at = latest !== null && latest >= decision.at ? new Date(Date.parse(latest) + 1).toISOString() : decision.at;
    const result = this.sql.insert.run(uid, deviceId, decision.status, decision.note, decision.by, at, decision.until, decision.scanId, 'site');
    return { id: Number(result.lastInsertRowid), uid, origin: 'site', deviceId, ...decision, at };
  }

  /** Records a decision made centrally as it was made (who, when, note, end); false when its uid is here already. */
  recordCentral(decision: CentralDecision): boolean {
    const { uid, deviceId, status, note, by, at, until } = decision;
    return this.sql.insert.run(uid, deviceId, status, note, by, at, until, null, 'central').changes === 1;
  }

  /** The device's decisions, oldest first (by time, then uid): the last is in force. */
  history(deviceId: number): TriageRecord[] {
    return this.sql.history.all(deviceId).map(triageRecord);
  }

  /** The decision in force per device (devices never triaged are absent). */
  current(deviceIds?: Iterable<number>): Map<number, TriageRecord> {
    // Decisions are made by people: few enough to read whole, rather than one query per device.
    const wanted = deviceIds === undefined ? null : new Set(deviceIds);
    const result = new Map<number, TriageRecord>();
    for (const row of this.sql.current.all()) if (wanted === null || wanted.has(row.device_id)) result.set(row.device_id, triageRecord(row));
    return result;
  }
}

function triageRecord(row: TriageRow): TriageRecord {
  if (!isTriageStatus(row.status)) throw new RuntimeError(`inventory triage decision ${row.id} is damaged (status "${row.status}")`);
  if (row.origin !== 'site' && row.origin !== 'central') throw new RuntimeError(`inventory triage decision ${row.id} is damaged (origin "${row.origin}")`);
  return {
    id: row.id,
    uid: row.uid,
    origin: row.origin,
    deviceId: row.device_id,
    status: row.status,
    note: row.note,
    by: row.by,
    at: row.at,
    until: row.until,
    scanId: row.scan_id,
  };
}
