import fs from 'node:fs';
import path from 'node:path';
import type { Lab } from './lab.js';

/**
 * Points the scanner namespace's system resolver at `server` (a lab device with `dns`) for `fn`:
 * `ip netns exec` mounts /etc/netns/<namespace>/resolv.conf over /etc/resolv.conf.
 */
export async function withResolver<T>(lab: Lab, server: string, fn: () => Promise<T>): Promise<T> {
  const dir = path.join('/etc/netns', lab.scannerNamespace);
  const made = !fs.existsSync(dir);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'resolv.conf'), `nameserver ${server}\n`);
  try {
    return await fn();
  } finally {
    fs.rmSync(path.join(dir, 'resolv.conf'), { force: true });
    if (made) fs.rmSync(dir, { recursive: true, force: true });
  }
}
