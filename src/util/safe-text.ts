/**
 * Device-supplied text is hostile: it may carry ANSI escapes that repaint a terminal, bidi
 * overrides that reverse what a reader sees, or NUL/CR/LF that forge lines. These helpers make
 * it inert: plainText for plain-text outputs (terminal, Markdown, HTML text, CSV cells, logs), where
 * the characters become "?" or a space; safeJson for JSON, where they become \u escapes that mean
 * the same characters to a parser.
 */

/** Unicode bidi embedding/override/isolate and direction marks: they reorder what a reader sees. One list for every output. */
export const BIDI_CONTROLS = '\\u202a-\\u202e\\u2066-\\u2069\\u200e\\u200f\\u061c';

// C0 controls (tab, CR and LF included: one value, one line), DEL, C1 controls, and the bidi controls.
const UNSAFE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${BIDI_CONTROLS}]`, 'g');
// Tested before replacing: most text has none, and a replace with a callback costs 3x a test (a 1M-device CSV report makes 27M cells).
const HAS_UNSAFE = new RegExp(UNSAFE.source);

/** Replaces control and bidi characters ("?", or a space for tab/CR/LF) and bounds the length. */
export function plainText(text: string, max = 200): string {
  const clean = HAS_UNSAFE.test(text) ? text.replace(UNSAFE, (ch) => (ch === '\t' || ch === '\n' || ch === '\r' ? ' ' : '?')) : text;
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

// JSON.stringify escapes C0 controls but writes DEL, C1 controls, bidi controls and U+2028/U+2029
// as they are: on a terminal those still act (U+202E shows "gnp.exe" as "exe.png"). These only
// ever occur inside JSON strings, where the \u form means the same character.
const RAW_IN_JSON = new RegExp(`[\\u007f-\\u009f\\u2028\\u2029${BIDI_CONTROLS}]`, 'g');

/** JSON.stringify whose output holds no character a terminal acts on: one rule for every JSON writer. */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
