import type { Ipv4Range } from '../scope/types.js';
import { RuntimeError } from '../util/errors.js';

/** What a scan covered, as stored: JSON pairs [first, last] of unsigned 32-bit addresses, sorted and merged. */
export function encodeRanges(ranges: readonly Ipv4Range[]): string {
  return JSON.stringify(ranges.map((r) => [r.first, r.last]));
}

/** The stored ranges of scan `scanId`; anything but what encodeRanges writes is a damaged row. */
export function decodeRanges(text: string, scanId: number): Ipv4Range[] {
  const damaged = () => new RuntimeError(`inventory scan ${scanId} is damaged (ranges ${JSON.stringify(text.slice(0, 60))})`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw damaged();
  }
  if (!Array.isArray(parsed)) throw damaged();
  return parsed.map((pair: unknown) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw damaged();
    const [first, last] = pair as unknown[];
    if (!isAddress(first) || !isAddress(last) || first > last) throw damaged();
    return { first, last };
  });
}

function isAddress(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
}
