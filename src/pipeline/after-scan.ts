import { type AlertLog, deliverPending, type DeliveryOptions, type DeliveryReport } from '../alerts/deliver.js';
import { raiseAlerts } from '../alerts/raise.js';
import { alertTargets, type AlertTargets } from '../alerts/targets.js';
import { trackChanges, type MacRotation } from '../changes/track-changes.js';
import type { ChangeType } from '../inventory/change-store.js';
import type { Inventory } from '../inventory/inventory.js';
import { reopenStaleDecisions, type Reopening } from '../triage/reopen.js';

export interface AfterScanOptions {
  /** Where alerts go; none: alerts are still recorded (and show in `status`), nothing is sent. */
  readonly alerts?: AlertTargets | undefined;
  /** Completed scans covering a device's address that must miss it before it is gone (config tracking.goneAfterScans). */
  readonly goneAfterScans: number;
  /** src/util/log.ts Logger, or console. */
  readonly log: AlertLog;
  /** The scan's exclusions (Scope.excluded): stored, so later scans know it never looked there. */
  readonly excluded?: readonly string[];
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
  const scan = inventory.getScan(scanId);
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
      const result = trackChanges(inventory, scan, { goneAfterScans: options.goneAfterScans, excluded: options.excluded ?? [], now: at });
      reopened = reopenStaleDecisions(inventory, scan, result.seen, at);
      alerts = raiseAlerts(inventory, [...result.changes, ...reopened.map((r) => r.change)], scanId, targets, at);
      inventory.changes.markTracked(scanId, at.toISOString(), options.excluded ?? []);
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
  const delivery = await deliverPending(inventory, targets, options.log, { ...options.delivery, now });
  return { tracked, events, rotations, reopened, alerts, delivery };
}
