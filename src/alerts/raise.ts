import type { AlertReason, StateChange } from '../changes/state-change.js';
import type { Inventory } from '../inventory/inventory.js';
import { needsAction } from '../triage/triage.js';
import { alertMessage } from './message.js';
import type { Target } from './targets.js';

/** When one scan changes a device's state in several ways, the loudest reason speaks for it. */
const PRIORITY: readonly AlertReason[] = ['removed-reappeared', 'waiver-expired', 'reappeared', 'new', 'newly-flagged'];

/**
 * Records an alert, with a pending delivery per target, for each state change of a covered device
 * that still needs action (not acknowledged, under an unexpired waiver or a false positive); one per
 * device per scan, and never twice for the same state version. Returns the ids of new alerts.
 */
export function raiseAlerts(inventory: Inventory, changes: readonly StateChange[], scanId: number, targets: readonly Target[], now: Date): number[] {
  const byDevice = new Map<number, StateChange>();
  for (const change of changes) {
    const held = byDevice.get(change.deviceId);
    if (held === undefined || PRIORITY.indexOf(change.reason) < PRIORITY.indexOf(held.reason)) byDevice.set(change.deviceId, change);
  }
  const triage = inventory.triage.current(byDevice.keys());
  const ids: number[] = [];
  const time = now.toISOString();
  for (const change of byDevice.values()) {
    const device = inventory.getDevice(change.deviceId);
    if (device?.verdict?.status !== 'covered' || !needsAction(triage.get(change.deviceId), now)) continue;
    const message = JSON.stringify(alertMessage(device, change.reason, scanId, time));
    const id = inventory.alerts.create(
      { deviceId: change.deviceId, reason: change.reason, stateVersion: change.stateVersion, scanId, at: time, message },
      targets.map((t) => t.name),
    );
    if (id !== null) ids.push(id);
  }
  return ids;
}
