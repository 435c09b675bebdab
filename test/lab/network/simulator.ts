/**
 * Starting a segment's device simulator inside its namespace. Contract with test/lab/sim/main.ts:
 * `node --import tsx test/lab/sim/main.ts --profile RESOLVED.json --segment NAME` binds every device of
 * that segment at its IP, prints `ready` on stdout when all listeners are up, and exits on SIGTERM.
 * Its output goes to files in the lab's state directory, not pipes: the simulator outlives `lab up`.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { RuntimeError } from '../../../src/util/errors.js';
import { terminate } from './processes.js';
import { profileFile, stateDir } from './state.js';

const LAB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = resolve(LAB_DIR, '../..');
export const SIMULATOR_MAIN = join(LAB_DIR, 'sim', 'main.ts');

export function simulatorInstalled(): boolean {
  return existsSync(SIMULATOR_MAIN);
}

export function simulatorLogs(id: string, segmentIndex: number): { out: string; err: string } {
  const base = join(stateDir(id), `sim-${segmentIndex}`);
  return { out: `${base}.out`, err: `${base}.err` };
}

function tail(file: string, max = 4000): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text.length > max ? `…${text.slice(-max)}` : text;
  } catch {
    return '';
  }
}

export interface StartSimulator {
  readonly id: string;
  readonly namespace: string;
  readonly segment: string;
  readonly segmentIndex: number;
  readonly readyTimeoutMs: number;
}

/** Starts the simulator and resolves with its pid once it printed `ready`. */
export async function startSimulator(options: StartSimulator): Promise<number> {
  if (!simulatorInstalled()) {
    throw new RuntimeError(`the device simulator ${SIMULATOR_MAIN} is missing; bring the lab up with --no-sim (ARP only)`);
  }
  const logs = simulatorLogs(options.id, options.segmentIndex);
  const out = openSync(logs.out, 'w');
  const err = openSync(logs.err, 'w');
  // `ip netns exec` execs in place, so the child's pid is the simulator's own.
  const child = spawn(
    'ip',
    ['netns', 'exec', options.namespace, process.execPath, '--import', 'tsx', SIMULATOR_MAIN,
      '--profile', profileFile(options.id), '--segment', options.segment],
    { cwd: REPO_ROOT, detached: true, stdio: ['ignore', out, err] },
  );
  closeSync(out);
  closeSync(err);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new RuntimeError(`could not start the simulator for segment "${options.segment}"`);
  const status: { exited: string | null } = { exited: null };
  child.on('exit', (code, signal) => {
    status.exited = `exited (${code ?? signal ?? '?'})`;
  });
  child.on('error', (error) => {
    status.exited = `could not start (${error.message})`;
  });

  const deadline = Date.now() + options.readyTimeoutMs;
  for (;;) {
    if (/^ready\r?$/m.test(tail(logs.out, 64 * 1024))) return pid;
    const why = status.exited ?? (Date.now() > deadline ? `did not print "ready" within ${options.readyTimeoutMs} ms` : null);
    if (why !== null) {
      await terminate([pid]);
      const stderr = tail(logs.err).trim();
      throw new RuntimeError(
        `the simulator for segment "${options.segment}" (namespace ${options.namespace}) ${why}` +
          (stderr === '' ? '; it wrote nothing on stderr' : `; its stderr:\n${stderr}`),
      );
    }
    await sleep(50);
  }
}
