import { normalizeRanges, parseTarget, subtractRanges, type Ipv4Range } from '../scope/index.js';
import { UsageError } from '../util/errors.js';

/**
 * The addresses a scan stored before migration 5 looked at, read back from its scope labels
 * ("10.0.0.0/24 (eth0)", "10.0.0.1-50", joined with ", ") less the exclusions recorded when it was
 * tracked (comma-joined too). A label that does not parse ("import scan.xml") covers nothing: an
 * absence is only counted where the scan certainly looked. Used once, by that migration.
 */
export function legacyScanRanges(scope: string, excluded: string): Ipv4Range[] {
  const wanted = labelRanges(scope.split(', '), 'target');
  const skipped = labelRanges(excluded === '' ? [] : excluded.split(', '), 'exclusion');
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
