import { chooseEngine, DEFAULT_PORTS } from '../../discovery/index.js';
import type { EngineName } from '../../discovery/engine.js';
import { identify } from '../../identify/identify.js';
import { runScan } from '../../pipeline/run-scan.js';
import { ProbePlan } from '../../probes/probe-plan.js';
import { toReportDevice } from '../../report/report-device.js';
import { buildScope } from '../../scope/index.js';
import { type GlobalOptions, withInventory } from '../context.js';
import { deviceTable } from '../device-table.js';
import { paint, print, printJson } from '../terminal.js';

export const EXIT_FLAGGED = 3;

interface ScanOptions {
  readonly exclude: string[];
  readonly engine: 'auto' | EngineName;
  readonly deep: boolean;
  readonly ports?: number[];
  readonly timeout: number;
  readonly concurrency: number;
  readonly rate: number;
  readonly maxHosts: number;
  readonly allowPublic: boolean;
  readonly linkLocal: boolean;
  readonly probes: boolean;
  readonly probeTimeout: number;
  readonly failOnFlagged: boolean;
  readonly json: boolean;
}

function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

export async function scanCommand(targets: string[], opts: ScanOptions, globals: GlobalOptions): Promise<number> {
  const { scope, notes } = buildScope({
    targets,
    exclude: opts.exclude,
    maxHosts: opts.maxHosts,
    allowPublic: opts.allowPublic,
    linkLocal: opts.linkLocal,
  });
  notes.forEach(note);
  const { engine, reason } = chooseEngine(opts.engine);
  note(`Engine: ${engine.name} (${reason})`);
  note(`Scanning ${scope.size} address${scope.size === 1 ? '' : 'es'}: ${scope.labels.join(', ')}${scope.excluded.length ? ` excluding ${scope.excluded.join(', ')}` : ''}`);

  // First Ctrl-C/SIGTERM: stop probing, keep what was found, store the scan as interrupted. Second: leave at once.
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    note(`${signal}: stopping; what was found so far is kept and the scan is stored as interrupted.`);
    controller.abort();
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);

  const started = Date.now();
  try {
    return await withInventory(globals, async (inventory) => {
      const result = await runScan({
        scope,
        engine,
        inventory,
        identify: (obs) => identify(obs),
        signal: controller.signal,
        ...(opts.probes ? { probes: new ProbePlan(scope, { timeoutMs: opts.probeTimeout, concurrency: Math.min(opts.concurrency, 64) }) } : {}),
        onWarning: (message) => note(`warning: ${message}`),
        options: {
          ports: opts.ports ?? DEFAULT_PORTS,
          connectTimeoutMs: opts.timeout,
          concurrency: opts.concurrency,
          rate: opts.rate,
          deep: opts.deep,
          onWarning: (message) => note(`warning: ${message}`),
        },
      });
      const ids = new Set(result.deviceIds);
      const seen = inventory.listDevices({}).filter((d) => ids.has(d.id)).map(toReportDevice);
      const flagged = seen.filter((d) => d.status === 'covered');
      const review = seen.filter((d) => d.status === 'review');
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (opts.json) {
        printJson({ scan: result.scanId, status: result.status, seconds: Number(seconds), devices: seen.length, flagged, review: review.length, error: result.error ?? null });
      } else {
        print(`Scan ${result.scanId} ${result.status} in ${seconds} s: ${seen.length} device${seen.length === 1 ? '' : 's'} found, ${paint(`${flagged.length} covered`, flagged.length ? 'red' : 'green')}, ${review.length} to review.`);
        if (result.error) print(paint(`Discovery stopped early: ${result.error}`, 'yellow'));
        if (flagged.length) print(`\n${deviceTable(flagged)}`);
        if (review.length) print(`\nTo review (run lanaudit show <ip> for the evidence):\n${deviceTable(review)}`);
      }
      return opts.failOnFlagged && flagged.length ? EXIT_FLAGGED : result.status === 'complete' ? 0 : 1;
    });
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
  }
}
