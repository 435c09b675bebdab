/**
 * Serialises a profile's response the way the device sends it: status line, the profile's
 * headers in their own case and order, then the body. Content-Length is appended when the
 * profile gives neither it nor Transfer-Encoding (RTSP: only when there is a body), so a
 * client always knows where the reply ends.
 */
import { STATUS_CODES } from 'node:http';

export interface ProfileResponse {
  status: number;
  reason?: string | undefined;
  headers: [string, string][];
  body: string;
}

export interface FormatOptions {
  /** "HTTP/1.1" or "RTSP/1.0". */
  protocol: string;
  /** False for HEAD: the headers still describe the full body. */
  withBody: boolean;
  /** RTSP: echo this CSeq (replacing the profile's value, or first when the profile has none). */
  cseq?: string;
}

export function formatResponse(response: ProfileResponse, options: FormatOptions): Buffer {
  const body = Buffer.from(response.body, 'utf8');
  const reason = response.reason ?? STATUS_CODES[response.status] ?? 'Unknown';
  let headers = response.headers.map(([name, value]): [string, string] => [name, value]);
  if (options.cseq !== undefined) {
    const cseq = options.cseq;
    const at = headers.findIndex(([name]) => name.toLowerCase() === 'cseq');
    if (at >= 0) headers = headers.map(([name, value], i): [string, string] => [name, i === at ? cseq : value]);
    else headers.unshift(['CSeq', cseq]);
  }
  const named = (wanted: string): boolean => headers.some(([name]) => name.toLowerCase() === wanted);
  if (!named('content-length') && !named('transfer-encoding') && (body.length > 0 || options.protocol.startsWith('HTTP'))) {
    headers.push(['Content-Length', String(body.length)]);
  }
  const head =
    `${options.protocol} ${response.status} ${reason}\r\n` +
    headers.map(([name, value]) => `${name}: ${value}\r\n`).join('') +
    '\r\n';
  return Buffer.concat([Buffer.from(head, 'utf8'), options.withBody ? body : Buffer.alloc(0)]);
}
