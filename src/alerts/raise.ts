import type { AlertReason, StateChange } from '../changes/state-change.js';
import type { Inventory } from '../inventory/inventory.js';
import type { DeviceRecord } from '../inventory/types.js';
import type { TriageEntry } from '../inventory/triage-store.js';
import { needsAction } from '../triage/triage.js';
import { alertMessage } from './message.js';
import type { Target } from './targets.js';

/** What raising alerts reads and writes: alerts, the triage in force, and the device each is about. */
export type AlertInputs = Pick<Inventory, 'alerts' | 'triage' | 'devices'>;

/** When one scan changes a device's state in several ways, the loudest reason speaks for it. */
const PRIORITY: readonly AlertReason[] = ['removed-reappeared', 'waiver-expired', 'reappeared', 'new', 'newly-flagged'];

/**
 * Records an alert, with a pending delivery per target, for each state change of a covered device
 * that still needs action (not acknowledged, under an unexpired waiver or a false positive); one per
 * device per scan, and never twice for the same state version. Returns the ids of new alerts.
 */
export function raiseAlerts(inventory: AlertInputs, changes: readonly StateChange[], scanId: number, targets: readonly Target[], now: Date): number[] {
  const byDevice = new Map<number, StateChange>();
  for (const change of changes) {
    const held = byDevice.get(change.deviceId);
    if (held === undefined || PRIORITY.indexOf(change.reason) < PRIORITY.indexOf(held.reason)) byDevice.set(change.deviceId, change);
  }
  const triage = inventory.triage.current(byDevice.keys());
  const ids: number[] = [];
  const time = now.toISOString();
  for (const change of byDevice.values()) {
    const device = inventory.devices.get(change.deviceId);
    if (device === null || !stillOpen(device, triage.get(change.deviceId), now)) continue;
    const message = JSON.stringify(alertMessage(device, change.reason, scanId, time));
    const id = inventory.alerts.create(
      { deviceId: change.deviceId, reason: change.reason, stateVersion: change.stateVersion, scanId, at: time, message },
      targets.map((t) => t.name),
    );
    if (id !== null) ids.push(id);
  }
  return ids;
}

/**
 * Queues, for each target, the alerts raised while it was not configured (with no target at all, or
 * before it was added): those raised less than `days` ago whose device is still covered and still
 * needs action. Older ones, and ones since triaged, are not sent. Returns how many were queued.
 */
export function queueCatchUp(inventory: AlertInputs, targets: readonly Target[], days: number, now: Date): number {
  if (days <= 0 || targets.length === 0) return 0;
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  const missing = inventory.alerts.missingDeliveries(
    targets.map((t) => t.name),
    since,
  );
  if (missing.length === 0) return 0;
  const triage = inventory.triage.current(missing.map((m) => m.deviceId));
  let queued = 0;
  for (const m of missing) {
    const device = inventory.devices.get(m.deviceId);
    if (device === null || !stillOpen(device, triage.get(m.deviceId), now)) continue;
    inventory.alerts.addDelivery(m.alertId, m.target);
    queued++;
  }
  return queued;
}

/** Alerts are about covered devices with no standing triage decision. */
function stillOpen(device: DeviceRecord, triage: Pick<TriageEntry, 'status' | 'until'> | undefined, now: Date): boolean {
  return device.verdict?.status === 'covered' && needsAction(triage, now);
}
