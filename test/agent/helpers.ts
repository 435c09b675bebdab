import { createServer, type Server, type Socket } from 'node:net';
import { afterEach } from 'vitest';

export interface SilentServer {
  readonly port: number;
  /** Resolves at the first connection: the scan is under way. */
  readonly connected: Promise<void>;
}

/**
 * A TCP service on 127.0.0.1 that accepts and never says a word: discovery finds it open, and the
 * banner probes wait their whole timeout on it, which keeps a scan running as long as a test needs.
 */
export function useSilentServers(): () => Promise<SilentServer> {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });
  return async () => {
    let onConnect: () => void = () => {};
    const connected = new Promise<void>((resolve) => (onConnect = resolve));
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => {});
      onConnect();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return { port: address.port, connected };
  };
}

/** A configuration scanning only 127.0.0.1 on one port, native engine. */
export function loopbackConfig(port: number, extra = '', probeTimeoutMs = 300): string {
  return `scope:
  targets: [127.0.0.1]
discovery:
  engine: native
  ports: [${port}]
  timeoutMs: 500
probes:
  timeoutMs: ${probeTimeoutMs}
${extra}`;
}
