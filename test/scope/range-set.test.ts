import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../src/scope/ipv4.js';
import {
  formatRange,
  intersectRanges,
  normalizeRanges,
  rangeAddresses,
  rangesContain,
  rangesSize,
  scopeAddresses,
  scopeContains,
  subtractRanges,
  unionRanges,
} from '../../src/scope/range-set.js';
import type { Ipv4Range, Scope } from '../../src/scope/types.js';

const ip = (text: string): number => {
  const n = parseIpv4(text);
  if (n === null) throw new Error(`test address ${text} does not parse`);
  return n;
};
const r = (first: number, last: number): Ipv4Range => ({ first, last });
const scopeOf = (ranges: Ipv4Range[]): Scope => ({ ranges, size: rangesSize(ranges), labels: [], excluded: [] });

/** Small universe so a Set of every address is a usable model; offset so arithmetic near 0 is not all we test. */
const BASE = ip('10.0.0.0');
const UNIVERSE = 64;
const smallRange = fc
  .tuple(fc.integer({ min: 0, max: UNIVERSE - 1 }), fc.integer({ min: 0, max: 12 }))
  .map(([start, length]) => r(BASE + start, BASE + Math.min(UNIVERSE - 1, start + length)));
const smallRanges = fc.array(smallRange, { maxLength: 8 });

function model(ranges: readonly Ipv4Range[]): Set<number> {
  const set = new Set<number>();
  for (const x of ranges) for (let n = x.first; n <= x.last; n++) set.add(n);
  return set;
}

function isNormalized(ranges: readonly Ipv4Range[]): boolean {
  return ranges.every((x, i) => {
    const previous = ranges[i - 1];
    return x.first <= x.last && (previous === undefined || x.first > previous.last + 1);
  });
}

describe('range-set examples', () => {
  it('merges overlapping and adjacent ranges and sorts them', () => {
    expect(normalizeRanges([r(20, 30), r(1, 5), r(4, 10), r(11, 12), r(40, 40)])).toEqual([r(1, 12), r(20, 30), r(40, 40)]);
    expect(normalizeRanges([r(5, 9), r(1, 100)])).toEqual([r(1, 100)]);
    expect(normalizeRanges([])).toEqual([]);
  });

  it('excludes a middle range, leaving both ends', () => {
    const target = [r(ip('10.0.0.1'), ip('10.0.0.254'))];
    expect(subtractRanges(target, [r(ip('10.0.0.100'), ip('10.0.0.199'))])).toEqual([
      r(ip('10.0.0.1'), ip('10.0.0.99')),
      r(ip('10.0.0.200'), ip('10.0.0.254')),
    ]);
  });

  it('excluding everything leaves nothing', () => {
    expect(subtractRanges([r(10, 20), r(30, 40)], [r(0, 100)])).toEqual([]);
    expect(subtractRanges([r(10, 20)], [r(10, 15), r(16, 20)])).toEqual([]);
  });

  it('one exclusion can cut several ranges, and several exclusions one range', () => {
    expect(subtractRanges([r(1, 10), r(20, 30)], [r(5, 25)])).toEqual([r(1, 4), r(26, 30)]);
    expect(subtractRanges([r(1, 30)], [r(3, 4), r(10, 12), r(30, 40)])).toEqual([r(1, 2), r(5, 9), r(13, 29)]);
  });

  it('handles the very ends of the address space', () => {
    const all = [r(0, 0xffffffff)];
    expect(rangesSize(all)).toBe(2 ** 32);
    expect(subtractRanges(all, [r(1, 0xfffffffe)])).toEqual([r(0, 0), r(0xffffffff, 0xffffffff)]);
    expect(rangesContain(all, 0xffffffff)).toBe(true);
  });

  it('counts sizes', () => {
    expect(rangesSize([])).toBe(0);
    expect(rangesSize([r(5, 5)])).toBe(1);
    expect(rangesSize([r(ip('10.0.0.1'), ip('10.0.0.254')), r(ip('10.0.2.0'), ip('10.0.2.9'))])).toBe(264);
  });

  it('formats ranges', () => {
    expect(formatRange(r(ip('10.0.0.7'), ip('10.0.0.7')))).toBe('10.0.0.7');
    expect(formatRange(r(ip('10.0.0.1'), ip('10.0.0.50')))).toBe('10.0.0.1-10.0.0.50');
  });
});

