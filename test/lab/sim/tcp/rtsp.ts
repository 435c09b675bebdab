/**
 * RTSP service: every request on the connection (OPTIONS, DESCRIBE, anything) gets the
 * profile's reply with the request's CSeq echoed, as camera RTSP servers do.
 */
import type net from 'node:net';
import { formatResponse, type ProfileResponse } from './response.js';
import { takeHead } from './request-head.js';
import type { ConnectionHandler } from './listener.js';

/** Request bodies (ANNOUNCE, SET_PARAMETER) are skipped, up to this size. */
const MAX_BODY = 64 * 1024;

export function rtspHandler(response: ProfileResponse, log: (m: string) => void, label: string): ConnectionHandler {
  return (socket: net.Socket) => {
    let pending: Buffer = Buffer.alloc(0);
    let skip = 0;
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (skip > 0) {
          const dropped = Math.min(skip, pending.length);
          pending = pending.subarray(dropped);
          skip -= dropped;
          if (skip > 0) return;
        }
        const taken = takeHead(pending);
        if (!taken) return;
        pending = taken.rest;
        if ('malformed' in taken) {
          log(`${label}: ${taken.malformed}`);
          socket.destroy();
          return;
        }
        const length = Number(taken.head.headers.get('content-length') ?? '0');
        if (!Number.isInteger(length) || length < 0 || length > MAX_BODY) {
          log(`${label}: unacceptable Content-Length`);
          socket.destroy();
          return;
        }
        skip = length;
        socket.write(
          formatResponse(response, {
            protocol: 'RTSP/1.0',
            withBody: true,
            cseq: taken.head.headers.get('cseq') ?? '0',
          }),
        );
      }
    });
  };
}
