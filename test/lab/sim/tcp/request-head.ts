/**
 * Collects an HTTP/RTSP-style request head (request line and headers up to the blank line)
 * from a byte stream, bounded in size. Text protocols only; bodies are skipped by the caller.
 */
export const MAX_HEAD_BYTES = 16 * 1024;

export interface RequestHead {
  method: string;
  target: string;
  version: string;
  /** Header names lower-cased; the first occurrence wins. */
  headers: Map<string, string>;
}

export type HeadResult = { head: RequestHead; rest: Buffer } | { malformed: string; rest: Buffer } | null;

/** Takes one head off the front of `buffer`; null while incomplete. */
export function takeHead(buffer: Buffer): HeadResult {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) {
    return buffer.length > MAX_HEAD_BYTES ? { malformed: 'request head too large', rest: Buffer.alloc(0) } : null;
  }
  const rest = buffer.subarray(end + 4);
  const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const requestLine = /^([A-Za-z_-]{1,32}) (\S{1,8192}) ([A-Z]{1,8}\/\d\.\d)$/.exec(lines[0] ?? '');
  if (!requestLine) return { malformed: `bad request line ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`, rest };
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  const [, method = '', target = '', version = ''] = requestLine;
  return { head: { method, target, version, headers }, rest };
}
