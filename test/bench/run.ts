/**
 * `npm run bench` (as root: the lab figures run in network namespaces): issue 7's benchmarks, each
 * figure beside its anchor in the same run, repeated with the order alternating, reported as
 * median and range. Prints a table and writes bench-results/<timestamp>.json.
 *
 * Options: --only 1,2,… (figures), --reps N (pairs for figure 1, start-up and reports; default 5),
 * --large-reps N (figure 2; default 3), --service-reps N (nmap -sV runs; default 2; 0 skips them),
 * --agent-scans N (default 10), --agent-engine native|nmap|auto (default auto: what the agent picks; nmap as root).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuilt, ROOT } from '../helpers/cli.js';
import { labAvailable } from '../lab/lab.js';
import { agentMemoryFigure, siteLargeFigure, siteSmallFigure, type FigureResult } from './lab-figures.js';
import { identifyFigure, startupFigure } from './local-figures.js';
import { reportFigure } from './report-bench.js';
import { sparseSegmentFigure } from './sparse-segment.js';
import { unchangedSiteFigure } from './unchanged-site.js';
import { formatTable, type Row } from './stats.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    reps: { type: 'string', default: '5' },
    'large-reps': { type: 'string', default: '3' },
    'service-reps': { type: 'string', default: '2' },
    'agent-scans': { type: 'string', default: '10' },
    'agent-engine': { type: 'string', default: 'auto' },
  },
});
const count = (name: string, text: string, least = 1): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < least) throw new Error(`--${name} must be a whole number of at least ${least}`);
  return n;
};
const reps = count('reps', values.reps);
const wanted = new Set((values.only ?? '1,2,3,4,5,6,8').split(',').map((s) => s.trim()));
const log = (line: string) => process.stderr.write(`${line}\n`);

function version(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).split('\n')[0]!.trim();
  } catch {
    return 'not installed';
  }
}

const machine = {
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
  kernel: os.release(),
  node: process.version,
  nmap: version('nmap', ['--version']),
  gcThresh3: version('cat', ['/proc/sys/net/ipv4/neigh/default/gc_thresh3']),
  commit: version('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
  loadAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
};
log(`machine: ${machine.cores} × ${machine.cpu}, ${machine.memoryGb} GB, Linux ${machine.kernel}, Node ${machine.node}, ${machine.nmap}, load ${machine.loadAtStart.join(' ')}`);

log('building (tsc, then the OUI index as npm run build does)…');
ensureBuilt();
execFileSync(process.execPath, [path.join(ROOT, 'dist/identify/build-oui-index.js')], { stdio: 'ignore' });

const lab = labAvailable();
const labOptions = { reps, serviceReps: count('service-reps', values['service-reps'], 0), log };
const figures: [string, string, boolean, () => Promise<FigureResult>][] = [
  ['1', 'site-small /24 against nmap -sn and nmap -sV', true, () => siteSmallFigure(labOptions)],
  ['2', 'site-large /22, 1,000 hosts, against nmap -sn', true, () => siteLargeFigure({ ...labOptions, reps: count('large-reps', values['large-reps']) })],
  ['3', 'identify throughput', false, () => identifyFigure(Math.min(reps, 3), log)],
  ['4', 'inventory: ingest, devices --json and reports at 50,000 devices, peak RSS to 200,000', false, () => reportFigure(Math.min(reps, 3), log)],
  ['5', 'start-up', false, () => startupFigure(Math.max(reps, 10), log)],
  ['6', 'agent memory over scheduled scans', true, () => agentMemoryFigure({ ...labOptions, scans: count('agent-scans', values['agent-scans']), engine: values['agent-engine'] })],
  ['7', 'inventory growth: 100 scans of an unchanged 23-device site', false, () => unchangedSiteFigure(log)],
  ['8', 'sparse /16, 500 hosts, both engines against nmap -sn (alone: takes the lab lock)', true, () => sparseSegmentFigure(1, log)],
];

const rows: Row[] = [];
const results: Record<string, unknown> = {};
const failures: string[] = [];
for (const [id, title, needsLab, measure] of figures) {
  if (!wanted.has(id)) continue;
  if (needsLab && !lab.ok) {
    failures.push(`figure ${id} (${title}) skipped: ${lab.why} (run as root: sudo npm run bench)`);
    log(failures.at(-1)!);
    continue;
  }
  log(`figure ${id}: ${title}`);
  const started = performance.now();
  try {
    const result = await measure();
    rows.push(...result.rows);
    results[id] = { title, seconds: Math.round(performance.now() - started) / 1000, rows: result.rows, details: result.details };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failures.push(`figure ${id} (${title}) failed: ${message}`);
    log(failures.at(-1)!);
    results[id] = { title, error: message };
  }
}

const finishedAt = new Date();
const out = { startedAt: new Date(Date.now() - performance.now()).toISOString(), finishedAt: finishedAt.toISOString(), machine: { ...machine, loadAtEnd: os.loadavg().map((x) => Number(x.toFixed(2))) }, options: values, figures: results, failures };
const dir = path.join(ROOT, 'bench-results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `${finishedAt.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);

console.log(`\nlanaudit benchmarks: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, Node ${machine.node}, ${machine.nmap}, load ${machine.loadAtStart.join(' ')} → ${out.machine.loadAtEnd.join(' ')}\n`);
console.log(formatTable(rows));
if (failures.length) console.log(`\n${failures.join('\n')}`);
console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
process.exitCode = failures.length ? 1 : 0;
