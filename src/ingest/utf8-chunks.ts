/**
 * Gathers output lines as UTF-8 bytes in chunk-sized buffers. Encoding each line as it comes costs
 * a fraction of what concatenating lines into one string and encoding that does (V8 flattens the
 * concatenation, widens it to two bytes per character as soon as one line needs it, then encodes).
 * A chunk once taken is never written again: a stream may still hold it.
 */

/** Room per buffer: callers take a chunk at about 64 KB, and the lines that complete it fit. */
const CAPACITY = 128 * 1024;
const NEWLINE = 0x0a;

export class Utf8Chunks {
  private buffer = Buffer.allocUnsafe(CAPACITY);
  private used = 0;
  private readonly sealed: Buffer[] = [];
  private sealedBytes = 0;

  /** Bytes held. */
  get size(): number {
    return this.used + this.sealedBytes;
  }

  /** Appends the text's UTF-8 bytes and a newline. */
  addLine(text: string): void {
    // At most three bytes per UTF-16 unit: checked without measuring the text.
    const room = text.length * 3 + 1;
    if (this.used + room > this.buffer.length) {
      this.seal();
      if (room > CAPACITY) {
        // A line larger than a buffer gets its own.
        const bytes = Buffer.from(`${text}\n`, 'utf8');
        this.sealed.push(bytes);
        this.sealedBytes += bytes.length;
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
    this.buffer[this.used] = NEWLINE;
    this.used += 1;
  }

  /** Everything held, as one buffer (empty when nothing is), after which nothing is. */
  take(): Buffer {
    this.seal();
    const parts = this.sealed.splice(0);
    this.sealedBytes = 0;
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  // Moves the current buffer's bytes to the taken list and starts a fresh buffer.
  private seal(): void {
    if (this.used === 0) return;
    this.sealed.push(this.buffer.subarray(0, this.used));
    this.sealedBytes += this.used;
    this.buffer = Buffer.allocUnsafe(CAPACITY);
    this.used = 0;
  }
}
