import type { Config } from '../config/schema.js';
import type { Inventory } from '../inventory/inventory.js';
import type { AfterScanResult } from '../pipeline/after-scan.js';
import type { Logger } from '../util/log.js';

/**
 * After a scan: change tracking, triage reopening, retention and alerts (src/pipeline/after-scan.ts),
 * then, when the site belongs to a fleet (config fleet:), the push of what changed (src/sync).
 * Loaded on first use so a scan never pays for the alert machinery's imports before it has finished.
 * Never throws: the scan is stored already, and a failing follow-up must not fail it (null then).
 */
export async function followUpScan(inventory: Inventory, scanId: number, config: Config, log: Logger): Promise<AfterScanResult | null> {
  let result: AfterScanResult | null = null;
  try {
    const { afterScan } = await import('../pipeline/after-scan.js');
    result = await afterScan(inventory, scanId, {
      // fleet.alerts central: the fleet server sends this site's alerts; they are still recorded here.
      alerts: config.fleet?.alerts === 'central' ? undefined : config.alerts,
      goneAfterScans: config.tracking.goneAfterScans,
      retention: config.retention,
      log,
    });
  } catch (err) {
    log.error(`scan ${scanId}: change tracking and alerts failed`, { err: err instanceof Error ? err.message : String(err) });
  }
  if (config.fleet !== undefined) {
    const { syncAfterScan } = await import('../sync/sync-now.js');
    await syncAfterScan(inventory, scanId, config.fleet, log);
  }
  return result;
}
