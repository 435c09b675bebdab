import { createRequire } from 'node:module';
import { parseDeadline } from '../../config/deadline.js';
import { resolveConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import type { Inventory } from '../../inventory/inventory.js';
import type { DeviceFilter } from '../../inventory/types.js';
import { knowledgeDates } from '../../identify/knowledge-dates.js';
import { type ReportFormat, reportWriter } from '../../report/formats.js';
import { inventoryDevices } from '../../report/inventory-devices.js';
import { DEFAULT_FAR, type Deadline, type FarSettings, type ReportInput, type ReportMeta, type ScanWindow } from '../../report/report-input.js';
import { RuntimeError, UsageError } from '../../util/errors.js';
import { replaceFile } from '../../util/replace-file.js';
import { type GlobalOptions, withExistingInventory } from '../context.js';
import { parseSince } from './devices.js';

interface ReportOptions {
  readonly format: ReportFormat;
  readonly output?: string;
  readonly flagged: boolean;
  readonly since?: string;
  readonly org?: string;
  readonly site?: string;
  readonly contact?: string;
  readonly contract?: string;
  readonly order: string[];
  readonly supplier?: string;
  readonly uei?: string;
  readonly cage?: string;
  readonly clause?: string;
  readonly farInitial?: string;
  readonly farFollowup?: string;
}

interface ReportGlobals extends GlobalOptions {
  readonly config?: string;
}

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

/** Every scan that started since `since` (or all kept scans): the window the report's data comes from. */
function scanWindow(inv: Inventory, since: string | undefined): ScanWindow | undefined {
  const scans = inv.scans.list(1_000_000).filter((s) => since === undefined || s.startedAt >= since);
  if (!scans.length) return undefined;
  const from = scans.reduce((m, s) => (s.startedAt < m ? s.startedAt : m), scans[0]!.startedAt);
  const to = scans.reduce((m, s) => ((s.finishedAt ?? s.startedAt) > m ? (s.finishedAt ?? s.startedAt) : m), from);
  return { from, to, scans: scans.length };
}

/**
 * The report's data: devices (read as the writer walks them), triage in force, and the changes since
 * `since` (else those of the last compared scan, as `lanaudit changes`) of the devices reported.
 */
function gather(inv: Inventory, filter: DeviceFilter, since: string | undefined): Pick<ReportInput, 'devices' | 'triage' | 'changes'> & { window: ScanWindow | undefined } {
  const latest = since === undefined ? inv.changes.latestTrackedScan() : null;
  const query = since !== undefined ? { since } : latest !== null ? { scan: latest } : null;
  const events = query === null ? undefined : inv.changes.events(query);
  const reported = events && inv.listing.among(filter, new Set(events.map((e) => e.deviceId)));
  return {
    devices: inventoryDevices(inv, filter),
    // Decisions are made by people: few enough to read whole; writers look up the devices they write.
    triage: inv.triage.current(),
    ...(events === undefined ? {} : { changes: events.filter((e) => reported?.has(e.deviceId)) }),
    window: scanWindow(inv, since),
  };
}

function deadline(source: string, text: string | undefined, fallback: Deadline | null): Deadline | null {
  if (text === undefined) return fallback;
  const d = parseDeadline(text);
  if (!d) throw new UsageError(`${source}: "${text}" is not a deadline (e.g. 1bd for one business day, 10bd, 72h, 30d)`);
  return d;
}

/** FAR clause and deadlines: the option, else the config file's `report`, else FAR 52.204-25(d) as of 2026. */
function farSettings(opts: ReportOptions, cfg: Config['report']): FarSettings {
  const followUpText = opts.farFollowup ?? (cfg.deadlines?.followUp === null ? 'none' : cfg.deadlines?.followUp);
  return {
    clause: opts.clause ?? cfg.farClause ?? DEFAULT_FAR.clause,
    initial: deadline('--far-initial', opts.farInitial ?? cfg.deadlines?.initial, DEFAULT_FAR.initial) ?? DEFAULT_FAR.initial,
    followUp: followUpText === 'none' ? null : deadline('--far-followup', followUpText, DEFAULT_FAR.followUp),
  };
}

/** Report facts: each option, else the config file's `report` section. */
function reportMeta(opts: ReportOptions, cfg: Config['report'], since: string | undefined, window: ScanWindow | undefined): ReportMeta {
  const orders = opts.order.length ? opts.order : cfg.order === undefined ? [] : [cfg.order].flat();
  const optional = {
    since,
    organization: opts.org ?? cfg.organization,
    site: opts.site ?? cfg.site,
    contact: opts.contact ?? cfg.contact,
    contract: opts.contract ?? cfg.contract,
    orders: orders.length ? orders : undefined,
    supplier: opts.supplier ?? cfg.supplier,
    uei: opts.uei ?? cfg.uei,
    cage: opts.cage ?? cfg.cage,
    scanWindow: window,
  };
  return {
    generatedAt: new Date().toISOString(),
    tool: { name: 'lanaudit', version },
    flaggedOnly: opts.flagged,
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<ReportMeta>),
    far: farSettings(opts, cfg),
  };
}

export async function reportCommand(opts: ReportOptions, globals: ReportGlobals): Promise<void> {
  const since = opts.since === undefined ? undefined : parseSince(opts.since);
  const config = resolveConfig(globals.config).config;
  const cfg = config.report;
  const knowledge = knowledgeDates(new Date(), config.identification.registryMaxAgeMonths);
  const write = reportWriter(opts.format, opts.output);
  const filter: DeviceFilter = { ...(opts.flagged ? { flagged: true } : {}), ...(since ? { since } : {}) };
  // The writer reads the inventory as it writes: every pass (counts, then devices) in one snapshot.
  const written = await withExistingInventory(globals, (inv) =>
    inv.listing.snapshot(async () => {
      const { window, ...data } = gather(inv, filter, since);
      const input: ReportInput = { meta: { ...reportMeta(opts, cfg, since, window), knowledge }, ...data };
      try {
        if (opts.output === undefined) await write(process.stdout, input);
        else await replaceFile(opts.output, (out) => write(out, input), 0o640);
      } catch (err) {
        // Ours already say what went wrong (a damaged inventory row read mid-report, a refused output path).
        if (err instanceof UsageError || err instanceof RuntimeError) throw err;
        throw new RuntimeError(`could not write the report${opts.output ? ` to ${opts.output}` : ''}: ${(err as Error).message}`);
      }
      return inv.listing.count(filter);
    }),
  );
  if (opts.output !== undefined) process.stderr.write(`Wrote ${written} device${written === 1 ? '' : 's'} to ${opts.output}\n`);
}
