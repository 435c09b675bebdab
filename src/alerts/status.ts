import type { AlertStore, TargetDeliveryState } from '../inventory/alert-store.js';
import { alertTargets, type AlertTargets, formerTargetNames, shownTargetName } from './targets.js';

/**
 * Delivery state per alert target, for `lanaudit status`: last success, the last failure still
 * unresolved, and how many deliveries are pending, failed (retried after the next scan) or abandoned.
 * Configured targets that never had an alert are listed with zero counts. Names hold no secrets.
 */
export function alertStatus(alerts: AlertStore, config?: AlertTargets): TargetDeliveryState[] {
  const targets = alertTargets(config);
  // Shown under today's names before the next scan renames them in the inventory.
  const renamed = new Map(formerTargetNames(targets));
  const known = alerts.status().map((t) => ({ ...t, target: renamed.get(t.target) ?? shownTargetName(t.target) }));
  const names = new Set(known.map((t) => t.target));
  const idle = targets
    .filter((t) => !names.has(t.name))
    .map((t): TargetDeliveryState => ({ target: t.name, lastSuccess: null, lastFailure: null, pending: 0, failed: 0, abandoned: 0, delivered: 0 }));
  return [...known, ...idle];
}
