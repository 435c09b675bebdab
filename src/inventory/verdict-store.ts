import type Database from 'better-sqlite3';
import type { Verdict } from '../identify/verdict.js';
import type { Statements } from './statements.js';
import type { VerdictRecord } from './types.js';
import { sameVerdict, verdictColumns, verdictFromRow } from './verdict-row.js';

/** Each device's verdict history; a new verdict is stored only when it differs from the current one. */
export class VerdictStore {
  constructor(
    private readonly db: Database.Database,
    private readonly sql: Statements,
    private readonly now: () => Date,
  ) {}

  /** Makes `verdict` the device's current one. Returns false, writing nothing, when it equals the current one. */
  save(deviceId: number, scanId: number | null, verdict: Verdict): boolean {
    return this.db.transaction(() => this.store(deviceId, scanId, verdict))();
  }

  /**
   * save for many devices in one transaction: a whole scan's verdicts cost one commit instead of
   * one each. Returns the ids of the devices whose verdict changed.
   */
  saveAll(scanId: number | null, verdicts: Iterable<readonly [deviceId: number, verdict: Verdict]>): number[] {
    return this.db.transaction(() => {
      const changed: number[] = [];
      for (const [deviceId, verdict] of verdicts) {
        if (this.store(deviceId, scanId, verdict)) changed.push(deviceId);
      }
      return changed;
    })();
  }

  /** The device's verdicts, oldest first; the last is current. */
  history(deviceId: number): VerdictRecord[] {
    return this.sql.verdictHistory.all(deviceId).map((row) => ({
      id: row.id,
      deviceId: row.device_id,
      scanId: row.scan_id,
      at: row.at,
      verdict: verdictFromRow(row),
    }));
  }

  /** Runs inside the caller's transaction. */
  private store(deviceId: number, scanId: number | null, verdict: Verdict): boolean {
    const sql = this.sql;
    const device = sql.deviceVerdictId.get(deviceId);
    if (device === undefined) throw new Error(`bug: saveVerdict for unknown device ${deviceId}`);
    const current = device.verdict_id === null ? undefined : sql.verdict.get(device.verdict_id);
    if (current !== undefined && sameVerdict(current, verdict)) return false;
    const id = Number(sql.insertVerdict.run(deviceId, scanId, this.now().toISOString(), ...verdictColumns(verdict)).lastInsertRowid);
    sql.setCurrentVerdict.run(id, verdict.status, verdict.covered, verdict.manufacturer, verdict.manufacturerName, verdict.brand, deviceId);
    return true;
  }
}
