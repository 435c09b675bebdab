/** The compact index the build makes (oui-index.ts) answers exactly as the registry it came from. */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { encodeOuiIndex, OuiIndex } from '../../src/identify/oui-index.js';

const source = createRequire(import.meta.url).resolve('oui-data');
const table = JSON.parse(readFileSync(source, 'utf8')) as Record<string, string>;
const size = statSync(source).size;

describe('OUI index', () => {
  const index = OuiIndex.decode(encodeOuiIndex(table, size), size);

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

  it('is refused when built from another registry file or damaged', () => {
    const data = encodeOuiIndex(table, size);
    expect(OuiIndex.decode(data, size + 1)).toBeNull();
    expect(OuiIndex.decode(Buffer.from('not an index'), size)).toBeNull();
    expect(OuiIndex.decode(Buffer.from('{"format":99}\n'), size)).toBeNull();
  });
});
