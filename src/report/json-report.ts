import type { Writable } from 'node:stream';
import type { ReportDevice } from './report-device.js';
import { writeChunk } from './write-chunk.js';

/** Bumped whenever a field changes meaning or disappears; adding a field does not bump it. */
export const JSON_REPORT_VERSION = 1;

export interface ReportMeta {
  readonly generatedAt: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly flaggedOnly: boolean;
}

/** Streams `{schema, version, …, summary, devices: [...]}` one device at a time, so a huge inventory never becomes one string. */
export async function writeJsonReport(out: Writable, meta: ReportMeta, devices: readonly ReportDevice[]): Promise<void> {
  const summary = summarize(devices);
  const head = {
    schema: 'lanaudit.report',
    version: JSON_REPORT_VERSION,
    generatedAt: meta.generatedAt,
    tool: meta.tool,
    flaggedOnly: meta.flaggedOnly,
    summary,
  };
  const open = JSON.stringify(head, null, 2);
  await writeChunk(out, `${open.slice(0, -2)},\n  "devices": [`);
  for (let i = 0; i < devices.length; i++) {
    await writeChunk(out, `${i === 0 ? '\n' : ',\n'}    ${JSON.stringify(devices[i])}`);
  }
  await writeChunk(out, `${devices.length ? '\n  ' : ''}]\n}\n`);
}

export interface ReportSummary {
  readonly devices: number;
  readonly covered: number;
  readonly review: number;
  readonly clear: number;
  readonly unidentified: number;
  readonly byEntity: Readonly<Record<string, number>>;
}

export function summarize(devices: readonly ReportDevice[]): ReportSummary {
  const counts = { covered: 0, review: 0, clear: 0, unidentified: 0 };
  const byEntity: Record<string, number> = {};
  for (const d of devices) {
    counts[d.status]++;
    if (d.status === 'covered' && d.covered) byEntity[d.covered] = (byEntity[d.covered] ?? 0) + 1;
  }
  return { devices: devices.length, ...counts, byEntity };
}
