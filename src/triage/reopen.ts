import type { StateChange } from '../changes/state-change.js';
import type { Inventory } from '../inventory/inventory.js';
import type { ScanRecord } from '../inventory/types.js';
import { SYSTEM_ACTOR } from './triage.js';

export interface Reopening {
  readonly deviceId: number;
  readonly ip: string;
  readonly from: 'removed' | 'waiver';
  readonly change: StateChange;
}

/**
 * Reopens decisions a scan proves stale, recording who (lanaudit) and why, with an event each:
 * a device marked removed that the scan saw after the decision (loudly: 'removed-reappeared'),
 * and a waiver past its end on a device the scan saw ('waiver-expired'). Runs inside the caller's
 * transaction, after change tracking.
 */
export function reopenStaleDecisions(inventory: Pick<Inventory, 'triage' | 'devices' | 'changes'>, scan: ScanRecord, seen: readonly number[], now: Date): Reopening[] {
  const at = now.toISOString();
  const eventAt = scan.finishedAt ?? at;
  const reopenings: Reopening[] = [];
  for (const [deviceId, decision] of inventory.triage.current(seen)) {
    const device = inventory.devices.get(deviceId);
    if (device === null) continue;
    let note: string;
    let from: Reopening['from'];
    if (decision.status === 'removed' && device.lastSeen > decision.at) {
      from = 'removed';
      note = `seen again at ${device.ip} in scan ${scan.id} after ${decision.by} marked it removed on ${decision.at}`;
    } else if (decision.status === 'waiver' && decision.until !== null && decision.until <= at) {
      from = 'waiver';
      note = `waiver by ${decision.by} ended ${decision.until}; seen in scan ${scan.id}`;
    } else {
      continue;
    }
    const record = inventory.triage.record(deviceId, { status: 'open', note, by: SYSTEM_ACTOR, at, until: null, scanId: scan.id });
    inventory.changes.addEvent({
      scanId: scan.id,
      deviceId,
      at: eventAt,
      type: from === 'removed' ? 'reappeared' : 'changed',
      field: 'triage',
      old: from,
      new: 'open',
    });
    reopenings.push({
      deviceId,
      ip: device.ip,
      from,
      change: { deviceId, reason: from === 'removed' ? 'removed-reappeared' : 'waiver-expired', stateVersion: `triage:${record.id}` },
    });
  }
  return reopenings;
}
