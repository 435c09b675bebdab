/** Whether this machine can build labs: Linux, root, and a working `ip netns`. */
import { execFileSync } from 'node:child_process';
import { UsageError } from '../../../src/util/errors.js';

export function labAvailable(): { ok: boolean; why: string } {
  if (process.platform !== 'linux') return { ok: false, why: 'the lab needs Linux network namespaces' };
  if (process.getuid?.() !== 0) return { ok: false, why: 'the lab needs root (network namespaces); run as root, e.g. sudo npm run lab' };
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'pipe' });
  } catch (error) {
    return { ok: false, why: `\`ip netns list\` does not work here: ${(error as Error).message}` };
  }
  return { ok: true, why: 'root, and `ip netns` works' };
}

export function labAvailableOrThrow(): void {
  const available = labAvailable();
  if (!available.ok) throw new UsageError(available.why);
}
