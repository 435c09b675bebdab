import { plainText } from '../util/safe-text.js';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

const HTML_SPECIAL = /[&<>"'`]/;

/** Escapes for both HTML text and quoted attribute values. */
export function escapeHtml(text: string): string {
  // Most text has nothing to escape: testing first spares a replace per cell of a big report.
  return HTML_SPECIAL.test(text) ? text.replace(/[&<>"'`]/g, (ch) => HTML_ESCAPES[ch] ?? ch) : text;
}

/** Device text for HTML: controls and bidi overrides made inert, bounded, then escaped. */
export function htmlText(text: string | null | undefined, max = 300, empty = '—'): string {
  if (text === null || text === undefined || text === '') return empty;
  return escapeHtml(plainText(text, max));
}

/**
 * Device text for Markdown: controls stripped (one value, one line), then the characters that start
 * Markdown constructs backslash-escaped (CommonMark allows it for any ASCII punctuation): emphasis,
 * code, links, images, HTML, entities, table cells, math, and the triggers of GFM autolinks
 * (`://`, `www.`, `@`, `mailto:`). Dots, dashes and colons elsewhere stay readable (IPs, MACs, models).
 */
export function mdText(text: string | null | undefined, max = 300, empty = '—'): string {
  if (text === null || text === undefined || text === '') return empty;
  return plainText(text, max)
    .replace(/[\\`*_[\]()<>!|~&@#${}]/g, (ch) => `\\${ch}`)
    .replace(/:(?=\/)|(?<=\b(?:mailto|xmpp)):|(?<=\bwww)\./gi, (ch) => `\\${ch}`)
    .replace(/^[-+=>]/, (ch) => `\\${ch}`);
}
