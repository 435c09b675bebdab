/**
 * A report download: the fleet's devices streamed from PostgreSQL (queries/report-devices.ts) through
 * the site's report writers straight into the response, with the report facts from the console.
 */
import { PassThrough, Readable } from 'node:stream';
import { createRequire } from 'node:module';
import type { Pool } from '../store/pool.js';
import { withFleetReport } from '../queries/report-devices.js';
import type { FleetDeviceFilter } from '../queries/device-filter.js';
import { reportWriter, type ReportFormat } from '../../report/formats.js';
import { DEFAULT_FAR, type ReportInput } from '../../report/report-input.js';
import type { Logger } from '../../util/log.js';
import { factsMeta, readReportFacts } from './queries-report-facts.js';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

const TYPES: Readonly<Record<Exclude<ReportFormat, 'far'>, [string, string]>> = {
  json: ['application/json', 'json'],
  csv: ['text/csv; charset=utf-8', 'csv'],
  html: ['text/html; charset=utf-8', 'html'],
  md: ['text/markdown; charset=utf-8', 'md'],
  'far-md': ['text/markdown; charset=utf-8', 'far.md'],
  'far-html': ['text/html; charset=utf-8', 'far.html'],
  cyclonedx: ['application/vnd.cyclonedx+json', 'cdx.json'],
};

export interface ReportRequest {
  readonly format: Exclude<ReportFormat, 'far'>;
  readonly site?: string;
  readonly flaggedOnly: boolean;
}

/** The response: headers now, body as the writer produces it (a failure mid-way cuts the download short). */
export async function reportResponse(pool: Pool, log: Logger, req: ReportRequest, now: Date): Promise<Response> {
  const { facts } = await readReportFacts(pool);
  const filter: FleetDeviceFilter = { ...(req.site !== undefined && { site: req.site }), ...(req.flaggedOnly && { flagged: true }) };
  const out = new PassThrough();
  const write = reportWriter(req.format);
  // Changes of the last 30 days: a report is no change log (the changes page is).
  const since = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  withFleetReport(pool, filter, since, async (data) => {
    const input: ReportInput = {
      meta: {
        generatedAt: now.toISOString(),
        tool: { name: 'lanaudit', version },
        flaggedOnly: req.flaggedOnly,
        ...factsMeta(facts),
        ...(req.site !== undefined && { site: req.site }),
        ...(data.scanWindow !== undefined && { scanWindow: data.scanWindow }),
        sites: data.sites,
        far: DEFAULT_FAR,
      },
      devices: data.devices,
      triage: data.triage,
      changes: data.changes,
    };
    await write(out, input);
  }).then(
    () => out.end(),
    (err: Error) => {
      log.error('report download failed', { format: req.format, error: err.message });
      out.destroy(err);
    },
  );
  const [type, ext] = TYPES[req.format];
  const name = `lanaudit-${req.site ?? 'fleet'}-${now.toISOString().slice(0, 10)}.${ext}`;
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${name}"` },
  });
}
