/**
 * Figure 4 (#15): `lanaudit report` in every format and `devices --json` from the built CLI, on an
 * inventory of 50,000 devices × 10 observations (inventory-ingest.ts): wall time, CPU time and peak
 * RSS (VmHWM) of the CLI process; then the same commands on 200,000 devices, whose peak RSS should
 * be the 50,000 devices' one if rows stream. Targets: ≤ 1.5 s at 50,000; RSS flat to 200,000.
 *
 * Run alone after `npm run build`: npx tsx test/bench/report-bench.ts [--reps 3] [--large 200000]
 * (`npm run bench -- --only 4` runs it as figure 4 of the whole benchmark).
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { REPORT_FORMATS } from '../../src/report/formats.js';
import { BIN, ROOT } from '../helpers/cli.js';
import type { FigureResult } from './lab-figures.js';
import { formatTable, row, sample, type Row } from './stats.js';

const SMALL = 50_000;
const TARGET_SECONDS = 1.5;
/** Peak RSS at the large inventory within this factor of the small one's counts as flat. */
const FLAT = 1.1;

/** Loaded into the CLI process: at exit it prints its own peak RSS and CPU time on stderr. */
const PEAK = `data:text/javascript,${encodeURIComponent(
  'import{readFileSync}from"node:fs";process.on("exit",()=>{const hwm=/VmHWM:\\s+(\\d+)/.exec(readFileSync("/proc/self/status","utf8"))?.[1];const c=process.cpuUsage();process.stderr.write(`\\nbench: VmHWM ${hwm} kB, CPU ${c.user+c.system} us\\n`)})',
)}`;

interface Run {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakMb: number;
}

/** One CLI command, its standard output into `outFile`. */
function runCli(args: readonly string[], outFile: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const out = openSync(outFile, 'w');
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', PEAK, BIN, ...args], { cwd: ROOT, stdio: ['ignore', out, 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      closeSync(out);
      const m = /bench: VmHWM (\d+) kB, CPU (\d+) us/.exec(stderr);
      if (code !== 0 || !m) reject(new Error(`lanaudit ${args.join(' ')} exited ${code}:\n${stderr.slice(-2000)}`));
      else resolve({ seconds, cpuSeconds: Number(m[2]) / 1e6, peakMb: Number(m[1]) / 1024 });
    });
  });
}

function ingest(db: string, devices: number): Promise<{ totalSeconds: number; storeSeconds: number; resolveSeconds: number; identifySeconds: number }> {
  return new Promise((resolve, reject) => {
    const script = path.join(ROOT, 'test/bench/inventory-ingest.ts');
    execFile(process.execPath, ['--import', 'tsx', script, db, String(devices)], { cwd: ROOT, timeout: 3_600_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`inventory-ingest.ts ${devices}: ${error.message}\n${stderr.slice(-2000)}`));
      else resolve(JSON.parse(stdout.trim()) as { totalSeconds: number; storeSeconds: number; resolveSeconds: number; identifySeconds: number });
    });
  });
}

const COMMANDS: Record<string, (dir: string) => string[]> = {
  'devices --json': () => ['devices', '--json'],
  ...Object.fromEntries(REPORT_FORMATS.filter((f) => f !== 'far').map((f) => [`report --format ${f}`, (dir: string) => ['report', '--format', f, '-o', path.join(dir, `report.${f}`)]])),
};

/** Every command `reps` times on 50,000 devices (order rotating each round), once on `large` devices. */
export async function reportFigure(reps: number, log: (line: string) => void, large = 200_000): Promise<FigureResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanaudit-bench-report-'));
  try {
    const names = Object.keys(COMMANDS);
    const measure = async (db: string, name: string): Promise<Run> => {
      const run = await runCli(['--db', db, ...COMMANDS[name]!(dir)], path.join(dir, 'stdout'));
      log(`  ${name}: ${run.seconds.toFixed(2)} s, CPU ${run.cpuSeconds.toFixed(2)} s, peak RSS ${run.peakMb.toFixed(0)} MB`);
      return run;
    };

    const small = path.join(dir, 'small.db');
    const ingested = await ingest(small, SMALL);
    log(`  ingest ${SMALL}: ${JSON.stringify(ingested)}`);
    const runs: Record<string, Run[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let rep = 0; rep < reps; rep += 1) {
      for (const name of [...names.slice(rep % names.length), ...names.slice(0, rep % names.length)]) runs[name]!.push(await measure(small, name));
    }
    rmSync(small);

    const big = path.join(dir, 'large.db');
    log(`  ingest ${large} (for peak RSS)…`);
    await ingest(big, large);
    const largeRuns: Record<string, Run> = {};
    for (const name of names) largeRuns[name] = await measure(big, name);

    const n = (count: number) => count.toLocaleString('en-US');
    const rows: Row[] = [
      row({
        figure: `4 ingest ${n(SMALL)} devices × 10 observations`,
        unit: 's',
        lanaudit: sample([ingested.totalSeconds]),
        target: '-',
        met: null,
        note: `store ${ingested.storeSeconds} s, resolve devices ${ingested.resolveSeconds} s, identify and save verdicts ${ingested.identifySeconds} s`,
      }),
    ];
    for (const name of names) {
      const s = sample(runs[name]!.map((r) => r.seconds));
      const cpu = sample(runs[name]!.map((r) => r.cpuSeconds));
      rows.push(row({ figure: `4 ${name}, ${n(SMALL)} devices`, unit: 's', lanaudit: s, target: `≤ ${TARGET_SECONDS} s`, met: s.median <= TARGET_SECONDS, note: `CPU ${cpu.median.toFixed(2)} s` }));
    }
    for (const name of names) {
      const peak = sample(runs[name]!.map((r) => r.peakMb));
      const atLarge = largeRuns[name]!;
      rows.push(
        row({
          figure: `4 ${name} peak RSS, ${n(large)} devices`,
          unit: 'MB',
          lanaudit: sample([atLarge.peakMb]),
          anchor: { name: `${n(SMALL)} devices`, sample: peak },
          target: `flat (≤ ${FLAT}×)`,
          met: atLarge.peakMb <= peak.median * FLAT,
          note: `${atLarge.seconds.toFixed(2)} s, CPU ${atLarge.cpuSeconds.toFixed(2)} s at ${n(large)} devices`,
        }),
      );
    }
    return { rows, details: { ingest: ingested, runs, large, largeRuns } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { reps: { type: 'string', default: '3' }, large: { type: 'string', default: '200000' } } });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`report benchmark: ${os.cpus().length} CPUs, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, Node ${process.version}`);
  const result = await reportFigure(Number(values.reps), log, Number(values.large));
  console.log(formatTable(result.rows));
  log(`load at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}
