import { resolveConfig } from '../../config/load.js';
import type { RetentionPolicy } from '../../inventory/retention.js';
import { UsageError } from '../../util/errors.js';
import { type GlobalOptions, withInventory } from '../context.js';
import { print, printJson } from '../terminal.js';

interface PruneOptions {
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly keepScans?: number;
  readonly keepDays?: number;
}

/** `lanaudit prune`: the configured retention (or the options given) applied now; --dry-run only counts. */
export async function pruneCommand(opts: PruneOptions, globals: GlobalOptions): Promise<void> {
  const loaded = resolveConfig(globals.config);
  const { retention, tracking } = loaded.config;
  const policy: RetentionPolicy = {
    keepScans: opts.keepScans ?? retention.keepScans,
    keepObservationsDays: opts.keepDays ?? retention.keepObservationsDays,
  };
  if (policy.keepScans === undefined && policy.keepObservationsDays === undefined) {
    throw new UsageError('no retention configured: set retention.keepScans or retention.keepObservationsDays, or give --keep-scans / --keep-days');
  }
  if (policy.keepScans !== undefined && policy.keepScans < tracking.goneAfterScans) {
    throw new UsageError(`--keep-scans: expected at least tracking.goneAfterScans (${tracking.goneAfterScans}): a device is called gone only after that many kept scans missed it`);
  }
  const report = await withInventory(globals, (inv) => inv.prune(policy, { dryRun: opts.dryRun }), opts.dryRun, loaded.config);
  if (opts.json) return printJson({ dryRun: opts.dryRun, keepScans: policy.keepScans ?? null, keepObservationsDays: policy.keepObservationsDays ?? null, ...report });
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  print(
    `${opts.dryRun ? 'Would delete' : 'Deleted'} ${plural(report.sightings, 'sighting')}, ${plural(report.observations, 'unresolved observation')} and ${plural(report.scans, 'scan')}.`,
  );
  if (report.scansKept > 0) {
    print(`${plural(report.scansKept, 'older scan')} kept: ${report.scansKept === 1 ? 'a fact was' : 'facts were'} last seen in ${report.scansKept === 1 ? 'it' : 'them'}, or change tracking counts from ${report.scansKept === 1 ? 'it' : 'them'}.`);
  }
}
