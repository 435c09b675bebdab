import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createRequire } from 'node:module';
import { writeCsvReport } from '../../report/csv-report.js';
import { writeJsonReport } from '../../report/json-report.js';
import { toReportDevice } from '../../report/report-device.js';
import { RuntimeError } from '../../util/errors.js';
import { type GlobalOptions, withInventory } from '../context.js';

interface ReportOptions {
  readonly format: 'json' | 'csv';
  readonly output?: string;
  readonly flagged: boolean;
}

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

export async function reportCommand(opts: ReportOptions, globals: GlobalOptions): Promise<void> {
  const devices = await withInventory(globals, (inv) => inv.listDevices(opts.flagged ? { flagged: true } : {}).map(toReportDevice));
  const out: Writable = opts.output ? createWriteStream(opts.output, { mode: 0o640 }) : process.stdout;
  try {
    if (opts.format === 'csv') await writeCsvReport(out, devices);
    else
      await writeJsonReport(out, { generatedAt: new Date().toISOString(), tool: { name: 'lanaudit', version }, flaggedOnly: opts.flagged }, devices);
    if (opts.output) {
      out.end();
      await finished(out);
      process.stderr.write(`Wrote ${devices.length} device${devices.length === 1 ? '' : 's'} to ${opts.output}\n`);
    }
  } catch (err) {
    throw new RuntimeError(`could not write the report${opts.output ? ` to ${opts.output}` : ''}: ${(err as Error).message}`);
  }
}
