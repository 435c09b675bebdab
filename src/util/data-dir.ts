import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where lanaudit keeps its data when nothing says otherwise: the system location for root
 * (scheduled scans run as root), else the user's XDG data directory.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env, uid: number | undefined = process.getuid?.()): string {
  if (uid === 0) return '/var/lib/lanaudit';
  // XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env['XDG_DATA_HOME'];
  const dataHome = xdg !== undefined && xdg.startsWith('/') ? xdg : join(env['HOME'] || homedir(), '.local', 'share');
  return join(dataHome, 'lanaudit');
}
