import { existsSync } from 'node:fs';
import { resolveConfig } from '../../config/load.js';
import { secretScrubber, configSecrets } from '../../config/redact.js';
import { nextRuns } from '../../config/schedule.js';
import { type Config, scheduleCron } from '../../config/schema.js';
import { knowledgeDates, knowledgeLines } from '../../identify/knowledge-dates.js';
import { Inventory } from '../../inventory/inventory.js';
import type { ScanHolder } from '../../inventory/scan-lock.js';
import type { AlertStore, TargetDeliveryState, UndeliveredAlert } from '../../inventory/alert-store.js';
import type { ScanRecord } from '../../inventory/types.js';
import type { SyncStore } from '../../inventory/sync-store.js';
import { dbPath, type GlobalOptions } from '../context.js';
import { paint, print, table, terminalJson } from '../terminal.js';
import { plainText } from '../../util/safe-text.js';

interface StatusOptions {
  readonly json: boolean;
  readonly scans: number;
}

interface ScanLine {
  readonly id: number;
  readonly startedAt: string;
  readonly seconds: number | null;
  readonly status: string;
  readonly devices: number;
  readonly flagged: number;
  readonly error: string | null;
}

type AlertState =
  | { readonly state: 'unavailable'; readonly reason: string }
  | {
      readonly state: 'not configured' | 'ok';
      readonly targets: readonly TargetDeliveryState[];
      /** Alerts no target has taken yet: raised with no target configured, or every target failing. */
      readonly undelivered: { readonly total: number; readonly newest: readonly UndeliveredAlert[] };
      readonly catchUpDays: number;
    };

const UNDELIVERED_SHOWN = 10;

/** Where this site pushes (no token), how far the server has acknowledged, what waits, and why the last push stopped. */
interface FleetState {
  readonly server: string | null;
  readonly site: string | null;
  readonly acked: number;
  readonly waiting: number;
  readonly waitingBytes: number;
  readonly lastPushAt: string | null;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
  readonly skippedDecisions: number;
}

function fleetState(sync: SyncStore, config: Config): FleetState {
  const state = sync.state();
  const outbox = sync.outboxSummary();
  const { fleet } = config;
  return {
    server: fleet?.url ?? null,
    site: fleet?.site ?? null,
    acked: state.ackedSeq,
    waiting: outbox.batches,
    waitingBytes: outbox.bytes,
    lastPushAt: state.lastPushAt,
    lastError: state.lastError,
    lastErrorAt: state.lastErrorAt,
    skippedDecisions: sync.skippedDecisions(),
  };
}

function scanLine(scan: ScanRecord): ScanLine {
  const end = scan.finishedAt === null ? null : Date.parse(scan.finishedAt);
  return {
    id: scan.id,
    startedAt: scan.startedAt,
    seconds: end === null ? null : Math.round((end - Date.parse(scan.startedAt)) / 100) / 10,
    status: scan.status,
    devices: scan.hosts,
    flagged: scan.flagged,
    error: scan.error ?? null,
  };
}

/** Delivery state from the alerts module (change tracking and alerts, issue 5 part B). */
async function alertState(alerts: AlertStore, config: Config): Promise<AlertState> {
  try {
    const { alertStatus } = await import('../../alerts/status.js');
    const targets = alertStatus(alerts, config.alerts);
    const undelivered = alerts.undeliveredAlerts(UNDELIVERED_SHOWN);
    return { state: targets.length === 0 ? 'not configured' : 'ok', targets, undelivered, catchUpDays: config.alerts.catchUpDays };
  } catch (err) {
    return { state: 'unavailable', reason: err instanceof Error ? err.message : String(err) };
  }
}

