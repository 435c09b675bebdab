/** Renders a report into memory through a real Writable, recording the chunks it was written in. */
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { reportWriter, type ReportFormat } from '../../src/report/formats.js';
import type { ReportInput } from '../../src/report/report-input.js';

export interface Rendered {
  readonly text: string;
  readonly chunks: number;
  readonly largestChunk: number;
}

export async function render(format: ReportFormat, input: ReportInput, output?: string): Promise<Rendered> {
  const chunks: string[] = [];
  // A small buffer forces the writer through the backpressure path (write() returning false).
  const sink = new Writable({
    highWaterMark: 16 * 1024,
    decodeStrings: false,
    write(chunk: string | Buffer, _enc, done) {
      chunks.push(chunk.toString());
      setImmediate(done);
    },
  });
  await reportWriter(format, output)(sink, input);
  sink.end();
  await finished(sink);
  return { text: chunks.join(''), chunks: chunks.length, largestChunk: Math.max(0, ...chunks.map((c) => c.length)) };
}
