/**
 * How far the kernel got asking for each address it is still resolving, read from the neighbour
 * table the sweep polls anyway. The kernel sends mcast_solicit (3) ARP requests retrans_time (1 s)
 * apart and fails the entry a retrans_time after the last; a host that answers ARP at all answers
 * a request within milliseconds on a segment that keeps up. So an entry still unresolved some time
 * after the kernel's second request has, on such a segment, no host behind it: the sweep may call
 * it empty ~1.2 s after the first request instead of waiting ~3 s for the kernel to give up (nmap
 * -sn gives up after a similar number of tries). Whether the segment keeps up is the engine's
 * call (AddressWindow.giveUpAfterRepeats); this only tracks the requests.
 *
 * `ip -s neigh` counts the requests in `probes`, which starts at a per-interface value
 * (ucast_solicit), so a repeat shows only as a rise from the first value seen; an entry first seen
 * after its second request is then known repeated only at its third, later, never wrongly. The
 * engine may instead wait for the third request (`repeats` 2) when answers come slower.
 */
/** The kernel repeats its request twice (mcast_solicit 3) before it gives up. */
const MAX_REPEATS = 2;

export class ArpProgress {
  /** The request counter each resolving address showed first. */
  private readonly firstProbes = new Map<string, number>();
  /** When reads first showed the request repeated once and twice, by address (a read's end: the request went out before it). */
  private readonly repeated = new Map<string, number[]>();
  private resolvingNow: ReadonlySet<string> = new Set();
  /** When the last read began: a verdict is only as fresh as it. */
  private lastReadAt = Number.NEGATIVE_INFINITY;

  /** A read of the table that began at `startedAt`, ended at `endedAt`, and showed these addresses resolving. */
  observe(startedAt: number, endedAt: number, resolving: ReadonlyMap<string, number>): void {
    if (startedAt < this.lastReadAt) return; // an older read finishing late
    this.lastReadAt = startedAt;
    this.resolvingNow = new Set(resolving.keys());
    // An entry no longer resolving answered or failed: if asked again, it starts a new count.
    for (const ip of this.firstProbes.keys()) {
      if (!resolving.has(ip)) {
        this.firstProbes.delete(ip);
        this.repeated.delete(ip);
      }
    }
    for (const [ip, probes] of resolving) {
      const first = this.firstProbes.get(ip);
      if (first === undefined) {
        this.firstProbes.set(ip, probes);
        continue;
      }
      const times = this.repeated.get(ip) ?? [];
      // A read may skip a request: both repeats then date from this read.
      while (times.length < Math.min(MAX_REPEATS, probes - first)) times.push(endedAt);
      if (times.length > 0) this.repeated.set(ip, times);
    }
  }

  /**
   * Whether the last read showed `ip` still resolving although the kernel had repeated its request
   * `repeats` times at least `graceMs` before that read began: the requests before went unanswered,
   * and so did the last one for `graceMs`.
   */
  unansweredAfterRepeat(ip: string, graceMs: number, repeats: 1 | 2 = 1): boolean {
    const repeatedAt = this.repeated.get(ip)?.[repeats - 1];
    return repeatedAt !== undefined && this.resolvingNow.has(ip) && this.lastReadAt - repeatedAt >= graceMs;
  }
}
