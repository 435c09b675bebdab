import { Inventory } from '../inventory/inventory.js';
import { defaultDbPath } from '../inventory/db-path.js';
import { storageError } from '../inventory/storage-error.js';

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
  } catch (err) {
    // A full disk or a file made read-only under a running command is the user's to fix, not a bug.
    throw storageError(err, inv.path) ?? err;
  } finally {
    inv.close();
  }
}
