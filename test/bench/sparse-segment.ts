/**
 * Figure 8 (#15): a sparse /16. 65,536 addresses with 500 live hosts spread evenly over them (every
 * other device of site-large, same answers, new addresses), in one lab; `nmap -sn`, `lanaudit scan`
 * with the nmap engine and with the native engine, alternating, each from a cold neighbour table:
 * hosts found with their MAC and time. Target: every host found, ≤ 1.5× `nmap -sn`.
 *
 * The kernel's neighbour table (gc_thresh3, ~1,000 entries) is shared by every namespace: 500 live
 * hosts and a resolving sweep fill half of it, so this figure runs alone. It takes
 * /tmp/lanaudit-lab.lock (the lock lab tests run under) without waiting, and refuses to start when
 * the lock is held or another lab is up.
 *
 * As root: npx tsx test/bench/sparse-segment.ts [--reps 1] [--engines native,nmap] (or `npm run bench -- --only 8`);
 * --engines measures only those engines beside `nmap -sn` (the whole figure takes ~45 min).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatIpv4, parseIpv4 } from '../../src/scope/ipv4.js';
import { ROOT } from '../helpers/cli.js';
import type { Score } from '../integration/ground-truth.js';
import type { ProfileInput } from '../lab/lab.js';
import { generateLarge } from '../lab/profiles/generate-large.js';
import { existingLabIds } from '../lab/network/teardown.js';
import { nmapSn, scanArgs, scoreDb, summary, timedExec, withBenchLab, type FigureResult } from './lab-figures.js';
import { parseNmapHosts } from './nmap-output.js';
import { alternate, row, sample, type Row } from './stats.js';

const LAB_LOCK = '/tmp/lanaudit-lab.lock';
/** flock's exit code when the lock is held (-E): tells "busy" from the child's own failure. */
const LOCK_BUSY = 75;
const SUBNET = '10.90.0.0/16';
const SCANNER = '10.90.0.2';
const HOSTS = 500;
const RATIO_TARGET = 1.5;
/**
 * A native sweep of 65,536 addresses pays the kernel's ARP give-up (3 s) per window of at most 256,
 * plus a retry bounded to a quarter of that (retry-plan.ts): ~15-20 min on a busy 2-core machine.
 */
const SCAN_TIMEOUT_MS = 7_200_000;

/** site-large's devices, every other one, at 10.90.0.10 + k × 131: one live address in 131. */
export function sparseProfile(): ProfileInput {
  const large = generateLarge();
  const base = parseIpv4('10.90.0.10')!;
  const devices = large.devices.filter((_, i) => i % 2 === 0).slice(0, HOSTS).map((d, k) => ({ ...d, ip: formatIpv4(base + k * 131) }));
  if (devices.length !== HOSTS) throw new Error(`site-large has ${devices.length * 2} devices, need ${HOSTS * 2}`);
  return {
    name: 'sparse-16',
    description: `${HOSTS} of site-large's hosts spread evenly over a /16 (one live address in 131)`,
    segments: [{ name: 'sparse', subnet: SUBNET, scanner: SCANNER }],
    devices,
  };
}

type Engine = 'native' | 'nmap engine';
const ENGINES: readonly Engine[] = ['nmap engine', 'native'];

interface Measured {
  readonly times: Partial<Record<'nmap -sn' | Engine, number[]>>;
  readonly snHosts: number[];
  readonly scores: Record<'native' | 'nmap engine', Score[]>;
  readonly devices: number;
}

