import type { Config } from '../config/schema.js';
import type { Inventory } from '../inventory/inventory.js';
import type { AfterScanResult } from '../pipeline/after-scan.js';
import type { Logger } from '../util/log.js';

/**
 * After a scan: change tracking, triage reopening, retention and alerts (src/pipeline/after-scan.ts).
 * Loaded on first use so a scan never pays for the alert machinery's imports before it has finished.
 * Never throws: the scan is stored already, and a failing follow-up must not fail it (null then).
 */
export async function followUpScan(inventory: Inventory, scanId: number, config: Config, log: Logger): Promise<AfterScanResult | null> {
  try {
    const { afterScan } = await import('../pipeline/after-scan.js');
    return await afterScan(inventory, scanId, {
      alerts: config.alerts,
      goneAfterScans: config.tracking.goneAfterScans,
      retention: config.retention,
      log,
    });
  } catch (err) {
    log.error(`scan ${scanId}: change tracking and alerts failed`, { err: err instanceof Error ? err.message : String(err) });
    return null;
  }
}
