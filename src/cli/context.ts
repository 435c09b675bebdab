import { existsSync } from 'node:fs';
import { resolveConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { Inventory } from '../inventory/inventory.js';
import { resolveDbPath } from '../inventory/db-path.js';
import { storageError } from '../inventory/storage-error.js';
import { RuntimeError } from '../util/errors.js';

export interface GlobalOptions {
  readonly db?: string;
  readonly config?: string;
}

/**
 * The inventory every command uses: --db, $LANAUDIT_DB, the configuration's database.path, the
 * default. Pass the configuration when the command has loaded it; otherwise it is read only when
 * neither --db nor $LANAUDIT_DB decides.
 */
export function dbPath(globals: GlobalOptions, config?: Config): string {
  return resolveDbPath({ explicit: globals.db, configured: () => (config ?? resolveConfig(globals.config).config).database.path });
}

/** Opens the inventory for one command and closes it when the command is done. */
export async function withInventory<T>(globals: GlobalOptions, fn: (inv: Inventory) => T | Promise<T>, readonly = false, config?: Config): Promise<T> {
  const inv = Inventory.open(dbPath(globals, config), { readonly });
  try {
    return await fn(inv);
  } catch (err) {
    // A full disk or a file made read-only under a running command is the user's to fix, not a bug.
    throw storageError(err, inv.path) ?? err;
  } finally {
    inv.close();
  }
}

/** For commands that only read what scans stored: a missing inventory is the user's mistake, not a new empty file. */
export async function withExistingInventory<T>(globals: GlobalOptions, fn: (inv: Inventory) => T | Promise<T>): Promise<T> {
  const path = dbPath(globals);
  if (!existsSync(path)) throw new RuntimeError(`no inventory at ${path}: run lanaudit scan first, or name one with --db`);
  return withInventory({ ...globals, db: path }, fn);
}
