/**
 * What GET / keeps of a page: its first 2 KB whole, as always, and short excerpts around the markers
 * found further on in the 64 KB the probe reads (its byte cap: reading stops there). Footers,
 * copyright lines and model numbers sit after scripts and styles, where the first 2 KB never reach;
 * keeping the whole window would store 64 KB per web port, so only what names someone is kept.
 *
 * Markers are the places identification would read (a maker's name, a model number: `find`, which
 * the scan passes in from identify so that this stage imports nothing from it), then copyright and
 * company lines, which name the firmware's author whoever that is.
 */

/** Start and end (exclusive) of a marker in the text. */
export type MarkerSpan = readonly [start: number, end: number];

/** The places in a page's text that identification would read, in order of position. */
export type MarkerFinder = (text: string) => Iterable<MarkerSpan>;

/** Bytes of the body kept whole from its start. */
export const HEAD_BYTES = 2048;
/** Excerpts kept beyond the head, and their length in characters. */
export const MAX_EXCERPTS = 8;
export const EXCERPT_CHARS = 256;
/** Characters kept before a marker: the context identification's templates read before a name (mentions.ts WINDOW). */
const BEFORE = 96;
/** Markers looked at per page and source, so a page of ten thousand names costs no more than one of 64. */
const MAX_SPANS = 64;

/** Copyright and company lines: ©, its entities, "Copyright", the Chinese "all rights reserved", a "Co., Ltd." legal name. */
const AUTHOR_LINE = /©|&copy;|&#0*169;|&#x0*a9;|\bcopyright\b|版权所有|\bco\.\s?,?\s?ltd\b|有限公司/giu;

export interface PageText {
  /** The body's first HEAD_BYTES, decoded. */
  readonly head: string;
  /** Excerpts of at most EXCERPT_CHARS around markers the head does not already hold, in page order. */
  readonly excerpts: readonly string[];
}

function* authorLines(text: string): Generator<MarkerSpan> {
  const pattern = new RegExp(AUTHOR_LINE.source, AUTHOR_LINE.flags);
  for (let found = pattern.exec(text); found !== null; found = pattern.exec(text)) yield [found.index, found.index + found[0].length];
}

function* firstSpans(spans: Iterable<MarkerSpan>): Generator<MarkerSpan> {
  let n = 0;
  for (const span of spans) {
    if (n++ === MAX_SPANS) return;
    yield span;
  }
}

/** The head and the marker excerpts of a body (at most the probe's 64 KB); the finder's markers come before author lines. */
export function pageText(body: Buffer, find?: MarkerFinder): PageText {
  const head = body.subarray(0, HEAD_BYTES).toString('utf8');
  if (body.length <= HEAD_BYTES) return { head, excerpts: [] };
  const text = body.toString('utf8');
  const chosen: [number, number][] = [];
  const sources = [...(find ? [find(text)] : []), authorLines(text)];
  for (const spans of sources) {
    for (const [start, end] of firstSpans(spans)) {
      if (chosen.length === MAX_EXCERPTS) break;
      const from = Math.max(0, start - BEFORE);
      const to = Math.min(text.length, from + EXCERPT_CHARS);
      // The head already shows it with its context, or an excerpt kept holds it.
      if (to <= head.length || chosen.some(([a, b]) => start >= a && end <= b)) continue;
      chosen.push([from, to]);
    }
  }
  chosen.sort((a, b) => a[0] - b[0]);
  return { head, excerpts: chosen.map(([from, to]) => text.slice(from, to)) };
}
