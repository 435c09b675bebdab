import { parseIpv4 } from '../../scope/ipv4.js';

/**
 * Which still-silent on-link addresses a sweep asks again. Each costs a connect and the kernel's
 * ARP give-up (3 s) at a window narrower than the first pass's, so a retry is bounded by what it
 * may find:
 * - a dense segment (at most as many silent addresses as hosts found) is asked again whole, loss
 *   seen or not: there ARP requests can queue up so deep that every answer comes too late and none
 *   shows the loss, and the retry costs no more addresses than the hosts already found;
 * - a sparse segment that showed loss gets a share of the first pass's time, spent on the silent
 *   addresses most likely to hide a lost answer: those whose verdict came while the kernel was
 *   still resolving them, then those nearest the addresses that answered late or only when asked
 *   again. Asking 65,000 empty addresses again for a few lost hosts would cost hours.
 */

/** All retry passes of a sparse segment together take at most this share of the first pass's rounds. */
export const RETRY_COST_SHARE = 1 / 4;

export interface RetryState {
  /** On-link addresses still silent after the last pass, in sweep order. */
  readonly silent: readonly string[];
  /** On-link hosts found so far (by an answer or their MAC). */
  readonly found: number;
  /** On-link addresses the first pass probed. */
  readonly swept: number;
  /** Whether the last pass showed loss (a late answer, or a host that answered only when asked again). */
  readonly lossy: boolean;
  /** Silent addresses whose ARP verdict came by the deadline while the kernel was still resolving them. */
  readonly undecided: ReadonlySet<string>;
  /** Addresses that answered late or only when asked again. */
  readonly lateAnswers: readonly string[];
  /** The window the retry pass runs at. */
  readonly window: number;
  /** The first pass's widest window: the first pass took at least swept / maxWindow rounds. */
  readonly maxWindow: number;
  readonly maxPasses: number;
}

/** The addresses to ask again, in sweep order; empty when a retry is not worth its cost. */
export function retryAddresses(state: RetryState): string[] {
  const { silent, found } = state;
  if (silent.length === 0) return [];
  if (silent.length <= found) return [...silent];
  if (!state.lossy) return [];
  const firstRounds = state.swept / state.maxWindow;
  const rounds = Math.max(1, Math.floor((RETRY_COST_SHARE * firstRounds) / state.maxPasses));
  const limit = rounds * state.window;
  if (silent.length <= limit) return [...silent];
  const late = state.lateAnswers.map(toNumber).sort((a, b) => a - b);
  const rank = (ip: string): number => (state.undecided.has(ip) ? -1 : distance(late, toNumber(ip)));
  const order = new Map(silent.map((ip, i) => [ip, i]));
  return silent
    .map((ip) => ({ ip, rank: rank(ip) }))
    .sort((a, b) => a.rank - b.rank || order.get(a.ip)! - order.get(b.ip)!)
    .slice(0, limit)
    .map(({ ip }) => ip)
    .sort((a, b) => order.get(a)! - order.get(b)!);
}

/** Farther than any two IPv4 addresses are apart (finite, so ranks still subtract). */
const NO_ADDRESS = 2 ** 32;

function toNumber(ip: string): number {
  return parseIpv4(ip) ?? 0;
}

/** Distance from `n` to the nearest of `sorted` (ascending); past any address when there is none. */
function distance(sorted: readonly number[], n: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < n) lo = mid + 1;
    else hi = mid;
  }
  const above = lo < sorted.length ? sorted[lo]! - n : NO_ADDRESS;
  const below = lo > 0 ? n - sorted[lo - 1]! : NO_ADDRESS;
  return Math.min(above, below);
}
