import { join } from 'node:path';
import { dataDir } from '../util/data-dir.js';

export interface DbPathSources {
  /** `--db`. */
  readonly explicit?: string | undefined;
  /** The configuration's `database.path`; read only when neither `--db` nor `LANAUDIT_DB` decides. */
  readonly configured?: () => string | undefined;
}

/**
 * The inventory a command uses, the same way for every command: `--db`, else `LANAUDIT_DB`, else
 * the configuration's `database.path`, else the system location for root (scheduled scans run as
 * root), else the user's XDG data directory. Empty values count as not given.
 */
export function resolveDbPath(
  sources: DbPathSources = {},
  env: NodeJS.ProcessEnv = process.env,
  uid: number | undefined = process.getuid?.(),
): string {
  const given = [sources.explicit, env['LANAUDIT_DB']].find((p) => p !== undefined && p !== '');
  if (given !== undefined) return given;
  const configured = sources.configured?.();
  if (configured !== undefined && configured !== '') return configured;
  return join(dataDir(env, uid), 'inventory.db');
}
