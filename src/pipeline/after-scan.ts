import { type AlertLog, deliverPending, type DeliveryOptions, type DeliveryReport } from '../alerts/deliver.js';
import { queueCatchUp, raiseAlerts } from '../alerts/raise.js';
import { alertTargets, formerTargetNames, type AlertTargets } from '../alerts/targets.js';
import { trackChanges, type MacRotation } from '../changes/track-changes.js';
import { DEFAULT_CATCH_UP_DAYS } from '../config/schema.js';
import type { ChangeType } from '../inventory/change-store.js';
import type { Inventory } from '../inventory/inventory.js';
import type { PruneReport, RetentionPolicy } from '../inventory/retention.js';
import { reopenStaleDecisions, type Reopening } from '../triage/reopen.js';

export interface AfterScanOptions {
  /** Where alerts go; none: alerts are still recorded (and show in `status`), nothing is sent. */
  readonly alerts?: AlertTargets | undefined;
  /** Completed scans covering a device's address that must miss it before it is gone (config tracking.goneAfterScans). */
  readonly goneAfterScans: number;
  /** src/util/log.ts Logger, or console. */
  readonly log: AlertLog;
  /** Applied after each complete scan (config retention); absent or empty: nothing is deleted. */
  readonly retention?: RetentionPolicy;
  readonly now?: () => Date;
  readonly delivery?: DeliveryOptions;
}

export interface AfterScanResult {
  /** False when the scan was not complete (nothing compared) or had been compared already. */
  readonly tracked: boolean;
  readonly events: Readonly<Record<ChangeType, number>>;
  readonly rotations: readonly MacRotation[];
  readonly reopened: readonly Reopening[];
  /** Ids of the alerts this scan raised. */
  readonly alerts: readonly number[];
  /** Earlier alerts queued for targets that were not configured when they were raised. */
  readonly caughtUp: number;
  /** What retention deleted; null when it did not run (scan not complete, or no policy). */
  readonly pruned: PruneReport | null;
  /** This phase's deliveries, including earlier scans' undelivered alerts. */
  readonly delivery: DeliveryReport;
}

const NO_EVENTS: Readonly<Record<ChangeType, number>> = { new: 0, gone: 0, changed: 0, reappeared: 0 };

/**
 * What follows a scan: change tracking (events), stale triage decisions reopened, alerts raised for
 * covered devices that need action, then delivery of every undelivered alert. Tracking runs once
 * per completed scan, in one transaction; an interrupted scan only gets earlier alerts retried
 * (it saw part of the network: no device may be called gone or changed on its word). Delivery
 * failures are logged and recorded, never thrown: they must not fail the scan.
 */
export async function afterScan(inventory: Inventory, scanId: number, options: AfterScanOptions): Promise<AfterScanResult> {
  const now = options.now ?? (() => new Date());
  const targets = alertTargets(options.alerts);
  inventory.alerts.renameTargets(formerTargetNames(targets));
  const scan = inventory.scans.get(scanId);
  if (scan === null) throw new Error(`bug: afterScan for unknown scan ${scanId}`);

  let tracked = false;
  let events = NO_EVENTS;
  let rotations: readonly MacRotation[] = [];
  let reopened: readonly Reopening[] = [];
  let alerts: readonly number[] = [];
  if (scan.status === 'complete' && !inventory.changes.isTracked(scanId)) {
    const at = now();
    inventory.changes.transaction(() => {
      // Checked again inside the transaction: another process may have compared it meanwhile.
      if (inventory.changes.isTracked(scanId)) return;
      const result = trackChanges(inventory, scan, { goneAfterScans: options.goneAfterScans, now: at });
      reopened = reopenStaleDecisions(inventory, scan, result.seen, at);
      alerts = raiseAlerts(inventory, [...result.changes, ...reopened.map((r) => r.change)], scanId, targets, at);
      inventory.changes.markTracked(scanId, at.toISOString());
      tracked = true;
      events = result.counts;
      rotations = result.rotations;
    });
  }
  if (tracked) {
    const e = events;
    options.log.info(
      `scan ${scanId} changes: ${e.new} new, ${e.gone} gone, ${e.changed} changed, ${e.reappeared} reappeared` +
        `${rotations.length ? `, ${rotations.length} randomized MAC rotation${rotations.length === 1 ? '' : 's'} linked` : ''}; ${alerts.length} alert${alerts.length === 1 ? '' : 's'}`,
    );
    for (const r of reopened) {
      const line = `device ${r.ip} (id ${r.deviceId}): ${r.from === 'removed' ? 'marked removed but seen again' : 'waiver ended'}; triage reopened`;
      if (r.from === 'removed') options.log.error(line);
      else options.log.warn(line);
    }
  } else if (scan.status !== 'complete') {
    options.log.info(`scan ${scanId} is ${scan.status}: changes are compared after complete scans only`);
  }
  // After tracking, which reads this scan's observations; pruning never touches what verdicts rest on.
  const policy = options.retention;
  let pruned: PruneReport | null = null;
  if (scan.status === 'complete' && policy !== undefined && (policy.keepScans !== undefined || policy.keepObservationsDays !== undefined)) {
    pruned = inventory.prune(policy);
    if (pruned.observations > 0 || pruned.scans > 0) {
      options.log.info(`retention: deleted ${pruned.observations} observation${pruned.observations === 1 ? '' : 's'} and ${pruned.scans} scan${pruned.scans === 1 ? '' : 's'}`);
    }
  }
  const caughtUp = queueCatchUp(inventory, targets, options.alerts?.catchUpDays ?? DEFAULT_CATCH_UP_DAYS, now());
  if (caughtUp > 0) options.log.info(`${caughtUp} earlier alert${caughtUp === 1 ? '' : 's'} queued for targets added since they were raised`);
  const delivery = await deliverPending(inventory.alerts, targets, options.log, { ...options.delivery, now });
  return { tracked, events, rotations, reopened, alerts, caughtUp, pruned, delivery };
}
