import { setTimeout } from 'node:timers/promises';

/**
 * Resolves after `ms`, or at once when the signal aborts: never rejects, so a wait cut short by a
 * stop request is not an error. Callers that must stop check the signal afterwards.
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await setTimeout(ms, undefined, signal === undefined ? undefined : { signal });
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}
