import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Observation } from '../../observations/observation.js';
import { scopeContains } from '../../scope/index.js';
import type { Scope } from '../../scope/types.js';
import { RuntimeError } from '../../util/errors.js';
import { Channel } from '../channel.js';
import type { DiscoveryEngine, DiscoveryOptions } from '../engine.js';
import { HostSplitter } from './host-splitter.js';
import { NMAP_INSTALL_HINT } from './nmap-binary.js';
import { parseNmapHost } from './nmap-xml.js';
import { nmapTargetList } from './targets.js';

export type SpawnNmap = (binary: string, args: readonly string[]) => ChildProcess;

export interface NmapEngineDeps {
  /** Injected in tests to watch the child process. */
  readonly spawn?: SpawnNmap;
}

/** After SIGTERM on abort, nmap gets this long to exit before SIGKILL. */
const KILL_GRACE_MS = 2_000;
/** Lines of stderr kept for the error message when nmap fails. */
const STDERR_LINES_KEPT = 5;
const MAX_STDERR_LINE = 500;

/**
 * nmap's arguments: XML on stdout, no DNS, targets from a file (so a large scope never hits the
 * argument-length limit and exclusions are already gone), the user's rate cap as --max-rate, and
 * -v, with which nmap lists hosts that are down too (every address appears once, which is progress)
 * and writes a hint for each host found up as soon as its host discovery ends, before the port scan.
 * Host discovery (as root on a local segment nmap uses ARP by itself) and a scan of the configured
 * ports; with `deep`, -sV service detection on them. With no ports: host discovery only (-sn).
 */
export function nmapArguments(options: DiscoveryOptions, targetFile: string): string[] {
  const args = ['-oX', '-', '-n', '-v', '--max-rate', String(options.rate)];
  args.push('--max-parallelism', String(Math.max(1, Math.floor(options.concurrency))));
  args.push('--max-rtt-timeout', `${Math.max(1, Math.round(options.connectTimeoutMs))}ms`);
  // A port scan of the configured ports (SYN when privileged) includes nmap's ARP/ICMP host discovery
  // and gives the probes their open ports; -sn alone would leave identification to the MAC.
  if (options.ports.length > 0) args.push(...(options.deep ? ['-sV'] : []), '-p', options.ports.join(','));
  else args.push('-sn');
  args.push('-iL', targetFile);
  return args;
}

// node-nmap 4.0.0 cannot be used to run the scan: it drops the service product and version, treats
// any stderr output (nmap's harmless warnings) as failure, and parses only after nmap exits.
const defaultSpawn: SpawnNmap = (binary, args) => spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });

/** Discovery by the nmap binary at `binary`, its XML parsed host by host as nmap writes it. */
export function createNmapEngine(binary: string, deps: NmapEngineDeps = {}): DiscoveryEngine {
  return {
    name: 'nmap',
    discover: (scope, options, signal) => discover(binary, deps.spawn ?? defaultSpawn, scope, options, signal),
  };
}

async function* discover(
  binary: string,
  spawnNmap: SpawnNmap,
  scope: Scope,
  options: DiscoveryOptions,
  signal: AbortSignal,
): AsyncGenerator<Observation> {
  if (signal.aborted || scope.size === 0) return;
  const dir = await mkdtemp(path.join(tmpdir(), 'lanaudit-nmap-'));
  try {
    const targetFile = path.join(dir, 'targets.txt');
    await writeFile(targetFile, nmapTargetList(scope), { mode: 0o600 });
    yield* runNmap(binary, spawnNmap, nmapArguments(options, targetFile), scope, options, signal);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What makes a fact the same fact: its time is when nmap wrote it, not part of it. */
function factKey(o: Observation): string {
  return `${o.kind}\u0000${o.port ?? ''}\u0000${o.value}`;
}

async function* runNmap(
  binary: string,
  spawnNmap: SpawnNmap,
  args: readonly string[],
  scope: Scope,
  options: DiscoveryOptions,
  signal: AbortSignal,
): AsyncGenerator<Observation> {
  const channel = new Channel<Observation>();
  const child = spawnNmap(binary, args);
  // 'close' may never come when the spawn itself failed.
  const exited = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', () => resolve());
  });
  const total = scope.size;
  let done = 0;
  const progress = (next: number): void => {
    if (next <= done) return;
    done = next;
    options.onProgress?.({ done, total });
  };

  const parseOptions = options.onWarning !== undefined ? { onWarning: options.onWarning } : {};
  // What each host's hint already told, so that its <host> element adds only what is new.
  const hinted = new Map<string, Set<string>>();
  const splitter = new HostSplitter({
    // A host is reported when nmap's host discovery finds it (its hint), not only once the port scan
    // of its whole hostgroup ends, so that its probes may start while nmap scans the rest.
    onHint: (xml) => {
      for (const observation of parseNmapHost(xml, parseOptions)) {
        if (!scopeContains(scope, observation.ip)) continue;
        const told = hinted.get(observation.ip) ?? new Set<string>();
        hinted.set(observation.ip, told.add(factKey(observation)));
        channel.push(observation);
      }
    },
    onHost: (xml) => {
      const observations = parseNmapHost(xml, parseOptions);
      for (const observation of observations) {
        if (scopeContains(scope, observation.ip) && hinted.get(observation.ip)?.has(factKey(observation)) !== true) channel.push(observation);
      }
      for (const observation of observations) hinted.delete(observation.ip);
      progress(Math.min(total, done + 1));
    },
    onOversize: (chars) => options.onWarning?.(`nmap wrote a <host> element of ${chars} characters; skipped it`),
  });
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => splitter.push(chunk));

  const lastErrors: string[] = [];
  let pending = '';
  const stderrLine = (line: string): void => {
    const text = line.trim().slice(0, MAX_STDERR_LINE);
    if (text === '') return;
    lastErrors.push(text);
    if (lastErrors.length > STDERR_LINES_KEPT) lastErrors.shift();
    options.onWarning?.(`nmap: ${text}`);
  };
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = (lines.pop() ?? '').slice(-MAX_STDERR_LINE);
    lines.forEach(stderrLine);
  });

  let aborted = false;
  const onAbort = (): void => {
    aborted = true;
    channel.close();
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
  };
  signal.addEventListener('abort', onAbort, { once: true });

  child.once('error', (error: NodeJS.ErrnoException) => {
    const hint = error.code === 'ENOENT' ? `; ${NMAP_INSTALL_HINT}` : '';
    channel.fail(new RuntimeError(`cannot run nmap at ${binary}: ${error.message}${hint}`));
  });
  child.once('close', (code, killedBy) => {
    stderrLine(pending);
    if (aborted) return;
    if (code === 0) {
      progress(total);
      channel.close();
      return;
    }
    const why = lastErrors.length > 0 ? lastErrors.join(' / ') : 'no message';
    channel.fail(new RuntimeError(`nmap ${code !== null ? `exited with code ${code}` : `was killed by ${killedBy}`}: ${why}`));
  });

  try {
    yield* channel;
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (child.exitCode === null && child.signalCode === null) onAbort();
    await exited;
  }
}
