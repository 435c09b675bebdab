/**
 * Sets of IPv4 addresses as sorted, merged, inclusive ranges. "Normalized" below means sorted by
 * `first`, non-overlapping and non-adjacent: the form Scope.ranges is kept in.
 */
import { formatIpv4, isIpv4Number, parseIpv4 } from './ipv4.js';
import type { Ipv4Range, Scope } from './types.js';

/** Sort and merge overlapping or adjacent ranges. */
export function normalizeRanges(ranges: readonly Ipv4Range[]): Ipv4Range[] {
  const sorted = [...ranges].sort((a, b) => a.first - b.first || a.last - b.last);
  const merged: { first: number; last: number }[] = [];
  for (const r of sorted) {
    const previous = merged.at(-1);
    if (previous !== undefined && r.first <= previous.last + 1) {
      previous.last = Math.max(previous.last, r.last);
    } else {
      merged.push({ first: r.first, last: r.last });
    }
  }
  return merged;
}

export function unionRanges(a: readonly Ipv4Range[], b: readonly Ipv4Range[]): Ipv4Range[] {
  return normalizeRanges([...a, ...b]);
}

/** Addresses in `from` that are not in `remove`. */
export function subtractRanges(from: readonly Ipv4Range[], remove: readonly Ipv4Range[]): Ipv4Range[] {
  const cuts = normalizeRanges(remove);
  const result: Ipv4Range[] = [];
  let c = 0;
  for (const r of normalizeRanges(from)) {
    let first = r.first;
    // Cuts are sorted and `from` ranges are sorted, so cuts ending before this range never matter again.
    while (c < cuts.length && (cuts[c]?.last ?? Infinity) < first) c++;
    for (let i = c; i < cuts.length; i++) {
      const cut = cuts[i];
      if (cut === undefined || cut.first > r.last) break;
      if (cut.first > first) result.push({ first, last: cut.first - 1 });
      first = Math.max(first, cut.last + 1);
      if (first > r.last) break;
    }
    if (first <= r.last) result.push({ first, last: r.last });
  }
  return result;
}

/** Addresses in both `a` and `b`. */
export function intersectRanges(a: readonly Ipv4Range[], b: readonly Ipv4Range[]): Ipv4Range[] {
  const left = normalizeRanges(a);
  const right = normalizeRanges(b);
  const result: Ipv4Range[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const l = left[i];
    const r = right[j];
    if (l === undefined || r === undefined) break;
    const first = Math.max(l.first, r.first);
    const last = Math.min(l.last, r.last);
    if (first <= last) result.push({ first, last });
    if (l.last < r.last) i++;
    else j++;
  }
  return result;
}

/** Number of addresses; `ranges` must be normalized, or overlaps count twice. */
export function rangesSize(ranges: readonly Ipv4Range[]): number {
  let size = 0;
  for (const r of ranges) size += r.last - r.first + 1;
  return size;
}

/** Membership by binary search; `ranges` must be normalized. */
export function rangesContain(ranges: readonly Ipv4Range[], ip: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const r = ranges[middle];
    if (r === undefined) return false;
    if (ip < r.first) high = middle - 1;
    else if (ip > r.last) low = middle + 1;
    else return true;
  }
  return false;
}

/** Whether a scan of `scope` may touch `ip` (dotted quad or integer); anything that is not an IPv4 address is outside. */
export function scopeContains(scope: Scope, ip: string | number): boolean {
  const n = typeof ip === 'number' ? ip : parseIpv4(ip);
  return n !== null && isIpv4Number(n) && rangesContain(scope.ranges, n);
}

/** Every address of `ranges` in order, one at a time: a /8 never becomes 16 million values in memory. */
export function* rangeAddresses(ranges: readonly Ipv4Range[]): Generator<number, void, undefined> {
  for (const r of ranges) {
    for (let n = r.first; n <= r.last; n++) yield n;
  }
}

/** Every address the scan may touch, in ascending order, lazily. */
export function scopeAddresses(scope: Scope): Generator<number, void, undefined> {
  return rangeAddresses(scope.ranges);
}

/** "10.0.0.7" for one address, "10.0.0.1-10.0.0.50" otherwise. */
export function formatRange(r: Ipv4Range): string {
  return r.first === r.last ? formatIpv4(r.first) : `${formatIpv4(r.first)}-${formatIpv4(r.last)}`;
}
