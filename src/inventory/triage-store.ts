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

export interface TriageRecord extends TriageDecision {
  readonly id: number;
  readonly deviceId: number;
}

interface TriageRow {
  readonly id: number;
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
    insert: db.prepare<[number, string, string | null, string, string, string | null, number | null]>(
      'INSERT INTO triage (device_id, status, note, by, at, until, scan_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    history: db.prepare<[number], TriageRow>('SELECT * FROM triage WHERE device_id = ? ORDER BY id'),
    current: db.prepare<[], TriageRow>('SELECT * FROM triage WHERE id IN (SELECT MAX(id) FROM triage GROUP BY device_id)'),
  };
}

/** Triage decisions per device, history kept; the newest is in force. Reached as inventory.triage. */
export class TriageStore {
  private readonly sql: ReturnType<typeof prepare>;

  constructor(db: Database.Database) {
    this.sql = prepare(db);
  }

  record(deviceId: number, decision: TriageDecision): TriageRecord {
    const result = this.sql.insert.run(
      deviceId,
      decision.status,
      decision.note,
      decision.by,
      decision.at,
      decision.until,
      decision.scanId,
    );
    return { id: Number(result.lastInsertRowid), deviceId, ...decision };
  }

  /** The device's decisions, oldest first. */
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
  return {
    id: row.id,
    deviceId: row.device_id,
    status: row.status,
    note: row.note,
    by: row.by,
    at: row.at,
    until: row.until,
    scanId: row.scan_id,
  };
}
