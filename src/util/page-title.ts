/**
 * The title of an HTML page as a browser shows it: the first <title> element, its character references
 * decoded (ZTE gateways send theirs so), white space folded; null when there is none or it is empty.
 * The HTTP probe stores it as the page's `http.title`; identification reads it out of a page body
 * given alone, so that a body says what its title says.
 */
import { decodeCharReferences, printableCode } from './char-references.js';

// Bounded attribute run: an unbounded [^>]* backtracks quadratically on a body of repeated "<title" (found by fuzzing).
const TITLE = /<title[^>]{0,256}>([^<]{0,512})<\/title>/i;

export function pageTitle(html: string): string | null {
  const m = TITLE.exec(html);
  const title = m?.[1] ? decodeCharReferences(m[1], { keep: printableCode }).replace(/\s+/g, ' ').trim() : '';
  return title === '' ? null : title;
}
