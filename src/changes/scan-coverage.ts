import { parseIpv4, parseTarget, rangesContain, subtractRanges, normalizeRanges, type Ipv4Range } from '../scope/index.js';
import { UsageError } from '../util/errors.js';

/**
 * The addresses a stored scan looked at, from its scope labels ("10.0.0.0/24 (eth0)", "10.0.0.1-50")
 * less its recorded exclusions. A label that no longer parses covers nothing: an absence is only
 * counted where the scan certainly looked.
 */
export function scanCoverage(scope: string, excluded: readonly string[]): Ipv4Range[] {
  const wanted = labelRanges(scope.split(', '), 'target');
  const skipped = labelRanges(excluded, 'exclusion');
  return subtractRanges(normalizeRanges(wanted), skipped);
}

function labelRanges(labels: readonly string[], role: 'target' | 'exclusion'): Ipv4Range[] {
  const ranges: Ipv4Range[] = [];
  for (const label of labels) {
    // Interface-chosen subnets carry the interface name: "192.168.1.0/24 (eth0)".
    const text = label.replace(/\s*\([^)]*\)\s*$/, '').trim();
    if (text === '') continue;
    try {
      ranges.push(parseTarget(text, role));
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
    }
  }
  return ranges;
}

export function coversIp(coverage: readonly Ipv4Range[], ip: string): boolean {
  const n = parseIpv4(ip);
  return n !== null && rangesContain(coverage, n);
}
