import { formatIpv4 } from '../../scope/index.js';
import type { Ipv4Range, Scope } from '../../scope/types.js';

/**
 * The fewest CIDR blocks that cover `range` exactly. nmap's target syntax has CIDRs and per-octet
 * ranges but no "a.b.c.d-e.f.g.h", and exclusions are already cut out of the scope's ranges.
 */
export function rangeToCidrs(range: Ipv4Range): string[] {
  const blocks: string[] = [];
  let first = range.first;
  while (first <= range.last) {
    // The largest aligned block starting at `first` that stays inside the range.
    let size = 1;
    while (first % (size * 2) === 0 && first + size * 2 - 1 <= range.last) size *= 2;
    blocks.push(`${formatIpv4(first)}/${32 - Math.log2(size)}`);
    first += size;
  }
  return blocks;
}

/** nmap -iL input for `scope`: one CIDR block per line. */
export function nmapTargetList(scope: Scope): string {
  return scope.ranges.flatMap(rangeToCidrs).join('\n') + '\n';
}
