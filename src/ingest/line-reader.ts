/**
 * Splits a byte stream into text lines with a bound on line length, so a file with no newline (or
 * one 2 GB line) costs at most one bound of memory: an over-long line is reported by number and
 * skipped, never held.
 */

export type Line = { readonly line: number; readonly text: string } | { readonly line: number; readonly tooLong: number };

/** Far beyond any observation line (values are bounded to 4096 characters), small enough to hold. */
export const MAX_LINE_BYTES = 64 * 1024;

const NEWLINE = 0x0a;

/** Lines of `input` (UTF-8, LF or CRLF), numbered from 1; a last line without a newline counts. */
export async function* readLines(input: AsyncIterable<Buffer | string>, maxBytes = MAX_LINE_BYTES): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false; // inside an over-long line: its bytes are counted, not kept
  let dropped = 0;
  let line = 0;

  const startSkipping = (bytes: number): void => {
    skipping = true;
    dropped = pendingBytes + bytes;
    pending = [];
    pendingBytes = 0;
  };

  const finish = (tail: Buffer): Line => {
    line += 1;
    if (skipping) {
      skipping = false;
      return { line, tooLong: dropped + tail.length };
    }
    const bytes = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
    pending = [];
    pendingBytes = 0;
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    return { line, text: bytes.toString('utf8', 0, end) };
  };

  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (let nl = buffer.indexOf(NEWLINE, start); nl !== -1; nl = buffer.indexOf(NEWLINE, start)) {
      const tail = buffer.subarray(start, nl);
      if (!skipping && pendingBytes + tail.length > maxBytes) {
        startSkipping(0);
      }
      yield finish(tail);
      start = nl + 1;
    }
    const rest = buffer.subarray(start);
    if (rest.length === 0) continue;
    if (skipping) {
      dropped += rest.length;
    } else if (pendingBytes + rest.length > maxBytes) {
      startSkipping(rest.length);
    } else {
      // Copy: the stream may reuse its chunk buffers.
      pending.push(Buffer.from(rest));
      pendingBytes += rest.length;
    }
  }
  if (skipping || pendingBytes > 0) yield finish(Buffer.alloc(0));
}
