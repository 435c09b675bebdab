/** Loopback web servers for the vendor-path tests: answer by request target, record every request head. */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** What a route answers: a whole reply, or a function that writes to the socket itself (endless, stalled). */
export type Route = string | ((socket: net.Socket) => void);

const NOT_FOUND = 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n';

export class LoopbackWeb {
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();

  /** A server on `host` (a loopback address) answering `routes` by request target (path and query), 404 otherwise. */
  async start(routes: Record<string, Route>, heads: string[], host = '127.0.0.1', port = 0): Promise<number> {
    const server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      let buffered = '';
      socket.on('data', (chunk) => {
        buffered += chunk.toString('latin1');
        if (!buffered.includes('\r\n\r\n')) return;
        const head = buffered.slice(0, buffered.indexOf('\r\n\r\n'));
        buffered = '';
        heads.push(head);
        const route = routes[head.split(' ')[1] ?? ''] ?? NOT_FOUND;
        if (typeof route === 'string') socket.end(route);
        else route(socket);
      });
    });
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    this.servers.push(server);
    return (server.address() as AddressInfo).port;
  }

  /** Closes every server and drops the connections a route kept open. */
  stop(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    for (const server of this.servers.splice(0)) server.close();
  }
}
