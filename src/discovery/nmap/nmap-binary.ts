import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The nmap executable on PATH, or null. (node-nmap has no lookup: it just spawns "nmap" and reports
 * ENOENT after the fact, which is too late to choose an engine.)
 */
export function findNmap(searchPath = process.env.PATH ?? ''): string | null {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, 'nmap');
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

export const NMAP_INSTALL_HINT = 'install it with `apt-get install nmap` (Debian/Ubuntu) or `dnf install nmap` (Fedora/RHEL)';
