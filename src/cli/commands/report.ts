import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createRequire } from 'node:module';
import type { Inventory } from '../../inventory/inventory.js';
import { parseDeadline } from '../../report/deadline.js';
import { type ReportFormat, reportWriter } from '../../report/formats.js';
import { toReportDevice } from '../../report/report-device.js';
import { DEFAULT_FAR, type Deadline, type ReportMeta, type ScanWindow } from '../../report/report-input.js';
import { RuntimeError, UsageError } from '../../util/errors.js';
import { type GlobalOptions, withInventory } from '../context.js';
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

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

/** Every scan that started since `since` (or all kept scans): the window the report's data comes from. */
function scanWindow(inv: Inventory, since: string | undefined): ScanWindow | undefined {
  const scans = inv.listScans(1_000_000).filter((s) => since === undefined || s.startedAt >= since);
  if (!scans.length) return undefined;
  const from = scans.reduce((m, s) => (s.startedAt < m ? s.startedAt : m), scans[0]!.startedAt);
  const to = scans.reduce((m, s) => ((s.finishedAt ?? s.startedAt) > m ? (s.finishedAt ?? s.startedAt) : m), from);
  return { from, to, scans: scans.length };
}

function deadline(option: string, text: string | undefined, fallback: Deadline): Deadline {
  if (text === undefined) return fallback;
  const d = parseDeadline(text);
  if (!d) throw new UsageError(`${option}: "${text}" is not a deadline (e.g. 1bd for one business day, 10bd, 72h, 30d)`);
  return d;
}

/**
 * Report metadata comes from CLI options for now; issue 5's config file will supply the same
 * fields (organization, UEI, CAGE, contract and order numbers, FAR clause and deadlines).
 */
function reportMeta(opts: ReportOptions, since: string | undefined, window: ScanWindow | undefined): ReportMeta {
  const followUp = opts.farFollowup === 'none' ? null : deadline('--far-followup', opts.farFollowup, DEFAULT_FAR.followUp ?? { amount: 10, unit: 'business-days' });
  const optional = {
    since,
    organization: opts.org,
    site: opts.site,
    contact: opts.contact,
    contract: opts.contract,
    orders: opts.order.length ? opts.order : undefined,
    supplier: opts.supplier,
    uei: opts.uei,
    cage: opts.cage,
    scanWindow: window,
  };
  return {
    generatedAt: new Date().toISOString(),
    tool: { name: 'lanaudit', version },
    flaggedOnly: opts.flagged,
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<ReportMeta>),
    far: { clause: opts.clause ?? DEFAULT_FAR.clause, initial: deadline('--far-initial', opts.farInitial, DEFAULT_FAR.initial), followUp },
  };
}

export async function reportCommand(opts: ReportOptions, globals: GlobalOptions): Promise<void> {
  const since = opts.since === undefined ? undefined : parseSince(opts.since);
  const write = reportWriter(opts.format, opts.output);
  const { devices, window } = await withInventory(
    globals,
    (inv) => ({
      devices: inv.listDevices({ ...(opts.flagged ? { flagged: true } : {}), ...(since ? { since } : {}) }).map(toReportDevice),
      window: scanWindow(inv, since),
    }),
  );
  const meta = reportMeta(opts, since, window);
  const out: Writable = opts.output ? createWriteStream(opts.output, { mode: 0o640 }) : process.stdout;
  try {
    await write(out, { meta, devices });
    if (opts.output) {
      out.end();
      await finished(out);
      process.stderr.write(`Wrote ${devices.length} device${devices.length === 1 ? '' : 's'} to ${opts.output}\n`);
    }
  } catch (err) {
    throw new RuntimeError(`could not write the report${opts.output ? ` to ${opts.output}` : ''}: ${(err as Error).message}`);
  }
}
