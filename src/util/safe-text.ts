/**
 * Device-supplied text is hostile: it may carry ANSI escapes that repaint a terminal, bidi
 * overrides that reverse what a reader sees, or NUL/CR/LF that forge lines. These helpers make
 * it inert for plain-text outputs (terminal, Markdown, logs). HTML and CSV have their own escaping.
 */

/** Unicode bidi embedding/override/isolate and direction marks: they reorder what a reader sees. One list for every output. */
export const BIDI_CONTROLS = '\\u202a-\\u202e\\u2066-\\u2069\\u200e\\u200f\\u061c';

// C0 controls (tab, CR and LF included: one value, one line), DEL, C1 controls, and the bidi controls.
const UNSAFE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${BIDI_CONTROLS}]`, 'g');

/** Replaces control and bidi characters ("?", or a space for tab/CR/LF) and bounds the length. */
export function plainText(text: string, max = 200): string {
  const clean = text.replace(UNSAFE, (ch) => (ch === '\t' || ch === '\n' || ch === '\r' ? ' ' : '?'));
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}
