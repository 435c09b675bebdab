import { resolveConfig } from '../../config/load.js';
import { configSecrets, secretScrubber } from '../../config/redact.js';
import type { Inventory } from '../../inventory/inventory.js';
import { serverPosition } from '../../sync/push.js';
import { fleetEndpoint, syncNow, type SyncReport } from '../../sync/sync-now.js';
import { UsageError } from '../../util/errors.js';
import { plainText } from '../../util/safe-text.js';
import { withInventory, type GlobalOptions } from '../context.js';
import { paint, print } from '../terminal.js';

interface SyncOptions {
  readonly json: boolean;
  readonly resendAll: boolean;
}

/** `lanaudit sync`: puts what changed into batches and pushes the outbox to the fleet server now. Exit 1 when the push stopped. */
export async function syncCommand(opts: SyncOptions, globals: GlobalOptions): Promise<number> {
  const loaded = resolveConfig(globals.config);
  const fleet = loaded.config.fleet;
  if (fleet === undefined) throw new UsageError('no fleet: section in the configuration: add fleet.url, fleet.site and fleet.token (or tokenFile) to push to a fleet server');
  const scrub = secretScrubber(configSecrets(loaded.config));
  const endpoint = fleetEndpoint(fleet);
  const report = await withInventory(
    globals,
    async (inventory: Inventory) => {
      if (opts.resendAll) inventory.sync.restart(await serverPosition(endpoint));
      return syncNow(inventory, fleet, endpoint);
    },
    false,
    loaded.config,
  );
  if (opts.json) {
    process.stdout.write(scrub(`${JSON.stringify({ server: fleet.url, site: fleet.site, ...report }, null, 2)}\n`));
  } else {
    print(scrub(summary(report, fleet.url)));
  }
  return report.ok ? 0 : 1;
}

function summary(r: SyncReport, url: string): string {
  const built = r.built.reduce((n, b) => n + b.bytes, 0);
  const lines = [
    `Fleet server ${url}: ${r.built.length} new batch${r.built.length === 1 ? '' : 'es'} (${built} bytes), ${r.sent} sent${r.duplicates ? ` (${r.duplicates} already there)` : ''}, acknowledged up to ${r.acked}, ${r.waiting} waiting.`,
  ];
  if (r.decisionsApplied > 0) lines.push(`${r.decisionsApplied} central triage decision${r.decisionsApplied === 1 ? '' : 's'} applied.`);
  for (const line of r.skippedDecisions) lines.push(paint(`warning: ${plainText(line, 300)}`, 'yellow'));
  if (r.error !== null) lines.push(paint(`Push stopped: ${r.error}`, 'red'));
  return lines.join('\n');
}
