/**
 * Memory that must not grow with a report's length (#15): the writers' chunks and SQLite's share of a
 * listing. A peak RSS that grew from 50,000 to 200,000 devices came from what these tests hold.
 */
import { PassThrough, Writable } from 'node:stream';
import { text } from 'node:stream/consumers';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DeviceListing } from '../../src/inventory/device-listing.js';
import { migrate } from '../../src/inventory/migrations.js';
import { prepareStatements } from '../../src/inventory/statements.js';
import { ChunkedWriter } from '../../src/report/write-chunk.js';

const piece = (i: number) => `${String(i).padStart(6, '0')} ${'x'.repeat(993)}\n`;

/** What a report of `count` pieces should read. */
const expected = (count: number) => Array.from({ length: count }, (_, i) => piece(i)).join('');

/** A stream over a file descriptor as Node's are (fs.WriteStream, stdout): it copies the bytes out before calling back. */
class DescriptorSink extends Writable {
  readonly fd = 99;
  readonly buffers = new Set<ArrayBufferLike>();
  readonly parts: Buffer[] = [];

  constructor(private readonly sync: boolean) {
    // Standard output to a file writes synchronously and takes everything: write() never returns false.
    super({ highWaterMark: sync ? Number.MAX_SAFE_INTEGER : 16 * 1024 });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.buffers.add(chunk.buffer);
    this.parts.push(Buffer.from(chunk));
    if (this.sync) done();
    else setImmediate(done);
  }
}

async function writePieces(w: ChunkedWriter, count: number, each?: (i: number) => void): Promise<void> {
  for (let i = 0; i < count; i++) {
    each?.(i);
    await w.push(piece(i));
  }
  await w.flush();
}

describe('ChunkedWriter', () => {
  it('fills the same few buffers again once a descriptor stream has written them', async () => {
    for (const sync of [false, true]) {
      const sink = new DescriptorSink(sync);
      await writePieces(new ChunkedWriter(sink, 8 * 1024), 400);
      expect(Buffer.concat(sink.parts).toString('utf8')).toBe(expected(400));
      // About 60 chunks: a fresh buffer each left them all to the garbage collector.
      expect(sink.parts.length).toBeGreaterThan(40);
      expect(sink.buffers.size).toBeLessThanOrEqual(3);
    }
  });

  it('never refills a buffer a PassThrough still holds for its reader', async () => {
    // The server's downloads: the PassThrough passes the very buffers on and calls back at once, and
    // the reader takes its time (here: it starts when everything is written).
    const out = new PassThrough({ highWaterMark: 1024 * 1024 });
    await writePieces(new ChunkedWriter(out, 8 * 1024), 400);
    out.end();
    expect(await text(out)).toBe(expected(400));
  });

  it('lets the event loop run between chunks when the stream never pushes back', async () => {
    // Otherwise a whole report runs as one chain of promise callbacks: the stream's write callbacks and
    // V8's collection tasks wait for its end, and what they would free piles up.
    const sink = new DescriptorSink(true);
    let chunksWhenTurned: number | null = null;
    setImmediate(() => (chunksWhenTurned = sink.parts.length));
    await writePieces(new ChunkedWriter(sink, 8 * 1024), 400);
    expect(Buffer.concat(sink.parts).toString('utf8')).toBe(expected(400));
    expect(sink.parts.length).toBeGreaterThan(40);
    expect(chunksWhenTurned).not.toBeNull();
    expect(chunksWhenTurned!).toBeLessThanOrEqual(2);
  });
});

describe('a listing snapshot', () => {
  it("bounds SQLite's page cache and in-memory sort while it reads, and restores the connection's setting", async () => {
    const db = new Database(':memory:');
    try {
      migrate(db, ':memory:');
      prepareStatements(db);
      db.pragma('cache_size = -16000');
      const listing = new DeviceListing(db);
      // better-sqlite3's 16 MB let the sort of the ids grow with the inventory (2 MB at 50,000 devices, 8 at 200,000).
      const during = await listing.snapshot(async () => db.pragma('cache_size', { simple: true }) as number);
      expect(-during * 1024).toBeLessThanOrEqual(2 * 1024 * 1024);
      expect(db.pragma('cache_size', { simple: true })).toBe(-16000);
    } finally {
      db.close();
    }
  });
});
