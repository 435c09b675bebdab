import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { type ReportFormat, reportWriter } from '../../report/formats.js';
import { DEFAULT_FAR, type ReportInput, type ReportMeta } from '../../report/report-input.js';
import type { FleetDeviceFilter } from '../queries/device-filter.js';
import { readReportFacts, type ReportFacts } from '../queries/report-facts.js';
import { withFleetReport } from '../queries/report-devices.js';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

export type FleetReportFormat = Exclude<ReportFormat, 'far'>;

export interface FleetReportOptions {
  readonly format: FleetReportFormat;
  /** The devices reported (site, flagged, since …). */
  readonly filter: FleetDeviceFilter;
  /** Facts given with the request; each takes precedence over the recorded report_facts. */
  readonly facts: ReportFacts;
  /** Changes listed from this time (default: the last day). */
  readonly changesSince?: string | undefined;
  readonly now: Date;
}

/**
 * Writes one fleet report to `out`: the devices streamed from PostgreSQL through the site's report
 * writers (a site column, per-site counts, one FAR report across the sites covered).
 */
export async function writeFleetReport(pool: pg.Pool, opts: FleetReportOptions, out: Writable): Promise<void> {
  const recorded = await readReportFacts(pool);
  const facts = { ...recorded, ...Object.fromEntries(Object.entries(opts.facts).filter(([, v]) => v !== undefined)) } as ReportFacts;
  const since = opts.changesSince ?? opts.filter.since ?? new Date(opts.now.getTime() - 24 * 3_600_000).toISOString();
  await withFleetReport(pool, opts.filter, since, async (data) => {
    const optional = {
      since: opts.filter.since,
      organization: facts.organization,
      contact: facts.contact,
      contract: facts.contract,
      orders: facts.orders?.length ? facts.orders : undefined,
      supplier: facts.supplier,
      uei: facts.uei,
      cage: facts.cage,
      scanWindow: data.scanWindow,
    };
    const meta: ReportMeta = {
      generatedAt: opts.now.toISOString(),
      tool: { name: 'lanaudit', version },
      flaggedOnly: opts.filter.flagged === true,
      ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<ReportMeta>),
      sites: data.sites,
      far: DEFAULT_FAR,
    };
    const input: ReportInput = { meta, devices: data.devices, triage: data.triage, changes: data.changes };
    await reportWriter(opts.format)(out, input);
  });
}
