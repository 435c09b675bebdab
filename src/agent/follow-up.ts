import type { Config } from '../config/schema.js';
import type { Inventory } from '../inventory/inventory.js';
import type { Logger } from '../util/log.js';

/**
 * After a scan: change tracking, triage reopening and alerts (src/pipeline/after-scan.ts). Loaded
 * on first use so a scan never pays for the alert machinery's imports before it has finished.
 * Never throws: the scan is stored already, and a failing follow-up must not fail it.
 */
export async function followUpScan(inventory: Inventory, scanId: number, config: Config, excluded: readonly string[], log: Logger): Promise<boolean> {
  try {
    const { afterScan } = await import('../pipeline/after-scan.js');
    await afterScan(inventory, scanId, { alerts: config.alerts, goneAfterScans: config.tracking.goneAfterScans, log, excluded });
    return true;
  } catch (err) {
    log.error(`scan ${scanId}: change tracking and alerts failed`, { err: err instanceof Error ? err.message : String(err) });
    return false;
  }
}
