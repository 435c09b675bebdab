/** Shared by the hardening tests: running the real agent in a lab, and reading what it left behind. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { lanauditCommand } from '../helpers/cli.js';
import type { Lab } from '../lab/lab.js';

/** Control characters a terminal acts on (ESC, BEL, backspace, C1 …; not tab or newline) and the bidi overrides. */
export const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A temporary directory removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `lanaudit-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `/usr/bin/time -v` output → the process's peak resident set in MB, or null when absent. */
export function peakRssMb(timeOutput: string): number | null {
  const m = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(timeOutput);
  return m ? Number(m[1]) / 1024 : null;
}

/** Resolves with the exit code and signal once the child is gone. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export interface SpawnOptions {
  /** Stops the process (SIGSTOP) just before this Inventory method first runs: a barrier for a test that kills it there. */
  readonly stopBefore?: string;
}

const STOP_BEFORE = path.join(import.meta.dirname, 'stop-before.ts');

/** Starts `lanaudit ARGS` in the lab's scanner namespace, collecting its output. `ip netns exec` execs, so the pid is lanaudit's. */
export function spawnLanaudit(
  lab: Lab,
  args: readonly string[],
  options: SpawnOptions = {},
): { child: ChildProcess; output: () => { stdout: string; stderr: string } } {
  const [node, ...rest] = lanauditCommand(...args);
  const command = options.stopBefore === undefined ? [node!, ...rest] : [node!, '--import', 'tsx', '--import', STOP_BEFORE, ...rest];
  const env = options.stopBefore === undefined ? process.env : { ...process.env, LANAUDIT_TEST_STOP_BEFORE: options.stopBefore };
  const child = lab.spawnInScanner(command, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (b: Buffer) => (stdout = (stdout + b.toString('utf8')).slice(-64 * 1024)));
  child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString('utf8')).slice(-64 * 1024)));
  return { child, output: () => ({ stdout, stderr }) };
}

/** A process's state letter from /proc (R, S, T for stopped, Z …), or null once it is gone. */
export function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may hold anything: the state follows its last closing parenthesis.
    return stat.charAt(stat.lastIndexOf(')') + 2) || null;
  } catch {
    return null;
  }
}

/** Polls until `check` is true; false when the time is up. */
export async function waitFor(check: () => boolean, timeoutMs: number, pollMs = 50): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return check();
}

/** One SQL query on a database file, opened read-only and closed again (a fresh connection: nothing cached). */
export function query<T>(db: string, sql: string, ...params: unknown[]): T[] {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare(sql).all(...params) as T[];
  } finally {
    conn.close();
  }
}

/** `PRAGMA integrity_check` of the file as SQLite itself reports it ("ok" when sound). */
export function integrityCheck(db: string): string {
  const conn = new Database(db, { fileMustExist: true });
  try {
    return (conn.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    conn.close();
  }
}

/** The namespaces a lab id left behind (for the suites' clean-up assertion). */
export function labNamespacesLeft(id: string): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((ns) => ns.startsWith(`la-${id}-`));
}

/** Most events (packets, by time in seconds, sorted) within any window of `seconds`. */
export function peakIn(times: readonly number[], seconds: number): number {
  let best = 0;
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (j < times.length && times[j]! < times[i]! + seconds) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

/** tcpdump on the lab's switch bridge, which sees every frame the scanner sends to any port of the segment, writing `pcap`. */
export interface BridgeCapture {
  /** Lets the last frames arrive, then ends the capture. */
  stop(): Promise<void>;
  /** Ends it at once if it still runs (teardown after a failure). */
  kill(): void;
}

export async function captureBridge(lab: Lab, pcap: string): Promise<BridgeCapture> {
  const sw = lab.namespaces.find((ns) => ns.endsWith('-sw'))!;
  const capture = spawn('ip', ['netns', 'exec', sw, 'tcpdump', '--immediate-mode', '-i', 'br0', '-n', '-U', '-s', '256', '-w', pcap], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  capture.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const running = () => capture.exitCode === null && capture.signalCode === null;
  if (!(await waitFor(() => err.includes('listening on'), 10_000))) {
    if (running()) capture.kill('SIGKILL');
    throw new Error(`tcpdump did not start: ${err}`);
  }
  return {
    stop: async () => {
      await new Promise((r) => setTimeout(r, 500));
      capture.kill('SIGTERM');
      await exited(capture);
    },
    kill: () => {
      if (running()) capture.kill('SIGKILL');
    },
  };
}
