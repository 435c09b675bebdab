import type { Verdict } from '../identify/verdict.js';
import type { Inventory } from '../inventory/inventory.js';
import type { ResolvedFacts } from '../inventory/observation-log.js';
import type { Observation } from '../observations/observation.js';

export type Identify = (observations: readonly Observation[]) => Verdict;

export interface Identified {
  /** The devices identified (for a scan: the devices it saw). */
  readonly deviceIds: readonly number[];
  /** How many of them are covered now. */
  readonly flagged: number;
  /** The devices whose current verdict changed. */
  readonly changed: readonly number[];
}

/** Devices identified per transaction: one device's observations at a time in memory, few commits. */
const BATCH = 500;

/**
 * A scan's last step before it finishes: its observations resolved to devices, each device
 * identified from every fact stored about it, and the verdicts stored (those that changed).
 * Used by a network scan and an import alike.
 */
export function identifyScan(inventory: Pick<Inventory, 'observations' | 'devices' | 'verdicts'>, scanId: number, identify: Identify): Identified {
  const deviceIds = inventory.observations.resolveDevices(scanId);
  return identifyDevices(inventory, scanId, deviceIds, identify, inventory.observations.takeResolvedFacts(scanId));
}

/**
 * Identifies these devices from every fact stored about them and stores the verdicts that changed;
 * scanId null: outside a scan (reidentify). `known`: the facts resolveDevices just stored for the
 * devices it created, so that they are not read back.
 */
export function identifyDevices(
  inventory: Pick<Inventory, 'devices' | 'verdicts'>,
  scanId: number | null,
  deviceIds: readonly number[],
  identify: Identify,
  known?: ResolvedFacts,
): Identified {
  let flagged = 0;
  const changed: number[] = [];
  for (let start = 0; start < deviceIds.length; start += BATCH) {
    const batch = deviceIds.slice(start, start + BATCH).map((id) => {
      const verdict = identify(known?.facts(id) ?? inventory.devices.facts(id));
      if (verdict.status === 'covered') flagged++;
      return [id, verdict] as const;
    });
    changed.push(...inventory.verdicts.saveAll(scanId, batch));
  }
  return { deviceIds, flagged, changed };
}
