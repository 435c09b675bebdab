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
