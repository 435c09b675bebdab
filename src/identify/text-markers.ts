/**
 * Where, in a long text a device sent (a web page read to 64 KB), identification has something to
 * say: a maker's name or a model number that the mention templates or the model grammars read as
 * evidence (or as a note: a link, software on a host) in the window around it, or a structural marker
 * an anchored rule of the kind reads there (a firmware's own login script, deep in the page, that
 * names no maker: Huawei's /asp/GetRandCount.asp sits ~14 KB into its ONT login page). The HTTP probe keeps
 * excerpts around these places only (probes/http/body-markers.ts); the scan passes this finder in.
 *
 * Candidates are found with the names and grammars themselves, then each is confirmed by running
 * the matchers on its window, so that a name inside a word ("AZTEC") spends no excerpt. Work is
 * bounded: at most MAX_CANDIDATES windows are read per text, however many names it repeats.
 */
import type { ObservationKind } from '../observations/observation.js';
import { apiNameSpans, defaultApiVocabularies, matchApiVocabularyWith } from './api-vocabulary.js';
import { defaultFamilies, matchFamiliesWith } from './families.js';
import { defaultMentions, matchMentionsWith, WINDOW } from './mentions.js';
import { readableWithOffsets } from './readable-text.js';
import { defaultRules, matchWith } from './rules/match.js';

/** Windows confirmed per text, at most. */
const MAX_CANDIDATES = 256;
/** Candidates taken per pattern, so that one repeated name leaves room for the others. */
const PER_PATTERN = 64;

let patterns: readonly RegExp[] | undefined;

const globalCopy = (regex: RegExp): RegExp => new RegExp(regex.source, `${regex.flags.replace('g', '')}g`);

/** Global copies of the names pattern, of every grammar that may match inside a text (not whole-value ones) and of the page-body rules. */
function candidatePatterns(): readonly RegExp[] {
  patterns ??= [
    new RegExp(defaultMentions().names.source, defaultMentions().names.flags),
    ...defaultFamilies()
      .families.filter((f) => f.spec.whole !== true)
      .map((f) => globalCopy(f.regex)),
    // Short markers only: a rule spanning [\s\S] between two markers costs a scan of the rest of a 64 KB page per occurrence.
    ...(defaultRules().byKind.get('http.body') ?? []).filter((rule) => !rule.regex.source.includes('[\\s\\S]')).map((rule) => globalCopy(rule.regex)),
  ];
  return patterns;
}

function candidates(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const pattern of candidatePatterns()) {
    pattern.lastIndex = 0;
    let n = 0;
    for (let found = pattern.exec(text); found !== null && n < PER_PATTERN; found = pattern.exec(text), n++) {
      // An empty match would not advance.
      if (found[0] === '') pattern.lastIndex++;
      else spans.push([found.index, found.index + found[0].length]);
    }
  }
  spans.push(...apiNameSpans(defaultApiVocabularies(), text));
  return spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]).slice(0, MAX_CANDIDATES);
}

/**
 * The markers of `text` read as `kind`, in order of position, each confirmed by the matchers on its
 * window. Candidates are found in the text with its escapes decoded (a model number written
 * `DS&#45;2CD…` or `\x2d` is a marker too) and mapped back to the text as sent, which the matchers
 * then read as they read any observation.
 */
export function* evidenceMarkers(text: string, kind: ObservationKind = 'http.body'): Generator<readonly [number, number]> {
  const mentions = defaultMentions();
  const families = defaultFamilies();
  const rules = defaultRules();
  const apis = defaultApiVocabularies();
  const readable = readableWithOffsets(text);
  for (const [start, end] of candidates(readable.text).map(([s, e]) => [readable.rawAt(s), readable.rawAt(e)] as const)) {
    const value = text.slice(Math.max(0, start - WINDOW), end + WINDOW);
    const obs = { ip: '0.0.0.0', kind, value, source: 'marker', at: '' };
    if (matchMentionsWith(mentions, obs).length > 0 || matchFamiliesWith(families, obs).length > 0 || matchWith(rules, obs).length > 0 || matchApiVocabularyWith(apis, obs).length > 0) yield [start, end];
  }
}
