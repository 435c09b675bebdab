import { identify } from '../../identify/identify.js';
import type { Inventory } from '../../inventory/inventory.js';
import { type GlobalOptions, withInventory } from '../context.js';
import { print, printJson } from '../terminal.js';

interface ReidentifyOptions {
  readonly json: boolean;
}

/** Devices identified per transaction: one device's observations at a time in memory, few commits. */
const BATCH = 500;

export interface ReidentifyResult {
  readonly devices: number;
  readonly changed: readonly number[];
}

/** Applies the current rules to every stored device's observations; no network. Changed verdicts join each device's history. */
export function reidentifyInventory(inventory: Inventory): ReidentifyResult {
  const ids = inventory.allDeviceIds();
  const changed: number[] = [];
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH).map((id) => [id, identify(inventory.deviceObservations(id))] as const);
    changed.push(...inventory.saveVerdicts(null, batch));
  }
  return { devices: ids.length, changed };
}

export async function reidentifyCommand(opts: ReidentifyOptions, globals: GlobalOptions): Promise<void> {
  const result = await withInventory(globals, (inv) => reidentifyInventory(inv));
  if (opts.json) return printJson({ devices: result.devices, changed: result.changed.length, changedDeviceIds: result.changed });
  print(`Re-identified ${result.devices} device${result.devices === 1 ? '' : 's'}: ${result.changed.length} verdict${result.changed.length === 1 ? '' : 's'} changed.`);
}
