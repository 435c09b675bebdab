/**
 * A device's text as a reader sees it. Pages and scripts often write characters as escapes: an HTML
 * character reference (`DS&#45;2CD2143G0&#45;I`, `Hangzhou&nbsp;Hikvision`), a JavaScript or JSON
 * string escape (`"ZXHN\x20F670L"`, `"\u6d77\u5eb7"`, `http:\/\/`) or, in URIs (ONVIF scopes,
 * links, cookies), percent-encoded UTF-8 (`name/HIKVISION%20DS-2CD2385G1-I`, `%E6%B5%B7%E5%BA%B7`). A
 * name or model number written so is the same evidence as written plainly, and an escape must not
 * hide it from the readers.
 * One pass, so `&amp;#45;` yields `&#45;` and `\\u002d` stays as written (an escaped backslash), never
 * `-`; only printable code points are decoded (util/char-references.ts), anything else stays as written.
 */
import { decodeReference, printableCode, REFERENCE_PATTERN, type ReferenceOptions } from '../util/char-references.js';

/** Named references pages use in running text; a space-like one reads as a space. */
const NAMED: Readonly<Record<string, string>> = {
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  copy: '©',
  reg: '®',
  trade: '™',
  middot: '·',
  ndash: '–',
  mdash: '—',
};

/** An HTML reference (char-references.ts, four groups), a JS/JSON escape (\xHH, \uHHHH, \u{H…}, \/, \\) or a run of percent escapes. */
const ESCAPE = new RegExp(String.raw`${REFERENCE_PATTERN}|\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|u\{([0-9a-fA-F]{1,6})\}|(\/)|(\\))|((?:%[0-9a-fA-F]{2})+)`, 'g');
/** Groups in ESCAPE. */
const GROUPS = 10;

/** Printable code points only; a numeric reference without its `;` too, as browsers decode it. */
const OPTIONS: ReferenceOptions = { keep: printableCode, named: NAMED, semicolonOptional: true };

const MAY_ESCAPE = /[&\\%]/;

/** A run of percent escapes as the UTF-8 text it encodes, if it is valid UTF-8 of printable characters. */
function percentDecoded(run: string): string {
  let text: string;
  try {
    text = decodeURIComponent(run);
  } catch {
    return run;
  }
  for (const c of text) if (!printableCode(c.codePointAt(0)!)) return run;
  return text;
}

function decoded(whole: string, groups: ReadonlyArray<string | undefined>): string {
  const [refHex, refDecimal, semicolon, name, jsHex, jsUnit, jsPoint, slash, backslash, percent] = groups;
  if (percent !== undefined) return percentDecoded(percent);
  if (slash !== undefined) return '/';
  if (backslash !== undefined) return whole;
  // A JS escape names a code point in hex, as a hex reference does.
  const js = jsHex ?? jsUnit ?? jsPoint;
  return decodeReference(whole, js !== undefined ? { hex: js } : { hex: refHex, decimal: refDecimal, semicolon, name }, OPTIONS);
}

/** The text with its escapes decoded. */
export function readableText(text: string): string {
  if (!MAY_ESCAPE.test(text)) return text;
  return text.replace(ESCAPE, (whole: string, ...groups: Array<string | undefined>) => decoded(whole, groups.slice(0, GROUPS)));
}

/** The decoded text, and for each of its positions (and its end) the position in the text as sent. */
export interface ReadableWithOffsets {
  readonly text: string;
  readonly rawAt: (index: number) => number;
}

/** As readableText, keeping where each decoded character came from: spans found in it map back to the text as sent. */
export function readableWithOffsets(raw: string): ReadableWithOffsets {
  if (!MAY_ESCAPE.test(raw)) return { text: raw, rawAt: (i) => i };
  const offsets: number[] = [];
  let text = '';
  let last = 0;
  const pattern = new RegExp(ESCAPE.source, 'g');
  for (let found = pattern.exec(raw); found !== null; found = pattern.exec(raw)) {
    for (let i = last; i < found.index; i += 1) offsets.push(i);
    text += raw.slice(last, found.index);
    const piece = decoded(found[0], found.slice(1, GROUPS + 1));
    for (let i = 0; i < piece.length; i += 1) offsets.push(found.index);
    text += piece;
    last = found.index + found[0].length;
  }
  for (let i = last; i < raw.length; i += 1) offsets.push(i);
  text += raw.slice(last);
  offsets.push(raw.length);
  return { text, rawAt: (i) => offsets[Math.max(0, Math.min(i, offsets.length - 1))]! };
}
