import net from 'node:net';

/**
 * What one TCP connection attempt showed:
 * - open: the handshake completed;
 * - refused: an RST came back, so something lives at that address;
 * - silent: a timeout or an ICMP unreachable, which proves nothing;
 * - local-error: this host could not even try (out of file descriptors, no route); `code` says why;
 * - aborted: the scan was stopped.
 */
export type ConnectOutcome =
  | { readonly kind: 'open' }
  | { readonly kind: 'refused' }
  | { readonly kind: 'silent' }
  | { readonly kind: 'local-error'; readonly code: string }
  | { readonly kind: 'aborted' };

export type ConnectFn = (ip: string, port: number, timeoutMs: number, signal: AbortSignal) => Promise<ConnectOutcome>;

// Answers from the network (or its absence) about the target: not this host's problem.
const SILENT_CODES = new Set(['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ECONNRESET', 'ECONNABORTED']);

/** One attempt with a real socket; the socket is destroyed however it ends, including on abort. */
export const tcpConnect: ConnectFn = (ip, port, timeoutMs, signal) =>
  new Promise<ConnectOutcome>((resolve) => {
    if (signal.aborted) {
      resolve({ kind: 'aborted' });
      return;
    }
    const socket = net.connect({ host: ip, port });
    const finish = (outcome: ConnectOutcome): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(outcome);
    };
    const onAbort = (): void => finish({ kind: 'aborted' });
    const timer = setTimeout(() => finish({ kind: 'silent' }), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish({ kind: 'open' }));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'EUNKNOWN';
      if (code === 'ECONNREFUSED') finish({ kind: 'refused' });
      else if (SILENT_CODES.has(code)) finish({ kind: 'silent' });
      else finish({ kind: 'local-error', code });
    });
  });
