import { systemClock, type Clock } from './clock.js';

/**
 * Caps new connection attempts at `rate` per second on average. Up to `burst` tokens accumulate
 * while idle, so a short burst may go faster; over any interval of t seconds at most
 * burst + rate·t attempts start. Waiters are served one at a time, in order.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly rate: number,
    private readonly burst: number = defaultBurst(rate),
    private readonly clock: Clock = systemClock,
  ) {
    if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number, got ${rate}`);
    if (!(burst >= 1)) throw new RangeError(`burst must be at least 1, got ${burst}`);
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Resolves when one attempt may start; rejects with the signal's reason when it aborts first. */
  take(signal: AbortSignal): Promise<void> {
    const turn = this.tail.then(() => this.waitForToken(signal));
    // The next waiter queues behind this one whether it got its token or was aborted.
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async waitForToken(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.refill();
    while (this.tokens < 1) {
      await this.clock.sleep(((1 - this.tokens) / this.rate) * 1000, signal);
      this.refill();
    }
    this.tokens -= 1;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }
}

/** A tenth of a second's worth of attempts, at least one: smooth enough not to look like a flood. */
export function defaultBurst(rate: number): number {
  return Math.max(1, Math.ceil(rate / 10));
}
