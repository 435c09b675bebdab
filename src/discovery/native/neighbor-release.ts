/**
 * Lets the kernel evict the neighbour entries of hosts the sweep is done with. A host's entry stays
 * REACHABLE for reachable_time (a random 15-45 s) after it answered, and its timer holds a
 * reference, so the kernel's forced GC cannot take it: a segment with more live hosts than the
 * sweep's share of the table waits that long (net/core/neighbour.c, neigh_forced_gc). Marked STALE,
 * as the kernel itself does when reachable_time ends, the entry keeps its MAC and is still used (the
 * next packet re-checks it by unicast) and may be evicted 5 s later. Changing an entry needs
 * CAP_NET_ADMIN in the scan's network namespace; without it the first attempt is refused and the
 * releaser does not try again.
 */
import { spawn } from 'node:child_process';
import { parseIpv4 } from '../../scope/index.js';
import type { ReachableEntry } from './neighbor-table.js';

/**
 * Marks the entries STALE; false once the kernel refused (no CAP_NET_ADMIN): the sweep then waits
 * as before. `signal`: the sweep's, which ends the `ip` still running when the scan is stopped.
 */
export type NeighborReleaser = (entries: readonly ReachableEntry[], signal: AbortSignal) => Promise<boolean>;

/** Runs `ip -force -batch -` on the given lines, killed when `signal` aborts; resolves with its stderr and exit code. */
export type IpBatch = (input: string, signal: AbortSignal) => Promise<{ readonly code: number | null; readonly stderr: string }>;

const IP_TIMEOUT_MS = 5_000;
/** Interface names as the kernel allows them (IFNAMSIZ 16, no spaces or slashes). */
const DEV = /^[\w.@:+-]{1,15}$/;

export function createNeighborReleaser(run: IpBatch = runIpBatch): NeighborReleaser {
  let refused = false;
  return async (entries, signal) => {
    if (refused) return false;
    // Fields come from the kernel's own table, checked anyway: each line is a command to `ip`. No
    // lladdr: the kernel keeps the entry's current MAC (one read earlier it may have changed).
    const lines = entries
      .filter((e) => parseIpv4(e.ip) !== null && DEV.test(e.dev))
      .map((e) => `neigh change ${e.ip} dev ${e.dev} nud stale`);
    if (lines.length === 0) return true;
    try {
      const { code, stderr } = await run(`${lines.join('\n')}\n`, signal);
      // -force goes on past an entry that went away meanwhile (exit 1, "No such file"); only a refusal stops it.
      if (code !== 0 && /not permitted|permission denied/i.test(stderr)) refused = true;
    } catch {
      if (!signal.aborted) refused = true; // no `ip` to run
    }
    return !refused;
  };
}

function runIpBatch(input: string, signal: AbortSignal): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['-force', '-batch', '-'], { stdio: ['pipe', 'ignore', 'pipe'], timeout: IP_TIMEOUT_MS, signal });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      if (stderr.length < 4096) stderr += b.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
    child.stdin.on('error', () => undefined); // ip may exit before reading everything
    child.stdin.end(input);
  });
}
