import { identify } from '../../identify/identify.js';
import type { Inventory } from '../../inventory/inventory.js';
import { identifyDevices } from '../../pipeline/identify-devices.js';
import { type GlobalOptions, withInventory } from '../context.js';
import { print, printJson } from '../terminal.js';

interface ReidentifyOptions {
  readonly json: boolean;
}

export interface ReidentifyResult {
  readonly devices: number;
  readonly changed: readonly number[];
}

/** Applies the current rules to every stored device's observations; no network. Changed verdicts join each device's history. */
export function reidentifyInventory(inventory: Pick<Inventory, 'devices' | 'verdicts'>): ReidentifyResult {
  const { deviceIds, changed } = identifyDevices(inventory, null, inventory.devices.ids(), identify);
  return { devices: deviceIds.length, changed };
}

export async function reidentifyCommand(opts: ReidentifyOptions, globals: GlobalOptions): Promise<void> {
  const result = await withInventory(globals, (inv) => reidentifyInventory(inv));
  if (opts.json) return printJson({ devices: result.devices, changed: result.changed.length, changedDeviceIds: result.changed });
  print(`Re-identified ${result.devices} device${result.devices === 1 ? '' : 's'}: ${result.changed.length} verdict${result.changed.length === 1 ? '' : 's'} changed.`);
}
