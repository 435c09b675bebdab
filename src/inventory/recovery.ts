import { readFileSync } from 'node:fs';
import type { ScanRow } from './statements.js';

/** A running scan whose heartbeat is older than this is taken as dead even if its pid exists (pid reuse, other host). */
export const DEFAULT_STALE_AFTER_MS = 5 * 60_000;

/** Whether a process with this pid exists here. EPERM means it exists but belongs to someone else. */
export function pidAlive(pid: number): boolean {
  // pid 0 and negatives address process groups, not one process.
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** A killed process whose parent has not reaped it yet still answers kill(pid, 0), but it will never finish its scan. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name, which is in parentheses and may itself contain spaces or parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

export interface LivenessContext {
  readonly now: Date;
  readonly hostname: string;
  readonly staleAfterMs: number;
}

/**
 * Why a scan still marked running is in fact dead, or null while it may be alive.
 * A SIGKILLed or crashed scan never reaches finishScan, so its row says 'running' forever otherwise.
 */
export function deadScanReason(scan: ScanRow, context: LivenessContext): string | null {
  if (scan.pid !== null && scan.hostname === context.hostname && !pidAlive(scan.pid)) {
    return `interrupted: process ${scan.pid} ended without finishing the scan`;
  }
  const silentMs = context.now.getTime() - Date.parse(scan.heartbeat_at);
  if (!(silentMs <= context.staleAfterMs)) {
    return `interrupted: no heartbeat since ${scan.heartbeat_at}`;
  }
  return null;
}
