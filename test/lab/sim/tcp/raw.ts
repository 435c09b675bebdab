/**
 * Binary vendor ports: an optional greeting on connect, then one reply once the client has
 * spoken (Hikvision 8000 answers anything with a 16-byte frame; Dahua 37777 answers a realm
 * request with text holding `Login to <serial>`).
 */
import type net from 'node:net';
import type { ConnectionHandler } from './listener.js';

export function rawHandler(replyHex: string, greetingHex: string | undefined): ConnectionHandler {
  const reply = Buffer.from(replyHex, 'hex');
  const greeting = greetingHex ? Buffer.from(greetingHex, 'hex') : undefined;
  return (socket: net.Socket) => {
    if (greeting) socket.write(greeting);
    socket.once('data', () => socket.write(reply));
    socket.resume();
  };
}
