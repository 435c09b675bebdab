import { describe, expect, it } from 'vitest';
import { formatPrefix, lookupOui } from '../../src/identify/oui-lookup.js';
import { allPrefixes, macIn, prefixesOf, registrantOf, unassignedIn } from './registry.js';

describe('lookupOui: longest prefix first', () => {
  it('finds an MA-L by its 24-bit prefix (Hikvision 58:50:ED, from a real SADP capture)', () => {
    expect(registrantOf('5850ED')).toBe('Hangzhou Hikvision Digital Technology Co.,Ltd.');
    expect(lookupOui('58-50-ED-1F-E3-85')).toEqual({
      prefix: '58:50:ED',
      block: 'MA-L',
      registrant: 'Hangzhou Hikvision Digital Technology Co.,Ltd.',
      address: expect.stringContaining('Hangzhou'),
    });
  });

  it('finds an MA-M (28 bits) inside an MA-L held by the IEEE Registration Authority', () => {
    const [prefix] = prefixesOf('Amcrest Technologies').filter((p) => p.length === 7);
    expect(prefix).toBeDefined();
    expect(registrantOf(prefix!.slice(0, 6))).toBe('IEEE Registration Authority');
    const match = lookupOui(macIn(prefix!));
    expect(match).toMatchObject({ block: 'MA-M', registrant: 'Amcrest Technologies', prefix: formatPrefix(prefix!) });
    expect(match?.prefix).toMatch(/^[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]$/);
  });

  it('finds an MA-S (36 bits) inside an IEEE-RA MA-L (Norsat, a Hytera subsidiary, 70:B3:D5:0A:E)', () => {
    expect(prefixesOf('Norsat International Inc.')).toEqual(['70B3D50AE']);
    expect(registrantOf('70B3D5')).toBe('IEEE Registration Authority');
    expect(lookupOui('70:b3:d5:0a:e1:23')).toEqual({
      prefix: '70:B3:D5:0A:E',
      block: 'MA-S',
      registrant: 'Norsat International Inc.',
      address: expect.stringContaining('Richmond BC'),
    });
  });

  it('says the maker is unknown, rather than naming the IEEE, when no smaller block holds the MAC', () => {
    // A real hole: an MA-S slot of 70:B3:D5 that the registry has not assigned.
    const hole = unassignedIn('70B3D5');
    expect(hole).toBeDefined();
    expect(lookupOui(macIn(hole!))).toEqual({
      prefix: '70:B3:D5',
      block: 'MA-L',
      registrant: null,
      address: '',
      unknown: 'unassigned',
    });
  });

  it('reports a privately registered block without a name', () => {
    const [prefix] = [...allPrefixes()].filter((p) => p.length === 6 && registrantOf(p) === 'Private');
    expect(lookupOui(macIn(prefix!))).toMatchObject({ registrant: null, unknown: 'private', block: 'MA-L' });
  });

  it('returns null for a prefix the registry does not know and for text that is not a MAC', () => {
    const known = allPrefixes();
    const unknown = ['FCFFFE', 'FCFFFA', 'FCFFF8', 'FCFFF4'].find((p) => !known.has(p));
    expect(unknown).toBeDefined();
    expect(lookupOui(macIn(unknown!))).toBeNull();
    expect(lookupOui('not a mac')).toBeNull();
    expect(lookupOui('58:50:ed')).toBeNull();
  });

  it('accepts the MAC notations devices and tools print', () => {
    for (const text of ['58:50:ED:1F:E3:85', '58-50-ed-1f-e3-85', '5850.ed1f.e385', ' 5850ed1fe385 ']) {
      expect(lookupOui(text)?.registrant).toBe('Hangzhou Hikvision Digital Technology Co.,Ltd.');
    }
  });

  it('formats prefixes of every block size', () => {
    expect(formatPrefix('5850ED')).toBe('58:50:ED');
    expect(formatPrefix('70B3D51')).toBe('70:B3:D5:1');
    expect(formatPrefix('70B3D50AE')).toBe('70:B3:D5:0A:E');
  });
});
