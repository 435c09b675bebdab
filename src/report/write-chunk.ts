import type { Writable } from 'node:stream';

/**
 * Writes and waits for the stream to drain when its buffer is full, so big reports stream at the pace
 * of the disk. A chunk the stream took at once still lets the event loop turn before the next: standard
 * output to a file writes synchronously and never pushes back, and a report written in one unbroken run
 * of promise callbacks leaves the stream's write callbacks and V8's collection tasks waiting to the end.
 * `written` is the stream's write callback: it has finished with the chunk.
 */
export function writeChunk(out: Writable, chunk: string | Uint8Array, written?: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    // A destroyed stream takes the write, emits nothing more and never drains.
    if (out.destroyed) {
      reject(new Error('the output was closed before the report was written'));
      return;
    }
    const onError = (err: Error) => {
      out.off('close', onClose);
      reject(err);
    };
    // Destroyed without an error (a download's client went away): no 'drain' will ever come.
    const onClose = () => onError(new Error('the output was closed before the report was written'));
    out.once('error', onError);
    out.once('close', onClose);
    const done = () => {
      out.off('error', onError);
      out.off('close', onClose);
      resolve();
    };
    if (out.write(chunk, written)) setImmediate(done);
    else out.once('drain', done);
  });
}

/**
 * Encodes small pieces straight into a buffer and writes it when full (about `size` bytes): one
 * write per device row would cost more in stream overhead than rendering, one string per report
 * would hold the whole report in memory, and joining strings before encoding copies everything twice.
 * A buffer is filled again once the stream has written it: a fresh one per chunk left dead buffers
 * for V8's next full collection, more the longer the report (22 MB at 200,000 devices, Markdown).
 */
export class ChunkedWriter {
  private buf: Buffer;
  private used = 0;
  /** Buffers the stream has finished with. */
  private readonly spare: Buffer[] = [];

  constructor(
    private readonly out: Writable,
    private readonly size = 256 * 1024,
  ) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Adds text; awaits only when a chunk is due, so callers can `await w.push(...)` in a loop cheaply. */
  async push(text: string): Promise<void> {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8: a cheap bound instead of measuring.
    const bound = text.length * 3;
    if (this.used + bound > this.buf.length) {
      await this.flush();
      if (bound > this.buf.length) return writeChunk(this.out, text);
    }
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const full = this.buf;
    const chunk = full.subarray(0, this.used);
    this.buf = this.spare.pop() ?? Buffer.allocUnsafe(this.size);
    this.used = 0;
    // Written to a file descriptor (a file, standard output, a socket), the bytes are the kernel's once the
    // stream calls back; a PassThrough (the server's downloads) hands that very buffer on to its reader.
    const toDescriptor = typeof (this.out as { fd?: unknown }).fd === 'number';
    await writeChunk(this.out, chunk, toDescriptor ? () => this.spare.push(full) : undefined);
  }
}