/** `lanaudit status`: recent scans, a scan running now, the next scheduled run, alert delivery. */
export async function statusCommand(opts: StatusOptions, globals: GlobalOptions): Promise<void> {
  const loaded = resolveConfig(globals.config);
  const scrub = secretScrubber(configSecrets(loaded.config));
  const cron = scheduleCron(loaded.config.schedule);
  const nextRun = cron === null ? null : (nextRuns(cron, 1)[0]?.toISOString() ?? null);
  const database = dbPath(globals, loaded.config);
  const knowledge = knowledgeDates(new Date(), loaded.config.identification.registryMaxAgeMonths);

  let scans: ScanLine[] = [];
  let running: ScanHolder | null = null;
  let fleet: FleetState | null = null;
  let alerts: AlertState = { state: 'not configured', targets: [], undelivered: { total: 0, newest: [] }, catchUpDays: loaded.config.alerts.catchUpDays };
  if (existsSync(database)) {
    const inventory = Inventory.open(database, { readonly: true });
    try {
      scans = inventory.scans.list(opts.scans).map(scanLine);
      running = inventory.scans.holder();
      alerts = await alertState(inventory.alerts, loaded.config);
      const synced = fleetState(inventory.sync, loaded.config);
      if (synced.server !== null || synced.acked > 0 || synced.waiting > 0) fleet = synced;
    } finally {
      inventory.close();
    }
  }

  if (opts.json) {
    process.stdout.write(scrub(`${terminalJson({ database, config: loaded.path, schedule: cron, nextRun, knowledge, running, scans, alerts, fleet })}\n`));
    return;
  }
  const out: string[] = [];
  out.push(`Inventory: ${database}${existsSync(database) ? '' : ' (none yet: no scan has run)'}`);
  out.push(`Configuration: ${loaded.path ?? 'none (defaults)'}`);
  out.push(cron === null ? 'Schedule: none configured' : `Schedule: ${cron}; next run ${nextRun ?? 'never'}`);
  out.push(...knowledgeLines(knowledge));
  for (const warning of knowledge.warnings) out.push(paint(`Warning: ${warning}`, 'yellow'));
  if (running !== null) out.push(`Running now: scan ${running.id} (pid ${running.pid ?? '?'} on ${running.hostname ?? '?'}, started ${running.startedAt})`);
  out.push('');
  if (scans.length === 0) {
    out.push('No scans yet.');
  } else {
    out.push('Recent scans:');
    out.push(
      table(
        ['Scan', 'Started', 'Duration', 'Status', 'Devices', 'Flagged', 'Error'],
        scans.map((s) => [String(s.id), s.startedAt, s.seconds === null ? '-' : `${s.seconds} s`, s.status, String(s.devices), String(s.flagged), s.error ?? '']),
        { styleCell: (row, col, padded) => (col === 5 && (scans[row]?.flagged ?? 0) > 0 ? paint(padded, 'red') : padded) },
      ),
    );
  }
  out.push('');
  const central = loaded.config.fleet?.alerts === 'central';
  if (central) out.push('Alerts: sent by the fleet server (fleet.alerts: central); recorded here too');
  else if (alerts.state === 'not configured') out.push('Alerts: no target configured');
  else if (alerts.state === 'unavailable') out.push(`Alerts: delivery state unavailable (${alerts.reason})`);
  else {
    out.push('Alerts:');
    out.push(
      table(
        ['Target', 'Delivered', 'Pending', 'Failed', 'Abandoned', 'Last success', 'Last failure'],
        alerts.targets.map((t) => [
          t.target,
          String(t.delivered),
          String(t.pending),
          String(t.failed),
          String(t.abandoned),
          t.lastSuccess ?? '-',
          t.lastFailure === null ? '-' : `${t.lastFailure.at}: ${t.lastFailure.error}`,
        ]),
        { maxCell: 100 },
      ),
    );
  }
  if (!central && alerts.state !== 'unavailable' && alerts.undelivered.total > 0) {
    const { total, newest } = alerts.undelivered;
    out.push('');
    out.push(paint(`Undelivered alerts: ${total} (no target has taken them)${total > newest.length ? `; the newest ${newest.length}` : ''}:`, 'yellow'));
    out.push(
      table(
        ['Alert', 'Raised', 'Reason', 'Device', 'Queued'],
        newest.map((a) => [String(a.id), a.at, a.reason, a.ip, a.queued === 0 ? 'no target' : `${a.queued} target${a.queued === 1 ? '' : 's'}`]),
      ),
    );
    out.push(
      alerts.catchUpDays > 0
        ? `A target added to alerts receives those raised in the last ${alerts.catchUpDays} days whose device still needs action (alerts.catchUpDays).`
        : 'A target added to alerts receives none of them (alerts.catchUpDays: 0).',
    );
  }
  if (fleet !== null) {
    out.push('');
    out.push(`Fleet: ${fleet.server === null ? 'not configured (batches remain from before)' : `${fleet.server} as site ${fleet.site ?? '?'}`}`);
    out.push(`  acknowledged up to batch ${fleet.acked}; ${fleet.waiting} batch${fleet.waiting === 1 ? '' : 'es'} waiting (${fleet.waitingBytes} bytes); last push ${fleet.lastPushAt ?? 'never'}`);
    if (fleet.lastError !== null) out.push(paint(`  last error (${fleet.lastErrorAt ?? '?'}): ${plainText(fleet.lastError, 500)}`, 'red'));
    if (fleet.skippedDecisions > 0) out.push(paint(`  ${fleet.skippedDecisions} central decision${fleet.skippedDecisions === 1 ? '' : 's'} for devices this site no longer has (kept, not applied)`, 'yellow'));
  }
  print(scrub(out.join('\n')));
}
