import type { Logger } from '../util/log.js';

/**
 * For foreground services (agent, server): the first SIGTERM/SIGINT aborts the returned signal
 * (a clean stop), a second one exits at once. dispose() removes the handlers.
 */
export function stopOnSignals(log: Logger): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    log.info(`${signal}: stopping`);
    controller.abort();
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', stop).off('SIGTERM', stop) };
}
