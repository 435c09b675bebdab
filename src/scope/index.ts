/** The scope stage's public surface: what a scan may touch. */
export type { Ipv4Range, Scope, ScopeChoice, ScopeRequest } from './types.js';
export { buildScope, DEFAULT_MAX_HOSTS } from './build-scope.js';
export { parseTarget, type TargetRole } from './parse-target.js';
export {
  cidrBlock,
  cidrHosts,
  formatIpv4,
  isLinkLocal,
  isLoopback,
  isNeverScannable,
  isRfc1918,
  netmaskPrefix,
  neverScannableBlock,
  parseIpv4,
  type Ipv4Block,
} from './ipv4.js';
export {
  formatRange,
  intersectRanges,
  normalizeRanges,
  rangesContain,
  rangesSize,
  scopeAddresses,
  scopeContains,
  subtractRanges,
} from './range-set.js';
