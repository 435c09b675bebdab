import { sleep } from './sleep.js';

/** Time as the rate limiter sees it; injected so tests count attempts against a virtual clock. */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: async (ms, signal) => {
    await sleep(ms, signal);
    signal.throwIfAborted();
  },
};
