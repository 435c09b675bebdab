/**
 * One TCP (or TLS) listener on a device's address, with every connection bounded: an idle
 * timeout, a maximum life and a cap on the bytes a client may send, so a hostile scanner
 * cannot exhaust the simulator.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { SimLimits } from '../options.js';

/** Gets each accepted connection; `data` events are already counted against the read cap. */
export type ConnectionHandler = (socket: net.Socket) => void;

export interface TcpListenerSpec {
  ip: string;
  port: number;
  label: string;
  handler: ConnectionHandler;
  /** PEM key and certificate: the listener speaks TLS. */
  tls?: { key: string; cert: string };
}

export interface Closable {
  close(): Promise<void>;
}

export async function listenTcp(spec: TcpListenerSpec, limits: SimLimits, log: (m: string) => void): Promise<Closable> {
  const sockets = new Set<net.Socket>();
  const onConnection = (socket: net.Socket): void => {
    sockets.add(socket);
    let received = 0;
    const lifetime = setTimeout(() => socket.destroy(), limits.lifetimeMs);
    lifetime.unref();
    socket.setTimeout(limits.idleMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.readCapBytes) {
        log(`${spec.label}: client ${socket.remoteAddress ?? '?'} sent over ${limits.readCapBytes} bytes, closing`);
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      clearTimeout(lifetime);
      sockets.delete(socket);
    });
    try {
      spec.handler(socket);
    } catch (error) {
      log(`${spec.label}: handler failed: ${String(error)}`);
      socket.destroy();
    }
  };

  const server = spec.tls
    ? tls.createServer({ key: spec.tls.key, cert: spec.tls.cert }, onConnection)
    : net.createServer(onConnection);
  server.maxConnections = limits.maxConnections;
  if (spec.tls) {
    // Failed handshakes are a scanner's everyday business: note them, keep serving.
    server.on('tlsClientError', (error) => log(`${spec.label}: TLS handshake failed: ${error.message}`));
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: spec.ip, port: spec.port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log(`${spec.label}: ${error.message}`));

  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
