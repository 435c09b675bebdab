/** The figures measured on this host without a network (issue 7, 3 and 5; figure 4 is report-bench.ts). */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { BIN, ROOT } from '../helpers/cli.js';
import type { FigureResult } from './lab-figures.js';
import { alternate, row, sample } from './stats.js';

interface Ran {
  readonly seconds: number;
  readonly stdout: string;
}

function timed(cmd: string, args: readonly string[], timeoutMs = 600_000): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(cmd, args, { cwd: ROOT, timeout: timeoutMs, maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      const seconds = (performance.now() - started) / 1000;
      if (error) reject(new Error(`${cmd} ${args.join(' ')}: ${error.message}\n${stderr.slice(-2000)}`));
      else resolve({ seconds, stdout });
    });
  });
}

const tsx = (script: string, ...args: string[]) => ['--import', 'tsx', path.join(ROOT, 'test/bench', script), ...args];

/** Figure 3: identify throughput on 1,000,000 generated observations (test/bench/identify-throughput.ts), and its peak memory. */
export async function identifyFigure(reps: number, log: (l: string) => void): Promise<FigureResult> {
  const rates: number[] = [];
  const peaks: number[] = [];
  for (let i = 0; i < reps; i += 1) {
    const r = await timed(process.execPath, tsx('identify-throughput.ts', '1000000'));
    const rate = /throughput: ([\d,]+) observations\/s/.exec(r.stdout)?.[1];
    const peak = /peak RSS: (\d+) MB/.exec(r.stdout)?.[1];
    if (!rate || !peak) throw new Error(`identify-throughput printed no figures:\n${r.stdout}`);
    rates.push(Number(rate.replace(/,/g, '')));
    peaks.push(Number(peak));
    log(`  identify: ${rates.at(-1)!.toLocaleString('en-US')} observations/s, peak RSS ${peaks.at(-1)} MB`);
  }
  const rate = sample(rates);
  return {
    rows: [
      row({ figure: '3 identify throughput, 1,000,000 observations', unit: 'obs/s', lanaudit: rate, target: '≥ 100,000/s', met: rate.median >= 100_000 }),
      row({ figure: '3 identify peak RSS', unit: 'MB', lanaudit: sample(peaks), target: '-', met: null, note: 'includes the pre-rendered input held in memory (about 100 MB of JSON Lines)' }),
    ],
    details: { rates, peaks },
  };
}

/** Figure 5: start-up of a fresh process, against `node -e 0` in the same run. */
export async function startupFigure(reps: number, log: (l: string) => void): Promise<FigureResult> {
  const commands = { 'node -e 0': ['-e', '0'], 'lanaudit --version': [BIN, '--version'], 'lanaudit oui': [BIN, 'oui', '58:50:ed:1f:e3:85'] } as const;
  const times = await alternate(reps, Object.keys(commands) as (keyof typeof commands)[], async (name) => (await timed(process.execPath, [...commands[name]])).seconds);
  const anchor = sample(times['node -e 0']);
  log(`  node -e 0: median ${(anchor.median * 1000).toFixed(0)} ms`);
  const rows = (['lanaudit --version', 'lanaudit oui'] as const).map((name) => {
    const s = sample(times[name]);
    return row({
      figure: `5 ${name === 'lanaudit oui' ? 'lanaudit oui <mac>' : name} cold`,
      unit: 's',
      lanaudit: s,
      anchor: { name: 'node -e 0', sample: anchor },
      target: '≤ 200 ms',
      met: s.median <= 0.2,
      note: `${Math.round((s.median - anchor.median) * 1000)} ms over starting Node itself`,
    });
  });
  return { rows, details: { times } };
}
