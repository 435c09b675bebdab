import { parseIpv4 } from '../../src/scope/index.js';
import type { Scope } from '../../src/scope/types.js';

/** A Scope from one inclusive range of dotted quads, without the interface checks buildScope does. */
export function rangeScope(first: string, last = first): Scope {
  const a = parseIpv4(first);
  const b = parseIpv4(last);
  if (a === null || b === null || a > b) throw new Error(`bad test range ${first}-${last}`);
  return { ranges: [{ first: a, last: b }], size: b - a + 1, labels: [`${first}-${last}`], excluded: [] };
}
