import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the inventory lives when `--db` is not given: `LANAUDIT_DB`, else the system location for
 * root (scheduled scans run as root), else the user's XDG data directory.
 */
export function defaultDbPath(
  env: NodeJS.ProcessEnv = process.env,
  uid: number | undefined = process.getuid?.(),
): string {
  const fromEnv = env['LANAUDIT_DB'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (uid === 0) return '/var/lib/lanaudit/inventory.db';
  // XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env['XDG_DATA_HOME'];
  const dataHome = xdg !== undefined && xdg.startsWith('/') ? xdg : join(env['HOME'] || homedir(), '.local', 'share');
  return join(dataHome, 'lanaudit', 'inventory.db');
}
