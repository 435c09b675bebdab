/** Stopping the processes a lab started, without ever signalling one it did not start. */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Running (zombies count as gone: nobody will answer from them). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/s.test(stat);
  } catch {
    return false;
  }
}

/** Whether `pid` is a lab simulator: a pid from state.json may have been reused after a crash. */
export function isSimulator(pid: number): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.some((a) => a.endsWith('test/lab/sim/main.ts')) && argv.includes('--segment');
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL whatever is still running after `graceMs`. */
export async function terminate(pids: readonly number[], graceMs = 3000): Promise<void> {
  const signal = (pid: number, sig: NodeJS.Signals) => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  const live = pids.filter(isAlive);
  for (const pid of live) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (live.some(isAlive) && Date.now() < deadline) await sleep(25);
  for (const pid of live.filter(isAlive)) signal(pid, 'SIGKILL');
  const killDeadline = Date.now() + 2000;
  while (live.some(isAlive) && Date.now() < killDeadline) await sleep(25);
}
