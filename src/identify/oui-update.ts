/**
 * `lanaudit oui update --from DIR`: the IEEE registry an admin downloaded (for an air-gapped site)
 * becomes the registry lookups use. All three files are read and checked before anything is
 * written, and the new index is written beside the old one and renamed over it: a bad file leaves
 * the registry in use as it was.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { replaceFile } from '../util/replace-file.js';
import { RuntimeError, UsageError } from '../util/errors.js';
import { parseRegistryCsv } from './oui-csv.js';
import { encodeOuiIndex, OuiIndex, type OuiBlock, type RegistryInfo } from './oui-index.js';

/** The IEEE's own file names and where an admin downloads them. */
export const REGISTRY_FILES: readonly { readonly block: OuiBlock; readonly file: string; readonly url: string }[] = [
  { block: 'MA-L', file: 'oui.csv', url: 'https://standards-oui.ieee.org/oui/oui.csv' },
  { block: 'MA-M', file: 'mam.csv', url: 'https://standards-oui.ieee.org/oui28/mam.csv' },
  { block: 'MA-S', file: 'oui36.csv', url: 'https://standards-oui.ieee.org/oui36/oui36.csv' },
];

/**
 * A new registry with fewer assignments in a block than this share of the one in use is a cut or
 * wrong download: the IEEE registry grows, it does not lose a tenth of a block.
 */
const MIN_SHARE = 0.9;

export interface RegistryUpdate {
  /** The folder holding oui.csv, mam.csv and oui36.csv. */
  readonly from: string;
  /** The registry's date (YYYY-MM-DD); default: the date of the newest file. */
  readonly date?: string;
  /** The index file to replace. */
  readonly target: string;
  /** The registry in use now: the new one may not be much smaller. */
  readonly current: RegistryInfo;
  readonly now: Date;
}

export interface RegistryUpdated {
  readonly registry: RegistryInfo;
  /** Assignments listed twice in the files (the later row kept). */
  readonly duplicates: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkedDate(date: string, now: Date): string {
  const day = Date.parse(`${date}T00:00:00Z`);
  if (!DATE.test(date) || Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== date) throw new UsageError(`--date: "${date}" is not a date (YYYY-MM-DD)`);
  if (day > now.getTime()) throw new UsageError(`--date: ${date} is in the future`);
  return date;
}

export async function updateRegistry(update: RegistryUpdate): Promise<RegistryUpdated> {
  const from = resolve(update.from);
  if (!statSync(from, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--from: ${from} is not a folder`);
  const missing = REGISTRY_FILES.filter(({ file }) => !statSync(join(from, file), { throwIfNoEntry: false })?.isFile());
  if (missing.length > 0) {
    throw new UsageError(
      `${from} lacks ${missing.map((m) => m.file).join(', ')}: download all three IEEE files into it (${REGISTRY_FILES.map((r) => `${r.block} ${r.url}`).join(', ')})`,
    );
  }
  const table: Record<string, string> = {};
  let duplicates = 0;
  let bytes = 0;
  let newest = 0;
  for (const { block, file } of REGISTRY_FILES) {
    const path = join(from, file);
    const data = readFileSync(path);
    const csv = parseRegistryCsv(data, path, block);
    const share = csv.entries.size / Math.max(1, update.current.counts[block]);
    if (share < MIN_SHARE) {
      throw new RuntimeError(
        `${path}: ${csv.entries.size} ${block} assignments where the registry in use (${update.current.date ?? 'undated'}, ${update.current.origin}) has ${update.current.counts[block]}: a cut or wrong download? Nothing was changed`,
      );
    }
    for (const [hex, entry] of csv.entries) table[hex] = entry;
    duplicates += csv.duplicates;
    bytes += data.length;
    newest = Math.max(newest, statSync(path).mtimeMs);
  }
  const date = update.date === undefined ? new Date(newest).toISOString().slice(0, 10) : checkedDate(update.date, update.now);
  const index = encodeOuiIndex(table, { version: 'ieee-csv', bytes }, {
    date,
    origin: `IEEE CSV files (${REGISTRY_FILES.map((r) => r.file).join(', ')})`,
    loaded: { at: update.now.toISOString(), from },
  });
  mkdirSync(dirname(update.target), { recursive: true, mode: 0o755 });
  await replaceFile(update.target, async (out) => void out.write(index), 0o644);
  // What the lookups will read: counts as encoded.
  return { registry: OuiIndex.decode(index, null)!.registry, duplicates };
}
