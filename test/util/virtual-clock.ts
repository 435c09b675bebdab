import type { Clock } from '../../src/util/clock.js';

/**
 * A clock whose time moves only when someone sleeps. The token bucket lets one waiter sleep at a
 * time, so the virtual time is exactly the time the rate cap made the scan wait, and everything
 * else (connects included) takes no time: the worst case for the cap.
 */
export class VirtualClock implements Clock {
  time = 0;

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    this.time += ms;
    return Promise.resolve();
  }
}
