import { Inventory } from '../inventory/inventory.js';
import { defaultDbPath } from '../inventory/db-path.js';

export interface GlobalOptions {
  readonly db?: string;
}

export function dbPath(globals: GlobalOptions): string {
  return globals.db ?? defaultDbPath();
}

/** Opens the inventory for one command and closes it when the command is done. */
export async function withInventory<T>(globals: GlobalOptions, fn: (inv: Inventory) => T | Promise<T>, readonly = false): Promise<T> {
  const inv = Inventory.open(dbPath(globals), { readonly });
  try {
    return await fn(inv);
  } finally {
    inv.close();
  }
}
