/**
 * Misbehaving TCP services for the hostile profile. Each respects backpressure so the
 * simulator's own memory stays flat whatever the client does; the listener's lifetime cap
 * ends the endless ones.
 */
import { randomBytes } from 'node:crypto';
import type net from 'node:net';
import type { ConnectionHandler } from './listener.js';

export type Misbehaviour = 'endless' | 'huge' | 'drip' | 'garbage' | 'silent';

export const HUGE_BYTES = 10 * 1024 * 1024;
export const GARBAGE_BYTES = 64 * 1024;
const CHUNK = 64 * 1024;

/** Writes `total` bytes (Infinity: until the client goes) of `pattern`, waiting for drain. */
function stream(socket: net.Socket, pattern: Buffer, total: number, then: () => void): void {
  // Whole repetitions of the pattern, so the stream reads as the pattern repeated.
  const chunk = Buffer.alloc(Math.max(1, Math.floor(CHUNK / pattern.length)) * pattern.length, pattern);
  let sent = 0;
  const pump = (): void => {
    while (!socket.destroyed && sent < total) {
      const part = total - sent >= chunk.length ? chunk : chunk.subarray(0, total - sent);
      sent += part.length;
      if (!socket.write(part)) {
        socket.once('drain', pump);
        return;
      }
    }
    if (!socket.destroyed) then();
  };
  pump();
}

export function hostileHandler(behaviour: Misbehaviour, text: string | undefined): ConnectionHandler {
  const pattern = Buffer.from(text && text.length > 0 ? text : 'A', 'utf8');
  return (socket: net.Socket) => {
    socket.resume();
    switch (behaviour) {
      case 'endless':
        stream(socket, pattern, Infinity, () => undefined);
        return;
      case 'huge':
        stream(socket, pattern, HUGE_BYTES, () => socket.end());
        return;
      case 'garbage':
        socket.end(randomBytes(GARBAGE_BYTES));
        return;
      case 'drip': {
        let at = 0;
        const timer = setInterval(() => {
          socket.write(pattern.subarray(at, at + 1));
          at = (at + 1) % pattern.length;
        }, 1000);
        socket.on('close', () => clearInterval(timer));
        return;
      }
      case 'silent':
        return;
    }
  };
}
