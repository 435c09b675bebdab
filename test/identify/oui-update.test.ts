/**
 * `lanaudit oui update --from DIR` (issue 11, "keep the registry fresh offline"): the IEEE's CSV
 * files become the registry lookups use, every row checked, nothing replaced unless all of it is good.
 * The files are made from the shipped registry itself (its ~54k assignments), plus one assignment it lacks.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OuiIndex, type RegistryInfo } from '../../src/identify/oui-index.js';
import { ouiDataPath, registryInUse } from '../../src/identify/oui-registry.js';
import { REGISTRY_FILES, updateRegistry } from '../../src/identify/oui-update.js';
import { RuntimeError, UsageError } from '../../src/util/errors.js';

const shipped = JSON.parse(readFileSync(ouiDataPath(), 'utf8')) as Record<string, string>;
/** Absent from the shipped registry; the loaded one gives it to Hikvision. */
const NEW_PREFIX = 'FCFCFC';
const HIKVISION = 'Hangzhou Hikvision Digital Technology Co.,Ltd.';
const BLOCK_LENGTH = { 'MA-L': 6, 'MA-M': 7, 'MA-S': 9 } as const;

const root = mkdtempSync(join(tmpdir(), 'lanaudit-oui-update-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function csvRows(block: keyof typeof BLOCK_LENGTH): string[][] {
  const rows = Object.entries(shipped)
    .filter(([key]) => key.length === BLOCK_LENGTH[block])
    .map(([key, entry]) => {
      const [name = '', ...address] = entry.split('\n');
      return [block, key, name, address.join(' ')];
    });
  if (block === 'MA-L') rows.push(['MA-L', NEW_PREFIX, HIKVISION, 'No.555 Qianmo Road Binjiang District Hangzhou Zhejiang CN 310051']);
  return rows;
}

const HEADER = ['Registry', 'Assignment', 'Organization Name', 'Organization Address'];
const goodFiles: Record<string, string> = Object.fromEntries(
  REGISTRY_FILES.map(({ block, file }) => [file, stringify([HEADER, ...csvRows(block)], { record_delimiter: 'windows' })]),
);

/** A folder with the three files (any of them replaced by `change`), dated `day`. */
function folder(name: string, change: Record<string, string | Buffer> = {}, day = '2026-11-30'): string {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const { file } of REGISTRY_FILES) {
    writeFileSync(join(dir, file), change[file] ?? goodFiles[file]!);
    utimesSync(join(dir, file), new Date(`${day}T12:00:00Z`), new Date(`${day}T12:00:00Z`));
  }
  return dir;
}

const counts = (info: Pick<RegistryInfo, 'counts'>) => info.counts;
const shippedCounts = { 'MA-L': 0, 'MA-M': 0, 'MA-S': 0 };
for (const key of Object.keys(shipped)) {
  if (key.length === 6) shippedCounts['MA-L']++;
  if (key.length === 7) shippedCounts['MA-M']++;
  if (key.length === 9) shippedCounts['MA-S']++;
}
const current: RegistryInfo = { date: '2026-08-26', origin: 'oui-data 2.1.9', counts: shippedCounts };
const now = new Date('2026-12-05T00:00:00Z');

describe('lanaudit oui update: loading the IEEE CSV files', () => {
  it('turns the three files into an index that names every registrant as the registry does, dated by the newest file', async () => {
    const target = join(root, 'loaded', 'oui-registry.bin');
    const { registry, duplicates } = await updateRegistry({ from: folder('good'), target, current, now });
    expect(registry.date).toBe('2026-11-30');
    expect(counts(registry)).toEqual({ ...shippedCounts, 'MA-L': shippedCounts['MA-L'] + 1 });
    expect(registry.loaded?.from).toBe(join(root, 'good'));
    expect(duplicates).toBe(0);
    const index = OuiIndex.decode(readFileSync(target), null)!;
    const wrong = Object.entries(shipped).filter(([key, entry]) => index.entry(key)?.split('\n')[0] !== entry.split('\n')[0]);
    expect(wrong.slice(0, 3)).toEqual([]);
    expect(index.entry(NEW_PREFIX)).toBe(`${HIKVISION}\nNo.555 Qianmo Road Binjiang District Hangzhou Zhejiang CN 310051`);
  });

  it('takes an explicit --date, and refuses one that is not a date or lies ahead', async () => {
    const target = join(root, 'dated.bin');
    const { registry } = await updateRegistry({ from: folder('good'), date: '2026-12-01', target, current, now });
    expect(registry.date).toBe('2026-12-01');
    await expect(updateRegistry({ from: folder('good'), date: '2026-02-30', target, current, now })).rejects.toThrow(UsageError);
    await expect(updateRegistry({ from: folder('good'), date: '2027-01-01', target, current, now })).rejects.toThrow(/in the future/);
  });

  it('keeps the later row of an assignment the IEEE lists twice, and counts it', async () => {
    const twice = `${goodFiles['oui.csv']}MA-L,${NEW_PREFIX},Later Name Ltd,Somewhere\r\n`;
    const target = join(root, 'twice.bin');
    const { duplicates } = await updateRegistry({ from: folder('twice', { 'oui.csv': twice }), target, current, now });
    expect(duplicates).toBe(1);
    expect(OuiIndex.decode(readFileSync(target), null)!.entry(NEW_PREFIX)).toBe('Later Name Ltd\nSomewhere');
  });
});

