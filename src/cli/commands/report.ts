import { createRequire } from 'node:module';
import { parseDeadline } from '../../config/deadline.js';
import { resolveConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import type { Inventory } from '../../inventory/inventory.js';
import { type ReportFormat, reportWriter } from '../../report/formats.js';
import { toReportDevice } from '../../report/report-device.js';
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
  const scans = inv.listScans(1_000_000).filter((s) => since === undefined || s.startedAt >= since);
  if (!scans.length) return undefined;
  const from = scans.reduce((m, s) => (s.startedAt < m ? s.startedAt : m), scans[0]!.startedAt);
  const to = scans.reduce((m, s) => ((s.finishedAt ?? s.startedAt) > m ? (s.finishedAt ?? s.startedAt) : m), from);
  return { from, to, scans: scans.length };
}

/** The report's data: devices, triage in force, and the changes since `since` (else those of the last compared scan, as `lanaudit changes`). */
function gather(inv: Inventory, opts: ReportOptions, since: string | undefined): Pick<ReportInput, 'devices' | 'triage' | 'changes'> & { window: ScanWindow | undefined } {
  // Each device record is dropped as soon as it is converted: only the report's view of it stays.
  const devices = Array.from(inv.iterateDevices({ ...(opts.flagged ? { flagged: true } : {}), ...(since ? { since } : {}) }), toReportDevice);
  const latest = since === undefined ? inv.changes.latestTrackedScan() : null;
  const query = since !== undefined ? { since } : latest !== null ? { scan: latest } : null;
  const ids = new Set(devices.map((d) => d.id));
  return {
    devices,
    triage: inv.triage.current(ids),
    ...(query === null ? {} : { changes: inv.changes.events(query).filter((e) => ids.has(e.deviceId)) }),
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
  const cfg = resolveConfig(globals.config).config.report;
  const write = reportWriter(opts.format, opts.output);
  const { window, ...data } = await withExistingInventory(globals, (inv) => gather(inv, opts, since));
  const input: ReportInput = { meta: reportMeta(opts, cfg, since, window), ...data };
  try {
    if (opts.output === undefined) await write(process.stdout, input);
    else {
      await replaceFile(opts.output, (out) => write(out, input), 0o640);
      process.stderr.write(`Wrote ${input.devices.length} device${input.devices.length === 1 ? '' : 's'} to ${opts.output}\n`);
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new RuntimeError(`could not write the report${opts.output ? ` to ${opts.output}` : ''}: ${(err as Error).message}`);
  }
}
