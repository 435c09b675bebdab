// Review of #11 (5 Dec): oui/mac-realms.json is read as every other knowledge file is
// (oui-data-file.ts readOuiJson, compilePattern), by a module of its own (mac-realms.ts), so a broken
// file is a clear error naming the file and every problem, and a test or a tool may load another
// directory's copy; stated-mac.ts only reads stated MACs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMacRealms } from '../../src/identify/mac-realms.js';

const dir = mkdtempSync(join(tmpdir(), 'lanaudit-mac-realms-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const maker = (layout: string, value: string) => ({ vendor: 'Hikvision', layout, why: 'w', examples: [{ value, source: 's' }] });

describe('oui/mac-realms.json', () => {
  it('the shipped file loads, with the Hikvision layout reading its own example', () => {
    expect(loadMacRealms().get('Hikvision')?.test('4419b63f5e51')).toBe(true);
  });

  it('a file that is no JSON is an error naming it', () => {
    writeFileSync(join(dir, 'mac-realms.json'), '{ "schemaVersion": 1, ');
    expect(() => loadMacRealms(dir)).toThrow(/mac-realms\.json/);
  });

  it('a layout that does not compile and an example out of its layout are both named', () => {
    writeFileSync(join(dir, 'mac-realms.json'), JSON.stringify({ schemaVersion: 1, makers: [maker('^[0-9a-f{12}$(', '4419b63f5e51'), { ...maker('^[0-9A-F]{12}$', '4419b63f5e51'), vendor: 'Dahua' }] }));
    expect(() => loadMacRealms(dir)).toThrow(/Hikvision: layout: pattern does not compile[\s\S]*Dahua: example 4419b63f5e51/);
  });
});
