/**
 * One of the IEEE Registration Authority's public CSV files (MA-L oui.csv, MA-M mam.csv, MA-S
 * oui36.csv: `Registry,Assignment,Organization Name,Organization Address`, RFC 4180 quoting), read
 * and checked row by row. A file that is not one (an error page saved as oui.csv, another
 * registry's file, a cut download) is refused with the file and line, never half read.
 */
import { parse } from 'csv-parse/sync';
import { RuntimeError } from '../util/errors.js';
import type { OuiBlock } from './oui-index.js';

export const CSV_HEADER = ['Registry', 'Assignment', 'Organization Name', 'Organization Address'] as const;

/** Hex digits of an assignment in each block. */
const DIGITS: Readonly<Record<OuiBlock, number>> = { 'MA-L': 6, 'MA-M': 7, 'MA-S': 9 };

/** Far above any registered name or address: a longer cell is not registry data. */
const MAX_NAME = 256;
const MAX_ADDRESS = 1024;
const CONTROL = /[\x00-\x1f\x7f]/;

export interface RegistryCsv {
  readonly block: OuiBlock;
  /** Upper-case hex assignment → "Organization Name\nOrganization Address" (oui-data's entry form, address on one line). */
  readonly entries: ReadonlyMap<string, string>;
  /** Assignments listed more than once (the IEEE lists a few old ones twice): the later row is kept. */
  readonly duplicates: number;
}

const shown = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

function decode(data: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new RuntimeError(`${file}: not UTF-8 text, so not an IEEE registry CSV file`);
  }
}

/** The rows of `data` (the file `file`, which must hold `block` assignments), or a RuntimeError naming file and line. */
export function parseRegistryCsv(data: Buffer, file: string, block: OuiBlock): RegistryCsv {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(decode(data, file), { bom: true, info: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    const at = (error as { lines?: unknown }).lines;
    throw new RuntimeError(`${file}${typeof at === 'number' ? `:${at}` : ''}: not a readable CSV file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [head, ...rows] = records;
  const header = head?.record.map((cell) => cell.trim());
  if (header === undefined || header.join(',') !== CSV_HEADER.join(',')) {
    throw new RuntimeError(`${file}:1: not an IEEE registry CSV file: its first line is ${shown(head?.record.join(',') ?? '')}, expected "${CSV_HEADER.join(',')}"`);
  }
  if (rows.length === 0) throw new RuntimeError(`${file}: no assignments after the header line`);
  const entries = new Map<string, string>();
  let duplicates = 0;
  const pattern = new RegExp(`^[0-9A-F]{${DIGITS[block]}}$`);
  for (const { record, info } of rows) {
    const where = `${file}:${info.lines}`;
    const [registry = '', assignment = '', name = '', address = ''] = record.map((cell) => cell.trim());
    if (registry !== block) throw new RuntimeError(`${where}: registry ${shown(registry)} in a file of ${block} assignments`);
    const hex = assignment.toUpperCase();
    if (!pattern.test(hex)) throw new RuntimeError(`${where}: assignment ${shown(assignment)} is not ${DIGITS[block]} hex digits (${block})`);
    if (name === '') throw new RuntimeError(`${where}: assignment ${hex} has no organization name`);
    if (name.length > MAX_NAME || CONTROL.test(name)) throw new RuntimeError(`${where}: the organization name of ${hex} is not a registrant name (over ${MAX_NAME} characters or a control character)`);
    if (address.length > MAX_ADDRESS) throw new RuntimeError(`${where}: the address of ${hex} is over ${MAX_ADDRESS} characters`);
    if (entries.has(hex)) duplicates++;
    const oneLine = address.replace(/[\s\x00-\x1f\x7f]+/g, ' ');
    entries.set(hex, oneLine === '' ? name : `${name}\n${oneLine}`);
  }
  return { block, entries, duplicates };
}