describe('scopeContains', () => {
  const scope = scopeOf([r(ip('10.0.0.1'), ip('10.0.0.254')), r(ip('192.168.1.10'), ip('192.168.1.20'))]);

  it.each([
    ['10.0.0.1', true],
    ['10.0.0.254', true],
    ['10.0.0.0', false],
    ['10.0.0.255', false],
    ['192.168.1.15', true],
    ['192.168.1.21', false],
    ['8.8.8.8', false],
  ])('%s → %s', (address, expected) => {
    expect(scopeContains(scope, address)).toBe(expected);
    expect(scopeContains(scope, ip(address))).toBe(expected);
  });

  it.each(['', 'printer', '10.0.0.010', '10.0.0.1/24', ' 10.0.0.1'])('treats non-addresses like %j as outside', (text) => {
    expect(scopeContains(scope, text)).toBe(false);
  });

  it.each([-1, 1.5, Number.NaN, 2 ** 32 + ip('10.0.0.1')])('treats the number %s as outside', (n) => {
    expect(scopeContains(scope, n)).toBe(false);
  });
});

describe('scopeAddresses', () => {
  it('yields every address in order', () => {
    const scope = scopeOf([r(ip('10.0.0.1'), ip('10.0.0.3')), r(ip('10.0.0.9'), ip('10.0.0.9'))]);
    expect([...scopeAddresses(scope)]).toEqual([ip('10.0.0.1'), ip('10.0.0.2'), ip('10.0.0.3'), ip('10.0.0.9')]);
    expect([...scopeAddresses(scopeOf([]))]).toEqual([]);
  });

  it('is lazy: the first addresses of all 2^32 arrive without enumerating the rest', () => {
    const iterator = scopeAddresses(scopeOf([r(0, 0xffffffff)]));
    expect(iterator.next()).toEqual({ value: 0, done: false });
    expect(iterator.next()).toEqual({ value: 1, done: false });
    const later = scopeAddresses(scopeOf([r(ip('10.0.0.0'), ip('10.255.255.255'))]));
    const firstThree = [later.next().value, later.next().value, later.next().value];
    expect(firstThree).toEqual([ip('10.0.0.0'), ip('10.0.0.1'), ip('10.0.0.2')]);
  });

  it('a /16 yields 65,536 numbers', () => {
    let n = 0;
    for (const address of scopeAddresses(scopeOf([r(ip('10.1.0.0'), ip('10.1.255.255'))]))) {
      expect(typeof address).toBe('number');
      n++;
    }
    expect(n).toBe(65_536);
  });
});

describe('range-set arithmetic agrees with a naive set model', () => {
  it('normalize keeps the same addresses in normalized form', () => {
    fc.assert(
      fc.property(smallRanges, (a) => {
        const n = normalizeRanges(a);
        expect(isNormalized(n)).toBe(true);
        expect(model(n)).toEqual(model(a));
        expect(rangesSize(n)).toBe(model(a).size);
      }),
    );
  });

  it('subtract then membership', () => {
    fc.assert(
      fc.property(smallRanges, smallRanges, (a, b) => {
        const result = subtractRanges(a, b);
        const expected = new Set([...model(a)].filter((n) => !model(b).has(n)));
        expect(isNormalized(result)).toBe(true);
        expect(rangesSize(result)).toBe(expected.size);
        for (let n = BASE - 1; n <= BASE + UNIVERSE; n++) {
          expect(rangesContain(result, n)).toBe(expected.has(n));
        }
        expect([...rangeAddresses(result)]).toEqual([...expected].sort((x, y) => x - y));
      }),
    );
  });

  it('intersect and union', () => {
    fc.assert(
      fc.property(smallRanges, smallRanges, (a, b) => {
        const both = intersectRanges(a, b);
        const either = unionRanges(a, b);
        expect(isNormalized(both)).toBe(true);
        expect(isNormalized(either)).toBe(true);
        expect(model(both)).toEqual(new Set([...model(a)].filter((n) => model(b).has(n))));
        expect(model(either)).toEqual(new Set([...model(a), ...model(b)]));
      }),
    );
  });

  it('(a - b) and (a ∩ b) partition a', () => {
    fc.assert(
      fc.property(smallRanges, smallRanges, (a, b) => {
        const size = rangesSize(normalizeRanges(a));
        expect(rangesSize(subtractRanges(a, b)) + rangesSize(intersectRanges(a, b))).toBe(size);
      }),
    );
  });
});
