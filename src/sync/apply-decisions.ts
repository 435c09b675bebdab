import type { Inventory } from '../inventory/inventory.js';
import type { CentralDecision } from './protocol.js';
import { isoTime } from './rows.js';

export interface AppliedDecisions {
  readonly applied: number;
  /** Decisions for a device this site no longer has, kept in sync_skipped_decisions: one line each. */
  readonly skipped: readonly string[];
}

/**
 * Records central decisions in the site's triage as they were made (who, when, note, waiver end),
 * each once (by uid), and moves the mark of decisions applied past them, in one transaction.
 */
export function applyDecisions(inventory: Pick<Inventory, 'sync' | 'triage'>, decisions: readonly CentralDecision[], now: Date): AppliedDecisions {
  const sync = inventory.sync;
  return sync.transaction(() => {
    const after = sync.state().decisionsAfter;
    let applied = 0;
    const skipped: string[] = [];
    let through = after;
    for (const d of [...decisions].sort((a, b) => a.id - b.id)) {
      if (d.id <= after) continue;
      through = d.id;
      if (!sync.deviceExists(d.deviceId)) {
        const line = `central decision ${d.uid} (${d.status} by ${d.by} at ${d.at}) is for device ${d.deviceId}, which this site no longer has`;
        sync.skipDecision(d.uid, JSON.stringify(d), line, now.toISOString());
        skipped.push(line);
        continue;
      }
      const at = isoTime(d.at, `central decision ${d.uid}`);
      const until = d.until === null ? null : isoTime(d.until, `central decision ${d.uid}`);
      if (inventory.triage.recordCentral({ uid: d.uid, deviceId: d.deviceId, status: d.status, note: d.note, by: d.by, at, until })) applied += 1;
    }
    sync.decisionsApplied(through);
    return { applied, skipped };
  });
}