describe('lanaudit oui update: refusing what is not the registry, and replacing nothing then', () => {
  const target = join(root, 'kept', 'oui-registry.bin');
  let before: Buffer;
  beforeAll(async () => {
    await updateRegistry({ from: folder('good'), target, current, now });
    before = readFileSync(target);
  });

  const lines = (file: string) => goodFiles[file]!.split('\r\n');
  const withLine = (file: string, at: number, line: string) => {
    const all = lines(file);
    all.splice(at - 1, 1, line);
    return all.join('\r\n');
  };

  const refusals: [string, Record<string, string | Buffer>, RegExp][] = [
    ['an error page saved as oui.csv', { 'oui.csv': '<html><body>503 Service Unavailable</body></html>\n' }, /oui\.csv:1: not an IEEE registry CSV file: its first line is "<html>/],
    ['a row whose assignment is not hex', { 'mam.csv': withLine('mam.csv', 101, 'MA-M,12G4567,Someone,Somewhere') }, /mam\.csv:101: assignment "12G4567" is not 7 hex digits \(MA-M\)/],
    ['another registry\'s row', { 'oui36.csv': withLine('oui36.csv', 7, 'MA-L,ABCDEF,Someone,Somewhere') }, /oui36\.csv:7: registry "MA-L" in a file of MA-S assignments/],
    ['a row with no organization name', { 'oui.csv': withLine('oui.csv', 4000, 'MA-L,ABCDEF,,Somewhere') }, /oui\.csv:4000: assignment ABCDEF has no organization name/],
    ['a row with a column missing', { 'oui.csv': withLine('oui.csv', 12, 'MA-L,ABCDEF') }, /oui\.csv:12: not a readable CSV file/],
    ['a download cut short', { 'oui.csv': lines('oui.csv').slice(0, 2000).join('\r\n') }, /oui\.csv: 1999 MA-L assignments where the registry in use .* has \d+: a cut or wrong download\? Nothing was changed/],
    ['a file that is not UTF-8', { 'mam.csv': Buffer.from([0x52, 0x65, 0xff, 0xfe, 0x0a]) }, /mam\.csv: not UTF-8 text/],
  ];
  for (const [what, change, message] of refusals) {
    it(`refuses ${what}, naming file and line, and leaves the registry in use as it was`, async () => {
      const dir = folder('bad', change);
      const failed = updateRegistry({ from: dir, target, current, now });
      await expect(failed).rejects.toThrow(RuntimeError);
      await expect(failed).rejects.toThrow(message);
      expect(readFileSync(target).equals(before)).toBe(true);
    });
  }

  it('refuses a folder that lacks one of the three files, naming it and where to get it', async () => {
    const dir = folder('partial');
    rmSync(join(dir, 'mam.csv'));
    await expect(updateRegistry({ from: dir, target, current, now })).rejects.toThrow(/lacks mam\.csv: download all three IEEE files .*oui28\/mam\.csv/);
    expect(readFileSync(target).equals(before)).toBe(true);
  });
});

describe('which registry lookups use', () => {
  it('a loaded registry newer than the shipped one answers lookups; an older one is passed over', async () => {
    const target = join(root, 'lookup', 'oui-registry.bin');
    await updateRegistry({ from: folder('good'), target, current, now });
    expect(registryInUse(target)).toMatchObject({ loaded: true, registry: { date: '2026-11-30' } });
    vi.stubEnv('LANAUDIT_OUI_REGISTRY', target);
    vi.resetModules();
    const fresh = await import('../../src/identify/oui-lookup.js');
    expect(fresh.lookupOui(`${NEW_PREFIX}000001`)).toMatchObject({ block: 'MA-L', registrant: HIKVISION });

    const old = join(root, 'old', 'oui-registry.bin');
    await updateRegistry({ from: folder('good', {}, '2025-01-15'), target: old, current, now });
    expect(registryInUse(old)).toMatchObject({ loaded: false, registry: { origin: expect.stringMatching(/^oui-data /) }, passedOver: expect.stringContaining('older registry (2025-01-15)') });
    vi.stubEnv('LANAUDIT_OUI_REGISTRY', old);
    vi.resetModules();
    const again = await import('../../src/identify/oui-lookup.js');
    expect(again.lookupOui(`${NEW_PREFIX}000001`)).toBeNull();
    vi.unstubAllEnvs();
  });
});
