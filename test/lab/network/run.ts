/** Running `ip` and friends: one process per namespace and step, failures carry the command's stderr. */
import { spawn } from 'node:child_process';
import { RuntimeError } from '../../../src/util/errors.js';

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly input?: string;
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** Output kept per stream: a runaway command must not fill memory. */
const MAX_OUTPUT = 16 * 1024 * 1024;

export function run(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    child.stdout.on('data', (b: Buffer) => {
      if (outLen < MAX_OUTPUT) out.push(b);
      outLen += b.length;
    });
    child.stderr.on('data', (b: Buffer) => {
      if (errLen < MAX_OUTPUT) err.push(b);
      errLen += b.length;
    });
    const timer =
      options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new RuntimeError(`cannot run ${cmd}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => {}); // the command may exit without reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** Runs and throws a RuntimeError saying what failed, unless the command succeeded. */
export async function runChecked(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await run(cmd, args, options);
  if (result.code !== 0) {
    const why = result.stderr.trim() || result.stdout.trim() || `exit ${result.code ?? result.signal ?? '?'}`;
    throw new RuntimeError(`${cmd} ${args.join(' ')} failed: ${why.slice(0, 2000)}`);
  }
  return result.stdout;
}

/** One `ip -batch` run in `ns` (or the current namespace for netns add/del). Names the failing line. */
export async function ipBatch(ns: string | null, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  const args = [...(ns === null ? [] : ['-n', ns]), '-batch', '-'];
  const result = await run('ip', args, { input: `${lines.join('\n')}\n` });
  if (result.code === 0) return;
  const lineNo = Number(/Command failed -:(\d+)/.exec(result.stderr)?.[1]);
  const failing = Number.isInteger(lineNo) ? ` at "${lines[lineNo - 1] ?? '?'}"` : '';
  throw new RuntimeError(`ip ${args.join(' ')} failed${failing} in ${ns ?? 'the root namespace'}: ${result.stderr.trim().slice(0, 2000)}`);
}

export async function listNamespaces(): Promise<string[]> {
  const out = await runChecked('ip', ['netns', 'list']);
  return out
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name !== '');
}

export async function setSysctls(ns: string, settings: readonly string[]): Promise<void> {
  if (settings.length === 0) return;
  await runChecked('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', ...settings]);
}

/** Processes whose network namespace is `ns` (gone or unreadable namespace: none). */
export async function namespacePids(ns: string): Promise<number[]> {
  const result = await run('ip', ['netns', 'pids', ns]);
  if (result.code !== 0) return [];
  return result.stdout
    .split('\n')
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}
