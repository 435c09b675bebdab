import cliProgress from 'cli-progress';
import type { ScanListener, ScanPhase } from '../agent/scan-job.js';

export interface ScanProgress extends ScanListener {
  /** Prints a line above the bar without tearing it. */
  log(text: string): void;
  stop(): void;
}

const PHASE_LABEL: Readonly<Record<ScanPhase, string>> = {
  discovery: 'discovery',
  probes: 'identifying (probes)',
  identification: 'identifying (rules)',
  done: 'done',
};

/** Progress only for a person watching: both streams on a terminal, no JSON wanted. */
export function wantsProgress(json: boolean, stdout: { isTTY?: boolean } = process.stdout, stderr: { isTTY?: boolean } = process.stderr): boolean {
  return !json && Boolean(stdout.isTTY) && Boolean(stderr.isTTY);
}

/** A one-line bar on standard error: phase, hosts done / total, found, flagged, elapsed. */
export function createScanProgress(stream: NodeJS.WriteStream = process.stderr): ScanProgress {
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: ' {phase} [{bar}] {value}/{total} hosts | {found} found | {flagged} flagged | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | undefined;
  const payload = { phase: PHASE_LABEL.discovery, found: 0, flagged: 0 };
  const update = (fields: Partial<typeof payload>) => {
    Object.assign(payload, fields);
    bar?.update(payload);
  };
  return {
    started: ({ scopeSize }) => {
      bar ??= multi.create(scopeSize, 0, payload);
    },
    phase: (phase) => update({ phase: PHASE_LABEL[phase] }),
    discovery: ({ done, total }) => {
      bar?.setTotal(total);
      bar?.update(done, payload);
    },
    found: (found) => update({ found }),
    flagged: (flagged) => update({ flagged }),
    log: (text) => multi.log(`${text}\n`),
    stop: () => multi.stop(),
  };
}
