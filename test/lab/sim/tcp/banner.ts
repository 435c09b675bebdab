/**
 * SSH, Telnet and FTP: the device greets first. The client's replies are read (bounded by the
 * listener) and ignored; the connection stays open until the client leaves or times out.
 */
import type net from 'node:net';
import type { ConnectionHandler } from './listener.js';

/** Line-based clients wait for the end of the line, so a banner without one gets CRLF. */
export function bannerBytes(banner: string): Buffer {
  return Buffer.from(banner.endsWith('\n') ? banner : `${banner}\r\n`, 'utf8');
}

export function bannerHandler(banner: string): ConnectionHandler {
  const bytes = bannerBytes(banner);
  return (socket: net.Socket) => {
    socket.write(bytes);
    socket.resume();
  };
}
