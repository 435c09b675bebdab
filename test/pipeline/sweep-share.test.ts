import { describe, expect, it } from 'vitest';
import { ENGINE_SHARE, SweepShare } from '../../src/pipeline/sweep-share.js';
import { defaultBurst } from '../../src/util/token-bucket.js';
import { VirtualClock } from '../util/virtual-clock.js';

describe('SweepShare: --rate split between a self-paced sweep and the probes beside it', () => {
  it('gives the sweep its share and the probes the rest: together never more than the cap', async () => {
    const clock = new VirtualClock();
    const rate = 100;
    const share = new SweepShare(rate, new AbortController().signal, clock);
    expect(share.engineRate).toBe(rate * ENGINE_SHARE);
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 200 }, async () => {
        await share.pace();
        times.push(clock.now());
      }),
    );
    const probesRate = rate - share.engineRate;
    // Every prefix of the probes' starts fits the probes' part: burst + rate·t.
    times.forEach((t, i) => expect(i + 1).toBeLessThanOrEqual(defaultBurst(probesRate) + (probesRate * t) / 1000 + 1e-6));
    // Sweep and probes over those seconds: within the whole cap (plus the probes' burst).
    const seconds = clock.now() / 1000;
    expect(times.length + share.engineRate * seconds).toBeLessThanOrEqual(rate * seconds + defaultBurst(probesRate) + 1e-6);
  });

  it('once the sweep has ended, lets every probe go at once, those already waiting too', async () => {
    const clock = new VirtualClock();
    const share = new SweepShare(10, new AbortController().signal, clock);
    // More than the share's burst: the rest wait for tokens.
    const waiting = Array.from({ length: 50 }, () => share.pace());
    share.end();
    await Promise.all(waiting);
    await Promise.all(Array.from({ length: 1000 }, () => share.pace()));
    // No probe waited for a token of the share (50 at 2.5/s would have taken ~20 s).
    expect(clock.now()).toBe(0);
  });

  it('a probe waiting for the share when the scan stops fails with the stop', async () => {
    const stop = new AbortController();
    // The real clock: the waiter sleeps for its token until the stop.
    const share = new SweepShare(1, stop.signal);
    await share.pace();
    const waiting = share.pace();
    stop.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    await expect(share.pace()).rejects.toThrow('stopped');
  });
});
