/** `lanaudit oui update --from DIR` as an admin runs it, then `lanaudit oui` answering from what it loaded. */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { ouiDataPath } from '../../src/identify/oui-registry.js';
import { REGISTRY_FILES } from '../../src/identify/oui-update.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'lanaudit-oui-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** Never the system's: lookups of other tests must not see this one's registry. */
const env = { LANAUDIT_OUI_REGISTRY: join(dir, 'data', 'oui-registry.bin') };

const shipped = JSON.parse(readFileSync(ouiDataPath(), 'utf8')) as Record<string, string>;
const LENGTH = { 'MA-L': 6, 'MA-M': 7, 'MA-S': 9 } as const;
for (const { block, file } of REGISTRY_FILES) {
  const rows = Object.entries(shipped)
    .filter(([key]) => key.length === LENGTH[block])
    .map(([key, entry]) => {
      const [name = '', ...address] = entry.split('\n');
      return [block, key, name, address.join(' ')];
    });
  if (block === 'MA-L') rows.push(['MA-L', 'FCFCFC', 'Zhejiang Dahua Technology Co., Ltd.', 'Hangzhou CN']);
  writeFileSync(join(dir, file), stringify([['Registry', 'Assignment', 'Organization Name', 'Organization Address'], ...rows]));
  utimesSync(join(dir, file), new Date('2026-11-29T08:00:00Z'), new Date('2026-11-29T08:00:00Z'));
}

describe('lanaudit oui update', () => {
  it('loads the three files, says what it loaded, and lookups answer from it', { timeout: 60_000 }, async () => {
    const before = await runCli(['oui', 'fc:fc:fc:12:34:56', '--json'], env);
    expect(JSON.parse(before.stdout)[0]).toMatchObject({ registrant: null, covered: null });
    const update = await runCli(['oui', 'update', '--from', dir], env);
    expect(update.stderr).toBe('');
    expect(update.code).toBe(0);
    expect(update.stdout).toContain(`Loaded the IEEE registry of 2026-11-29 from ${dir}: 40,011 MA-L, 6,565 MA-M and 7,155 MA-S assignments.`);
    expect(update.stdout).toContain(`Lookups and scans now use it (${env.LANAUDIT_OUI_REGISTRY})`);
    const after = await runCli(['oui', 'fc:fc:fc:12:34:56', '--json'], env);
    expect(JSON.parse(after.stdout)[0]).toMatchObject({ registrant: 'Zhejiang Dahua Technology Co., Ltd.', covered: 'dahua' });
  });

  it('a bad file is refused with its name and line, exit 1, and the loaded registry stays', { timeout: 60_000 }, async () => {
    const bad = mkdtempSync(join(dir, 'bad-'));
    for (const { file } of REGISTRY_FILES) writeFileSync(join(bad, file), readFileSync(join(dir, file)));
    writeFileSync(join(bad, 'oui36.csv'), 'Registry,Assignment,Organization Name,Organization Address\nMA-S,70B3D5XYZ,Someone,Somewhere\n');
    const own = { LANAUDIT_OUI_REGISTRY: join(bad, 'oui-registry.bin') };
    expect((await runCli(['oui', 'update', '--from', dir], own)).code).toBe(0);
    const kept = readFileSync(own.LANAUDIT_OUI_REGISTRY);
    const update = await runCli(['oui', 'update', '--from', bad], own);
    expect(update.code).toBe(1);
    expect(update.stderr).toContain(`${join(bad, 'oui36.csv')}:2: assignment "70B3D5XYZ" is not 9 hex digits (MA-S)`);
    expect(readFileSync(own.LANAUDIT_OUI_REGISTRY).equals(kept)).toBe(true);
  });
});
