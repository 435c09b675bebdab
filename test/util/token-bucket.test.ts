import { describe, expect, it } from 'vitest';
import { defaultBurst, TokenBucket } from '../../src/util/token-bucket.js';
import { VirtualClock } from './virtual-clock.js';

/** Every prefix of the attempts fits under burst + rate·t. */
function assertCapHolds(times: readonly number[], rate: number, burst: number): void {
  times.forEach((t, i) => {
    expect(i + 1, `attempt ${i + 1} at ${t.toFixed(1)} ms`).toBeLessThanOrEqual(burst + (rate * t) / 1000 + 1e-6);
  });
}

describe('TokenBucket', () => {
  it('lets at most burst + rate·t attempts start within t seconds', async () => {
    const clock = new VirtualClock();
    const bucket = new TokenBucket(50, 5, clock);
    const signal = new AbortController().signal;
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 500 }, async () => {
        await bucket.take(signal);
        times.push(clock.now());
      }),
    );
    assertCapHolds(times, 50, 5);
    // And it does not throttle harder than asked: 500 attempts at 50/s with 5 up front take ~9.9 s.
    expect(clock.now()).toBeCloseTo(((500 - 5) / 50) * 1000, 0);
  });

  it('refills while idle, but never beyond the burst', async () => {
    const clock = new VirtualClock();
    const bucket = new TokenBucket(10, 2, clock);
    const signal = new AbortController().signal;
    await bucket.take(signal);
    await bucket.take(signal);
    clock.time += 60_000; // a minute idle
    const before = clock.now();
    for (let i = 0; i < 5; i++) await bucket.take(signal);
    // 2 from the refilled burst, then 3 at 10/s.
    expect(clock.now() - before).toBeCloseTo(300, 6);
  });

  it('rejects waiters once the signal aborts', async () => {
    const clock = new VirtualClock();
    const bucket = new TokenBucket(1, 1, clock);
    const controller = new AbortController();
    await bucket.take(controller.signal);
    controller.abort(new Error('stop'));
    await expect(bucket.take(controller.signal)).rejects.toThrow('stop');
  });

  it('defaults to a tenth of a second of burst', () => {
    expect(defaultBurst(1)).toBe(1);
    expect(defaultBurst(300)).toBe(30);
  });
});
