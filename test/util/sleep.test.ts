import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/util/clock.js';
import { sleep } from '../../src/util/sleep.js';

describe('sleep', () => {
  it('waits the time asked', async () => {
    const start = performance.now();
    await sleep(30);
    expect(performance.now() - start).toBeGreaterThanOrEqual(25);
  });

  it('resolves (does not reject) when the signal aborts, also one aborted before', async () => {
    const stop = new AbortController();
    const waiting = sleep(60_000, stop.signal);
    stop.abort(new Error('stop'));
    await expect(waiting).resolves.toBeUndefined();
    await expect(sleep(60_000, stop.signal)).resolves.toBeUndefined();
  });
});

describe('systemClock.sleep', () => {
  it("rejects with the signal's own reason when it aborts first", async () => {
    const stop = new AbortController();
    const reason = new Error('scan stopped');
    const waiting = systemClock.sleep(60_000, stop.signal);
    stop.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(systemClock.sleep(60_000, stop.signal)).rejects.toBe(reason);
  });
});
