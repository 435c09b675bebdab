import type { Writable } from 'node:stream';
import type { ReportDevice } from './report-device.js';
import { effectiveTriage, type ReportInput, type TriageEntry } from './report-input.js';
import { plainText } from '../util/safe-text.js';
import { ChunkedWriter } from './write-chunk.js';

const COLUMNS = [
  'ip',
  'mac',
  'status',
  'covered',
  'manufacturer',
  'manufacturer_name',
  'brand',
  'model',
  'confidence',
  'randomized_mac',
  'first_seen',
  'last_seen',
  'evidence',
  'serial',
  'triage_status',
  'triage_note',
  'triage_by',
  'triage_at',
  'triage_until',
  'name',
  'location_switch',
  'location_switch_address',
  'location_port',
  'location_port_alias',
  'location_vlan',
  'location_confidence',
] as const;

function row(d: ReportDevice, triage: TriageEntry | undefined, now: string, tracked: boolean): (string | number)[] {
  return [
    d.ip,
    d.mac ?? '',
    d.status,
    d.covered ?? '',
    d.manufacturer ?? '',
    d.manufacturerName ?? '',
    d.brand ?? '',
    d.model ?? '',
    d.confidence,
    d.randomizedMac ? 'yes' : 'no',
    d.firstSeen,
    d.lastSeen,
    d.evidence.map((e) => `${e.rule}: ${e.says}`).join(' | '),
    d.serial ?? '',
    tracked ? effectiveTriage(triage, now) : '',
    triage?.note ?? '',
    triage?.by ?? '',
    triage?.at ?? '',
    triage?.until ?? '',
    d.name ?? '',
    d.location?.switchName ?? '',
    d.location?.switchAddress ?? '',
    d.location?.port ?? '',
    d.location?.portAlias ?? '',
    d.location?.vlan ?? '',
    d.location?.confidence ?? '',
  ];
}

/** Longest cell, marker included: evidence lists can run long, and a spreadsheet cell holds at most 32,767 characters. */
export const CSV_CELL_MAX = 2000;

/** Leading characters a spreadsheet reads as a formula (csv-stringify's escape_formulas list, full-width forms included). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
const NEEDS_QUOTES = /[\r\n",]/;

/**
 * One cell as csv-stringify writes it with { escape_formulas, quoted_match: /[\r\n",]/ } and a cast of
 * every string to plainText (test/report/csv-report.test.ts holds the two equal on hostile text):
 * control and bidi characters made visible ("?", a space for tab/CR/LF), the length bounded, cut text
 * ending in "…"; a cell starting like a formula gets a ' so spreadsheets show it as text (a negative
 * number stays a number); quoted where it holds a comma, quote or line break, quotes doubled.
 * Written here rather than through csv-stringify: its general per-cell path (options merged and a
 * context object per cell) was a third of a 1M-device fleet report's CPU.
 */
function csvCell(field: string | number): string {
  let value = typeof field === 'string' ? plainText(field, CSV_CELL_MAX) : String(field);
  if (value === '') return value;
  if (FORMULA_START.has(value[0]!) && !(typeof field === 'number' && value[0] === '-')) value = `'${value}`;
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** RFC 4180 records: cells joined by commas, each record ending in CRLF. */
export function csvRecords(rows: readonly (readonly (string | number)[])[]): string {
  let text = '';
  for (const cells of rows) {
    for (let i = 0; i < cells.length; i++) text += i === 0 ? csvCell(cells[i]!) : `,${csvCell(cells[i]!)}`;
    text += '\r\n';
  }
  return text;
}

/**
 * RFC 4180 CSV (CRLF, quoted where needed), UTF-8 with a header row; streamed row by row through a
 * ChunkedWriter. A fleet report's first column is the site. (Strings of 500 rows each were large
 * objects that only V8's full collections free: peak memory grew with the device count.)
 */
export async function writeCsvReport(out: Writable, input: ReportInput): Promise<void> {
  const { devices, triage, meta } = input;
  const fleet = meta.sites !== undefined;
  const w = new ChunkedWriter(out);
  await w.push(csvRecords([fleet ? ['site', ...COLUMNS] : COLUMNS]));
  for await (const d of devices.listed()) {
    const cells = row(d, triage?.get(d.id, d.site), meta.generatedAt, triage !== undefined);
    await w.push(csvRecords([fleet ? [d.site ?? '', ...cells] : cells]));
  }
  await w.flush();
}
