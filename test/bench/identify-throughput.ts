/**
 * Throughput of the `lanaudit identify` path: JSON Lines parse + identify() per device + JSON Lines
 * write, on one core, over generated observations (a realistic mix of kinds: every device has a MAC,
 * most an open port or two, some banners, a few discovery answers). Run:
 *   npx tsx test/bench/identify-throughput.ts [observations=1000000] [--strings] [--profile FILE.cpuprofile] [--cli]
 * The input is held in memory as 64 KB UTF-8 chunks, as a file stream delivers them (`lanaudit
 * identify FILE`); --strings holds it as text chunks instead, the form this benchmark used first.
 * --profile records a CPU profile of the timed run only (open it in Chrome DevTools or speedscope).
 * --cli also runs the built CLI as a user does (`lanaudit identify FILE > /dev/null`) on the same
 * observations written to a temporary file, and reports its time and peak RSS, start-up included.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { identifyJsonl } from '../../src/ingest/identify-jsonl.js';
import { BIN, ensureBuilt } from '../helpers/cli.js';
import { benchLines } from '../ingest/bench-observations.js';

const args = process.argv.slice(2);
const profileAt = args.indexOf('--profile');
const profilePath = profileAt === -1 ? undefined : args.splice(profileAt, 2)[1];
if (profileAt !== -1 && profilePath === undefined) throw new Error('--profile needs a file name');
const cliAt = args.indexOf('--cli');
const viaCli = cliAt !== -1;
if (viaCli) args.splice(cliAt, 1);
const stringsAt = args.indexOf('--strings');
const asStrings = stringsAt !== -1;
if (asStrings) args.splice(stringsAt, 1);
const total = Number(args[0] ?? 1_000_000);

// Pre-render the input (as a file would be) so the clock sees only the identify path. A text chunk is
// joined from its lines, so it is one flat string, as text read from a file is. Bytes live outside
// the JavaScript heap, as a stream's buffers do: the garbage collector then sizes the heap by what
// the identify path holds, not by the input.
const chunks: (string | Buffer)[] = [];
let pending: string[] = [];
let pendingLength = 0;
for (const line of benchLines(total)) {
  pending.push(line);
  pendingLength += line.length;
  if (pendingLength > 64 * 1024) {
    const text = pending.join('');
    chunks.push(asStrings ? text : Buffer.from(text, 'utf8'));
    pending = [];
    pendingLength = 0;
  }
}
if (pending.length > 0) chunks.push(asStrings ? pending.join('') : Buffer.from(pending.join(''), 'utf8'));
pending = [];
async function* input(): AsyncGenerator<string | Buffer> {
  yield* chunks;
}

const session = profilePath === undefined ? undefined : new Session();
if (session !== undefined) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}

let outBytes = 0;
let writes = 0;
const rssBefore = process.memoryUsage.rss();
let peakRss = rssBefore;
const cpuStart = process.cpuUsage();
const start = performance.now();
const result = await identifyJsonl(input(), {
  warn: (m) => console.error(m),
  // Counts UTF-8 bytes, as stdout would write them: text from an engine that hands out strings is encoded here.
  write: (chunk: Buffer | string) => {
    outBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.length;
    // Sampled: reading RSS costs a system call.
    if ((writes += 1) % 64 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
  },
});
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
peakRss = Math.max(peakRss, process.memoryUsage.rss());

if (session !== undefined && profilePath !== undefined) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(profilePath, JSON.stringify(profile));
  session.disconnect();
  console.log(`CPU profile of the timed run: ${profilePath}`);
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
console.log(`identify path: ${result.observations.toLocaleString('en')} observations, ${result.devices.toLocaleString('en')} devices in ${seconds.toFixed(2)} s`);
console.log(`throughput: ${Math.round(result.observations / seconds).toLocaleString('en')} observations/s (one core), ${(outBytes / 1e6).toFixed(0)} MB of verdicts written (UTF-8)`);
// CPU time counts every thread of the process (GC helpers too); on a busy machine it shows the work that wall time hides.
console.log(`cpu: ${cpuSeconds.toFixed(2)} s user+system, ${Math.round(result.observations / cpuSeconds).toLocaleString('en')} observations per CPU second`);
const inputMb = (chunks.reduce((a, c) => a + (typeof c === 'string' ? c.length : c.byteLength), 0) / 1e6).toFixed(0);
console.log(`peak RSS: ${mb(peakRss)} MB (includes the pre-rendered input, ${inputMb} MB ${asStrings ? 'of text' : 'of UTF-8'}; ${mb(rssBefore)} MB before the run)`);

// The process's own peak RSS as it exits (the CLI prints nothing of the kind): VmHWM belongs to the
// process image, whereas getrusage's maxrss can carry over the RSS of the process that spawned it.
const RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  'import { readFileSync } from "node:fs"; process.on("exit", () => process.stderr.write(`maxrss ${/VmHWM:\\s*(\\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]}\\n`));',
)}`;

function runCli(file: string): { seconds: number; peakMb: number } {
  const started = performance.now();
  const r = spawnSync(process.execPath, [`--import=${RSS_HOOK}`, BIN, 'identify', file], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  const kb = /maxrss (\d+)/.exec(r.stderr)?.[1];
  if (r.status !== 0 || kb === undefined) throw new Error(`lanaudit identify failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  return { seconds, peakMb: Number(kb) / 1024 };
}

if (viaCli) {
  ensureBuilt();
  const dir = mkdtempSync(path.join(tmpdir(), 'lanaudit-identify-bench-'));
  try {
    const file = path.join(dir, 'observations.jsonl');
    writeFileSync(file, Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c))));
    const one = path.join(dir, 'one.jsonl');
    writeFileSync(one, `${[...benchLines(1)].join('')}`);
    const startup = runCli(one);
    const full = runCli(file);
    console.log(`cli start-up (one observation): ${startup.seconds.toFixed(2)} s, peak RSS ${startup.peakMb.toFixed(0)} MB`);
    console.log(
      `cli: ${result.observations.toLocaleString('en')} observations from a file to /dev/null in ${full.seconds.toFixed(2)} s (${Math.round(result.observations / full.seconds).toLocaleString('en')} observations/s with start-up, ${Math.round(result.observations / (full.seconds - startup.seconds)).toLocaleString('en')} without), peak RSS ${full.peakMb.toFixed(0)} MB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
