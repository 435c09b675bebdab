import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLines, type Line } from '../../src/ingest/line-reader.js';
import { Utf8Chunks } from '../../src/ingest/utf8-chunks.js';

async function* from(chunks: readonly (Buffer | string)[]): AsyncGenerator<Buffer | string> {
  yield* chunks;
}

async function lines(chunks: readonly (Buffer | string)[], max: number): Promise<Line[]> {
  const out: Line[] = [];
  for await (const line of readLines(from(chunks), max)) out.push(line);
  return out;
}

/** What a reader expects, from the whole text at once: LF or CRLF ends a line, a line over the bound is only measured. */
function expected(text: string, max: number): Line[] {
  const parts = text.split('\n');
  if (parts.at(-1) === '') parts.pop();
  return parts.map((part, i) => {
    const bytes = Buffer.byteLength(part, 'utf8');
    if (bytes > max) return { line: i + 1, tooLong: bytes };
    return { line: i + 1, text: part.endsWith('\r') ? part.slice(0, -1) : part };
  });
}

/** The text cut at the given points, each piece as bytes or as text (cuts fall between characters). */
function cut(text: string, points: readonly number[], asBytes: readonly boolean[]): (Buffer | string)[] {
  const chars = [...text];
  const at = [...new Set(points.map((p) => p % (chars.length + 1)))].sort((a, b) => a - b);
  const pieces: (Buffer | string)[] = [];
  let start = 0;
  for (const [i, end] of [...at, chars.length].entries()) {
    const piece = chars.slice(start, end).join('');
    start = end;
    if (piece !== '') pieces.push(asBytes[i % asBytes.length] ? Buffer.from(piece, 'utf8') : piece);
  }
  return pieces;
}

const textArb = fc
  .array(fc.oneof(fc.constantFrom('\n', '\r\n', '\r', 'é', '€', '😀', 'x'), fc.string({ maxLength: 12 })), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('readLines over bytes and text chunks', () => {
  it('gives the lines of the whole text however it is cut and whichever form each chunk has', async () => {
    await fc.assert(
      fc.asyncProperty(
        textArb,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 48 }),
        async (text, points, asBytes, max) => {
          expect(await lines(cut(text, points, asBytes), max)).toEqual(expected(text, max));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('measures over-long text lines in UTF-8 bytes, not characters', async () => {
    const euros = '€'.repeat(30); // 90 bytes, 30 characters
    expect(await lines([`${euros}\nok\n`], 64)).toEqual([
      { line: 1, tooLong: 90 },
      { line: 2, text: 'ok' },
    ]);
    expect(await lines([`${'€'.repeat(21)}x\n`], 64)).toEqual([{ line: 1, text: `${'€'.repeat(21)}x` }]);
  });

  it('joins a character whose bytes are split across chunks', async () => {
    const bytes = Buffer.from('a€b\n', 'utf8');
    expect(await lines([bytes.subarray(0, 2), bytes.subarray(2)], 64)).toEqual([{ line: 1, text: 'a€b' }]);
  });
});

describe('Utf8Chunks', () => {
  it('gives back the lines as UTF-8, a line larger than a buffer included, and never rewrites a chunk it gave', () => {
    const out = new Utf8Chunks();
    out.addLine('first €');
    const taken = out.take();
    const copy = Buffer.from(taken);
    const big = `${'é'.repeat(100_000)}!`;
    out.addLine('second');
    out.addLine(big);
    out.addLine('third');
    expect(out.size).toBe(Buffer.byteLength(`second\n${big}\nthird\n`));
    expect(out.take().toString('utf8')).toBe(`second\n${big}\nthird\n`);
    expect(taken).toEqual(copy);
    expect(out.size).toBe(0);
    expect(out.take().length).toBe(0);
  });
});
