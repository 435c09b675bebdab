import type { Writable } from 'node:stream';

/** Writes and waits for the stream to drain when its buffer is full, so big reports stream at the pace of the disk. */
export function writeChunk(out: Writable, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    out.once('error', onError);
    const done = () => {
      out.off('error', onError);
      resolve();
    };
    if (out.write(chunk)) done();
    else out.once('drain', done);
  });
}

/**
 * Collects small pieces and writes them in chunks of about `size` characters: one write per
 * device row would cost more in stream overhead than rendering, one write per report would hold
 * the whole report in memory.
 */
export class ChunkedWriter {
  private parts: string[] = [];
  private length = 0;

  constructor(
    private readonly out: Writable,
    private readonly size = 256 * 1024,
  ) {}

  /** Adds text; awaits only when a chunk is due, so callers can `await w.push(...)` in a loop cheaply. */
  async push(text: string): Promise<void> {
    this.parts.push(text);
    this.length += text.length;
    if (this.length >= this.size) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.length = 0;
    await writeChunk(this.out, chunk);
  }
}
