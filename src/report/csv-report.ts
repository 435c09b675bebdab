import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { ReportDevice } from './report-device.js';
import { effectiveTriage, type ReportInput, type TriageEntry } from './report-input.js';
import { plainText } from '../util/safe-text.js';
import { writeChunk } from './write-chunk.js';

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

/**
 * Every cell as the other report formats show device text: control and bidi characters made
 * visible ("?", a space for tab/CR/LF) and the length bounded, cut text ending in "…".
 * escape_formulas: cells starting with = + - @ are then prefixed with ' so spreadsheets show them as text.
 */
const CSV_OPTIONS = {
  escape_formulas: true,
  record_delimiter: 'windows',
  quoted_match: /[\r\n",]/,
  cast: { string: (value: string) => plainText(value, CSV_CELL_MAX) },
} as const;

/** RFC 4180 CSV (CRLF, quoted where needed), UTF-8 with a header row; streamed in chunks of rows. A fleet report's first column is the site. */
export async function writeCsvReport(out: Writable, input: ReportInput): Promise<void> {
  const { devices, triage, meta } = input;
  const fleet = meta.sites !== undefined;
  await writeChunk(out, stringify([fleet ? ['site', ...COLUMNS] : (COLUMNS as unknown as string[])], CSV_OPTIONS));
  const CHUNK = 500;
  let rows: (string | number)[][] = [];
  for await (const d of devices.listed()) {
    const cells = row(d, triage?.get(d.id, d.site), meta.generatedAt, triage !== undefined);
    rows.push(fleet ? [d.site ?? '', ...cells] : cells);
    if (rows.length === CHUNK) {
      await writeChunk(out, stringify(rows, CSV_OPTIONS));
      rows = [];
    }
  }
  if (rows.length) await writeChunk(out, stringify(rows, CSV_OPTIONS));
}
