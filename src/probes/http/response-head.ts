/**
 * Reads the head of an HTTP/1.x or RTSP/1.0 response as a device sent it: header names keep their
 * case and order (upper-case names are themselves a Dahua tell). Written by hand because Node's
 * parser normalizes case and rejects the malformed heads that cheap firmware sends.
 */
import { decodeCharReferences, printableCode } from '../../util/char-references.js';

export interface ResponseHead {
  readonly protocol: 'HTTP' | 'RTSP';
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

const MAX_HEADERS = 64;
const STATUS_LINE = /^(HTTP|RTSP)\/\d\.\d\s+(\d{3})(?:\s+(.*))?$/;

export function parseResponseHead(data: Buffer): ResponseHead | null {
  let end = data.indexOf('\r\n\r\n');
  let sep = 4;
  if (end < 0) {
    end = data.indexOf('\n\n');
    sep = 2;
  }
  const headText = data.subarray(0, end < 0 ? data.length : end).toString('latin1');
  const lines = headText.split(/\r?\n/);
  const m = STATUS_LINE.exec(lines[0]?.trim() ?? '');
  if (!m) return null;
  const headers: [string, string][] = [];
  for (const line of lines.slice(1, 1 + MAX_HEADERS)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return {
    protocol: m[1] as 'HTTP' | 'RTSP',
    status: Number(m[2]),
    reason: m[3] ?? '',
    headers,
    body: end < 0 ? Buffer.alloc(0) : data.subarray(end + sep),
  };
}

/** Whether the head's blank line is in `data`: a reply cut at its byte cap without one had an oversized head. */
export function headEnds(data: Buffer): boolean {
  return data.includes('\r\n\r\n') || data.includes('\n\n');
}

/** First value of a header, case-insensitively. */
export function header(head: ResponseHead, name: string): string | undefined {
  const want = name.toLowerCase();
  return head.headers.find(([n]) => n.toLowerCase() === want)?.[1];
}

/** The realm of a WWW-Authenticate challenge ("Digest realm=\"Login to 4H01D66PAJ2FA64\", …" → "Login to 4H01D66PAJ2FA64"). */
export function realmOf(challenge: string): string | null {
  const m = /realm\s*=\s*(?:"([^"]*)"|([^\s,]+))/i.exec(challenge);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** The page title as a browser shows it (numeric character references decoded: ZTE gateways send theirs so), whitespace folded. */
export function titleOf(body: Buffer): string | null {
  // Bounded attribute run: an unbounded [^>]* backtracks quadratically on a body of repeated "<title" (found by fuzzing).
  const m = /<title[^>]{0,256}>([^<]{0,512})<\/title>/i.exec(body.subarray(0, 64 * 1024).toString('utf8'));
  return m?.[1] ? decodeCharReferences(m[1], { keep: printableCode }).replace(/\s+/g, ' ').trim() : null;
}
