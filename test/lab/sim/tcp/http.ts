/**
 * HTTP(S) service: one request per connection, answered from the profile's per-path table
 * (exact path without the query, then `*`, else 404), then the connection is closed.
 */
import type net from 'node:net';
import { formatResponse, type ProfileResponse } from './response.js';
import { takeHead } from './request-head.js';
import type { ConnectionHandler } from './listener.js';

const NOT_FOUND: ProfileResponse = { status: 404, headers: [], body: '' };
const BAD_REQUEST: ProfileResponse = { status: 400, headers: [['Connection', 'close']], body: '' };

export function pathOf(target: string): string {
  // Proxy-style absolute targets ("http://host/x") still name a path.
  const absolute = /^[a-z]+:\/\/[^/]*(\/.*)?$/i.exec(target);
  const path = absolute ? (absolute[1] ?? '/') : target;
  const query = path.search(/[?#]/);
  return query >= 0 ? path.slice(0, query) : path;
}

export function chooseResponse(paths: Record<string, ProfileResponse>, target: string): ProfileResponse {
  return paths[pathOf(target)] ?? paths['*'] ?? NOT_FOUND;
}

export function httpHandler(paths: Record<string, ProfileResponse>, log: (m: string) => void, label: string): ConnectionHandler {
  return (socket: net.Socket) => {
    let pending: Buffer = Buffer.alloc(0);
    let answered = false;
    const onData = (chunk: Buffer): void => {
      if (answered) return;
      pending = Buffer.concat([pending, chunk]);
      const taken = takeHead(pending);
      if (!taken) return;
      answered = true;
      socket.off('data', onData);
      if ('malformed' in taken) {
        log(`${label}: ${taken.malformed}`);
        socket.end(formatResponse(BAD_REQUEST, { protocol: 'HTTP/1.1', withBody: true }));
        return;
      }
      const response = chooseResponse(paths, taken.head.target);
      socket.end(formatResponse(response, { protocol: 'HTTP/1.1', withBody: taken.head.method !== 'HEAD' }));
    };
    socket.on('data', onData);
  };
}
