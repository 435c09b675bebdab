/**
 * Splits a byte stream into text lines with a bound on line length, so a file with no newline (or
 * one 2 GB line) costs at most one bound of memory: an over-long line is reported by number and
 * skipped, never held.
 *
 * LineSplitter does the work a chunk at a time, synchronously, into a reused batch: a million-line
 * file costs no promise or result object per line. readLines is the same as an async iterator.
 */

export type Line = { readonly line: number; readonly text: string } | { readonly line: number; readonly tooLong: number };

/** Far beyond any observation line (values are bounded to 4096 characters), small enough to hold. */
export const MAX_LINE_BYTES = 64 * 1024;

const NEWLINE = 0x0a;
const CR = 0x0d;

/** One line of a batch: its text, or for a line over the bound, its length in bytes (its text is never kept). */
export type LineEntry = string | number;

export class LineSplitter {
  /** Lines the last push() or end() completed, in order; reused by the next call. */
  readonly lines: LineEntry[] = [];
  /** Number (from 1) of lines[0]. */
  firstLine = 1;
  private next = 1;
  // The start of a line that spans chunks, as received (text or copied bytes), and its size in bytes.
  private parts: (Buffer | string)[] = [];
  private pendingBytes = 0;
  // Inside an over-long line: its bytes are counted, not kept.
  private skipping = false;
  private dropped = 0;

  constructor(private readonly maxBytes = MAX_LINE_BYTES) {}

  /** Splits one chunk (UTF-8 bytes or text; LF or CRLF); `lines` then holds the lines it completed. */
  push(chunk: Buffer | string): void {
    this.lines.length = 0;
    this.firstLine = this.next;
    if (typeof chunk === 'string') this.pushText(chunk);
    else this.pushBytes(chunk);
  }

  /** The input ended: `lines` then holds its last line if it had no newline. */
  end(): void {
    this.lines.length = 0;
    this.firstLine = this.next;
    if (this.skipping) {
      this.skipping = false;
      this.complete(this.dropped);
    } else if (this.pendingBytes > 0) {
      this.complete(this.joined(''));
    }
  }

  private complete(entry: LineEntry): void {
    this.lines.push(entry);
    this.next += 1;
  }

  private clearPending(): void {
    this.parts = [];
    this.pendingBytes = 0;
  }

  private tooLong(bytes: number): void {
    this.clearPending();
    this.complete(bytes);
  }

  private skipRest(bytes: number): void {
    if (this.skipping) {
      this.dropped += bytes;
    } else {
      this.skipping = true;
      this.dropped = this.pendingBytes + bytes;
      this.clearPending();
    }
  }

  /** The pending start of the line followed by `tail`, without a final CR. */
  private joined(tail: Buffer | string): string {
    const parts = this.parts;
    this.clearPending();
    let text: string;
    if (typeof tail === 'string' && parts.every((p) => typeof p === 'string')) {
      text = parts.join('') + tail;
    } else {
      const buffers = parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
      buffers.push(typeof tail === 'string' ? Buffer.from(tail, 'utf8') : tail);
      text = Buffer.concat(buffers).toString('utf8');
    }
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }

  private pushBytes(buffer: Buffer): void {
    let start = 0;
    for (let nl = buffer.indexOf(NEWLINE, start); nl !== -1; nl = buffer.indexOf(NEWLINE, start)) {
      const bytes = nl - start;
      if (this.skipping) {
        this.skipping = false;
        this.complete(this.dropped + bytes);
      } else if (this.pendingBytes + bytes > this.maxBytes) {
        this.tooLong(this.pendingBytes + bytes);
      } else if (this.parts.length === 0) {
        const end = bytes > 0 && buffer[nl - 1] === CR ? nl - 1 : nl;
        this.complete(buffer.toString('utf8', start, end));
      } else {
        this.complete(this.joined(buffer.subarray(start, nl)));
      }
      start = nl + 1;
    }
    const rest = buffer.length - start;
    if (rest === 0) return;
    if (this.skipping || this.pendingBytes + rest > this.maxBytes) {
      this.skipRest(rest);
    } else {
      // Copy: the stream may reuse its chunk buffers.
      this.parts.push(Buffer.from(buffer.subarray(start)));
      this.pendingBytes += rest;
    }
  }

  /** Whether the pending start and text[start, end) are within the bound. */
  private fits(text: string, start: number, end: number): boolean {
    // UTF-8 takes one to three bytes per UTF-16 unit: count bytes only when the bound could be near.
    if (this.pendingBytes + (end - start) * 3 <= this.maxBytes) return true;
    return this.pendingBytes + Buffer.byteLength(text.slice(start, end), 'utf8') <= this.maxBytes;
  }

  private pushText(text: string): void {
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      const units = nl - start;
      if (this.skipping) {
        this.skipping = false;
        this.complete(this.dropped + Buffer.byteLength(text.slice(start, nl), 'utf8'));
      } else if (!this.fits(text, start, nl)) {
        this.tooLong(this.pendingBytes + Buffer.byteLength(text.slice(start, nl), 'utf8'));
      } else if (this.parts.length === 0) {
        const end = units > 0 && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        this.complete(text.slice(start, end));
      } else {
        this.complete(this.joined(text.slice(start, nl)));
      }
      start = nl + 1;
    }
    if (start === text.length) return;
    const rest = text.slice(start);
    const bytes = Buffer.byteLength(rest, 'utf8');
    if (this.skipping || this.pendingBytes + bytes > this.maxBytes) {
      this.skipRest(bytes);
    } else {
      this.parts.push(rest);
      this.pendingBytes += bytes;
    }
  }
}

/** Lines of `input` (UTF-8, LF or CRLF), numbered from 1; a last line without a newline counts. */
export async function* readLines(input: AsyncIterable<Buffer | string>, maxBytes = MAX_LINE_BYTES): AsyncGenerator<Line> {
  const splitter = new LineSplitter(maxBytes);
  const batch = function* (): Generator<Line> {
    for (let i = 0; i < splitter.lines.length; i += 1) {
      const entry = splitter.lines[i]!;
      const line = splitter.firstLine + i;
      yield typeof entry === 'string' ? { line, text: entry } : { line, tooLong: entry };
    }
  };
  for await (const chunk of input) {
    splitter.push(chunk);
    yield* batch();
  }
  splitter.end();
  yield* batch();
}
