import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ListenOptions {
  readonly host: string;
  /** 0: any free port (tests). */
  readonly port: number;
  /** PEM certificate chain and key; null: plain HTTP (the caller allows it on loopback only). */
  readonly tls: { readonly cert: Buffer; readonly key: Buffer } | null;
  /** A connection with no byte moving either way this long is ended (default 5 minutes). */
  readonly idleTimeoutMs?: number;
}

export interface Listening {
  readonly url: string;
  readonly port: number;
  /** Stops accepting, ends open connections, resolves when the server is closed. */
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 5_000;
/**
 * Longer than any pause of a working exchange (a batch being applied, a report's first pass). Without
 * it a client that stops reading a report keeps its PostgreSQL connection and transaction for ever;
 * Node's own timeouts bound only the request's headers and body.
 */
const IDLE_TIMEOUT_MS = 5 * 60_000;

/** Serves the app over HTTPS (or HTTP); resolves once listening, rejects when the address cannot be bound. */
export async function listen(app: Hono, options: ListenOptions): Promise<Listening> {
  const server: ServerType = serve({
    fetch: app.fetch,
    hostname: options.host,
    port: options.port,
    ...(options.tls !== null ? { createServer: createHttpsServer, serverOptions: { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' as const } } : {}),
  });
  // With no 'timeout' listener, Node destroys the idle socket itself.
  server.setTimeout(options.idleTimeoutMs ?? IDLE_TIMEOUT_MS);
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `${options.tls !== null ? 'https' : 'http'}://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        const force = setTimeout(() => ('closeAllConnections' in server ? server.closeAllConnections() : undefined), CLOSE_GRACE_MS);
        server.close((err) => {
          clearTimeout(force);
          if (err) reject(err);
          else resolve();
        });
        // Agents keep connections alive between batches: idle ones end now, a request being
        // answered gets a grace period (a push cut off is rolled back and resent by its agent).
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      }),
  };
}
