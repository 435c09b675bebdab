/**
 * The scan's --rate, split while a sweep that paces itself (nmap, by --max-rate) runs beside the
 * probes: the sweep is given ENGINE_SHARE of the cap and the probes wait, besides the scan's own
 * bucket, for a bucket of the rest, so that the two together never pass the cap. Once the sweep
 * ends, the probes have the whole cap again and those still waiting for the share go at once.
 */
import { systemClock, type Clock } from '../util/clock.js';
import { TokenBucket, defaultBurst } from '../util/token-bucket.js';

/**
 * The sweep's part. nmap's port scan sends a packet per configured port to each host (11 by
 * default), the probes about four (SNMP and its retry, NetBIOS, a banner per open port), and the
 * probes of the hosts found last run after the sweep anyway.
 */
export const ENGINE_SHARE = 3 / 4;

export class SweepShare {
  /** The rate the sweep may send at while it runs. */
  readonly engineRate: number;
  private readonly bucket: TokenBucket;
  /** Aborted when the sweep ends or the scan stops: waiters for the share are let go. */
  private readonly over = new AbortController();

  /** `stop` is the scan's: a probe waiting for the share when it aborts fails as the scan's bucket would make it. */
  constructor(
    rate: number,
    private readonly stop: AbortSignal,
    clock: Clock = systemClock,
  ) {
    this.engineRate = rate * ENGINE_SHARE;
    const probesRate = rate - this.engineRate;
    this.bucket = new TokenBucket(probesRate, defaultBurst(probesRate), clock);
    if (stop.aborted) this.over.abort();
    else stop.addEventListener('abort', () => this.over.abort(), { once: true });
  }

  /** Resolves when one more probe may start beside the sweep (at once after `end`); rejects when the scan stops. */
  async pace(): Promise<void> {
    if (this.over.signal.aborted) return this.stop.throwIfAborted();
    try {
      await this.bucket.take(this.over.signal);
    } catch (err) {
      this.stop.throwIfAborted();
      if (!this.over.signal.aborted) throw err;
    }
  }

  /** The sweep has ended. */
  end(): void {
    this.over.abort();
  }
}
