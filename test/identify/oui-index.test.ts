/** The compact index the build makes (oui-index.ts) answers exactly as the registry it came from. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { encodeOuiIndex, OuiIndex, registrySource } from '../../src/identify/oui-index.js';

const source = createRequire(import.meta.url).resolve('oui-data');
const table = JSON.parse(readFileSync(source, 'utf8')) as Record<string, string>;
const registry = registrySource(source);

describe('OUI index', () => {
  const index = OuiIndex.decode(encodeOuiIndex(table, registry, { date: '2026-08-26', origin: 'oui-data test' }), registry);

  it('gives every registry prefix its entry, text for text', () => {
    expect(index).not.toBeNull();
    const wrong = Object.entries(table).filter(([key, value]) => index!.entry(key) !== value);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('has no entry for prefixes the registry lacks, of any length', () => {
    for (const key of ['000000', '5850EE', 'FFFFFF', '70B3D50', '70B3D50AF', '58', '5850ED1F', 'ZZZZZZ']) {
      if (!Object.hasOwn(table, key)) expect(index!.entry(key), key).toBeUndefined();
    }
  });

  it('names the installed oui-data version and file size it came from', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../node_modules/oui-data/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(registry).toEqual({ version: pkg.version, bytes: Buffer.byteLength(readFileSync(source)) });
  });

  it('is refused when built from another registry (another version of the same size too) or damaged', () => {
    const data = encodeOuiIndex(table, registry, { date: '2026-08-26', origin: 'oui-data test' });
    expect(OuiIndex.decode(data, { ...registry, bytes: registry.bytes + 1 })).toBeNull();
    // An update that kept the file's size (one registrant's name edited in place) still changes the version.
    expect(OuiIndex.decode(data, { ...registry, version: `${registry.version}-next` })).toBeNull();
    expect(OuiIndex.decode(Buffer.from('not an index'), registry)).toBeNull();
    expect(OuiIndex.decode(Buffer.from('{"format":99}\n'), registry)).toBeNull();
    expect(OuiIndex.decode(Buffer.from('{"format":1,"sourceBytes":5642072}\n'), registry)).toBeNull();
  });
});