/** The measurement itself: run only under the lab lock (main below). */
async function measure(reps: number, engines: readonly Engine[], log: (line: string) => void): Promise<Measured> {
  const others = await existingLabIds();
  if (others.length > 0) throw new Error(`other labs are up (${others.join(', ')}): figure 8 needs the neighbour table to itself`);
  return withBenchLab(sparseProfile(), 'benchsparse', async (lab, dir) => {
    const scores: Measured['scores'] = { native: [], 'nmap engine': [] };
    const snHosts: number[] = [];
    let run = 0;
    const times = await alternate(reps, ['nmap -sn', ...engines] as const, async (which) => {
      run += 1;
      if (which === 'nmap -sn') {
        const r = await timedExec(lab, nmapSn(lab), SCAN_TIMEOUT_MS);
        snHosts.push(parseNmapHosts(r.value).filter((h) => h.mac !== null).length);
        log(`  sparse /16 nmap -sn: ${r.seconds.toFixed(2)} s, ${snHosts.at(-1)} hosts with MAC`);
        return r.seconds;
      }
      const engine = which === 'native' ? 'native' : 'nmap';
      const db = path.join(dir, `${engine}-${run}.db`);
      const r = await timedExec(lab, scanArgs(lab, engine, db), SCAN_TIMEOUT_MS);
      const s = scoreDb(db, lab);
      scores[which].push(s);
      log(`  sparse /16 lanaudit (${engine}): ${r.seconds.toFixed(2)} s, ${s.foundWithMac}/${s.devices} with MAC, ${s.flaggedRight}/${s.covered} covered flagged`);
      return r.seconds;
    });
    return { times, snHosts, scores, devices: lab.devices.length };
  });
}

function rows(m: Measured): FigureResult {
  const sn = sample(m.times['nmap -sn'] ?? []);
  const out: Row[] = [];
  for (const which of ['nmap engine', 'native'] as const) {
    const measured = m.times[which];
    if (measured === undefined) continue;
    const s = sample(measured);
    const withMac = m.scores[which].map((x) => x.foundWithMac);
    out.push(row({ figure: `8 sparse /16, ${HOSTS} hosts, inventory (${which}) vs nmap -sn`, unit: 's', lanaudit: s, anchor: { name: 'nmap -sn', sample: sn }, target: `≤ ${RATIO_TARGET}×`, met: s.median / sn.median <= RATIO_TARGET }));
    out.push(
      row({
        figure: `8 sparse /16 hosts found with MAC (${which})`,
        unit: 'hosts',
        lanaudit: sample(withMac),
        anchor: { name: 'nmap -sn', sample: sample(m.snHosts) },
        target: `all ${m.devices}, every run`,
        met: withMac.every((n) => n === m.devices),
      }),
    );
  }
  return { rows: out, details: { subnet: SUBNET, devices: m.devices, times: m.times, nmapSnHosts: m.snHosts, scores: Object.fromEntries(Object.entries(m.scores).map(([k, v]) => [k, v.map(summary)])) } };
}

/**
 * Figure 8 for run.ts: the measurement runs in a child process under `flock -n` on the lab lock, so
 * the lock covers the lab from build to teardown and is released whatever happens to the child.
 */
export function sparseSegmentFigure(reps: number, log: (line: string) => void, engines: readonly Engine[] = ENGINES): Promise<FigureResult> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn('flock', ['-n', '-E', String(LOCK_BUSY), LAB_LOCK, process.execPath, '--import', 'tsx', script, '--locked', '--reps', String(reps), '--engines', engines.map((e) => (e === 'native' ? 'native' : 'nmap')).join(',')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    // The child's progress lines, passed on as they come.
    let pending = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      const lines = (pending + text).split('\n');
      pending = lines.pop()!;
      for (const line of lines) log(line);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (pending) log(pending);
      if (code === LOCK_BUSY) reject(new Error(`${LAB_LOCK} is held (lab tests or another lab bench are running): figure 8 runs alone`));
      else if (code !== 0) reject(new Error(`figure 8 exited ${code}`));
      else resolve(rows(JSON.parse(stdout.trim().split('\n').at(-1)!) as Measured));
    });
  });
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { reps: { type: 'string', default: '1' }, engines: { type: 'string', default: 'nmap,native' }, locked: { type: 'boolean', default: false } } });
  const reps = Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1) throw new Error('--reps must be a positive whole number');
  const engines = values.engines.split(',').map((e): Engine => {
    if (e === 'native') return 'native';
    if (e === 'nmap') return 'nmap engine';
    throw new Error(`--engines: "${e}" is neither native nor nmap`);
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (values.locked) {
    // The child: the caller holds the lock. Result on the last line of stdout.
    process.stdout.write(`${JSON.stringify(await measure(reps, engines, log))}\n`);
  } else {
    const { formatTable } = await import('./stats.js');
    console.log(formatTable((await sparseSegmentFigure(reps, log, engines)).rows));
  }
}
