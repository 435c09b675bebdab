/**
 * Device-API vocabularies as evidence (oui/api-vocabularies/): the identifier names only one maker's
 * device API uses (Hikvision ISAPI element names, Dahua CGI scripts and configuration tables, Huawei
 * HiLink fields, ZTE goform keys). An API answer often names neither maker nor model, and an exact
 * pattern reads only the fragments someone collected; a fragment of any endpoint carries the API's
 * names. A body is cut into identifiers; names of one API counted once each: `flagAt` distinct names
 * flag, fewer send to review. The load refuses plain words and names a standard or another maker's
 * API also uses (others.json); whether a name is its API's alone is the list's claim, checked by its
 * counter-examples and test/identify/api-vocabulary.test.ts's generic pages.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type Observation, type ObservationKind } from '../observations/observation.js';
import { RuntimeError } from '../util/errors.js';
import { readOuiJson } from './oui-data-file.js';
import type { RuleMatch } from './rule-match.js';
import { DEFAULT_OUI_DIR } from './rules/load.js';
import { defaultRules } from './rules/match.js';
import type { Vocabulary } from './rules/vocabulary.js';
import { evidenceText, PATH_PREFIX, voiceOf } from './text-evidence.js';
import type { EntityId } from './verdict.js';

const API_VOCABULARY_DIR = 'api-vocabularies';
const OTHERS_FILE = 'others.json';

/** The kinds an API answer arrives as: a page or API body (GET /, the vendor-path probe). */
const API_KINDS: ReadonlySet<ObservationKind> = new Set<ObservationKind>(['http.body']);

/** Certainty of a reading with `flagAt` distinct names, and with fewer (one name may be a coincidence, two of one API are not). */
export const FLAG_CERTAINTY = 0.85;
export const REVIEW_CERTAINTY = 0.5;

/** An identifier as bodies carry it (XML element, JSON key, form field, CGI script); dots separate two. */
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_-]*/g;
/** A name of the list: an identifier of at least six characters that is no plain word (a hump, or `_`/`-` between letters). */
const NAME = /^[A-Za-z_][A-Za-z0-9_-]{5,}$/;
const NOT_A_PLAIN_WORD = /[a-z][A-Z]|[A-Za-z0-9][_-][A-Za-z0-9]/;

const cited = z.object({ value: z.string().min(1), source: z.string().min(1) }).strict();

export const apiVocabularySchema = z
  .object({
    $comment: z.string().optional(),
    id: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'id must be <vendor>.<api> in lower case'),
    /** A name from oui/vendors.json. */
    vendor: z.string().min(1),
    api: z.string().min(1),
    years: z.string().min(1),
    /** Why these names are this maker's own. */
    why: z.string().min(1),
    /** Distinct names of the list for a flag; absent when the API is not the maker's alone (reviewOnly says why). */
    flagAt: z.number().int().min(2).max(10).optional(),
    reviewOnly: z.string().min(1).optional(),
    terms: z.array(z.object({ names: z.array(z.string()).min(1), source: z.string().min(10) }).strict()).min(1),
    note: z.string().min(1).optional(),
    examples: z.array(cited.extend({ reads: z.enum(['flag', 'review']) }).strict()).min(1),
    counterExamples: z.array(cited).default([]),
  })
  .strict()
  .refine((v) => (v.flagAt === undefined) !== (v.reviewOnly === undefined), 'give flagAt or reviewOnly (why a flag is never safe), not both');

const othersSchema = z
  .object({
    $comment: z.string().optional(),
    others: z.array(z.object({ api: z.string().min(1), names: z.array(z.string().min(1)).min(1), source: z.string().min(10) }).strict()).min(1),
  })
  .strict();

export type ApiVocabularySpec = z.infer<typeof apiVocabularySchema>;

export interface CompiledApiVocabulary {
  readonly spec: ApiVocabularySpec;
  readonly entity: EntityId | null;
}

export interface ApiVocabularySet {
  /** Each distinctive name and the API whose list holds it. */
  readonly byName: ReadonlyMap<string, CompiledApiVocabulary>;
}

/**
 * Checks and compiles the vocabulary files (file name → parsed JSON); returns every problem. A name is
 * refused when it is a plain word, when others.json lists it, or when another list holds it (in any case).
 */
export function buildApiVocabularySet(files: ReadonlyMap<string, unknown>, vocabulary: Vocabulary): { set: ApiVocabularySet; problems: string[] } {
  const problems: string[] = [];
  const shared = new Set<string>();
  const othersRaw = files.get(OTHERS_FILE);
  if (othersRaw !== undefined) {
    const others = othersSchema.safeParse(othersRaw);
    if (!others.success) problems.push(...others.error.issues.map((i) => `${OTHERS_FILE}: ${i.path.join('.') || '(root)'}: ${i.message}`));
    else for (const list of others.data.others) for (const name of list.names) shared.add(name.toLowerCase());
  }
  const byName = new Map<string, CompiledApiVocabulary>();
  // Any case: one name in two lists would credit whichever file sorts first.
  const held = new Map<string, CompiledApiVocabulary>();
  for (const [file, raw] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (file === OTHERS_FILE) continue;
    const parsed = apiVocabularySchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`));
      continue;
    }
    const spec = parsed.data;
    const vendor = vocabulary.get(spec.vendor);
    if (vendor === undefined) {
      problems.push(`${file}: vendor "${spec.vendor}" is not in oui/vendors.json`);
      continue;
    }
    const api: CompiledApiVocabulary = { spec, entity: vendor.entity };
    for (const { names } of spec.terms) {
      for (const name of names) {
        if (!NAME.test(name) || !NOT_A_PLAIN_WORD.test(name)) problems.push(`${file}: "${name}" is no distinctive identifier (six characters or more, with a hump or a _ between letters)`);
        else if (shared.has(name.toLowerCase())) problems.push(`${file}: "${name}" is also another API's name (${OTHERS_FILE})`);
        else {
          const other = held.get(name.toLowerCase());
          if (other !== undefined && other !== api) problems.push(`${file}: "${name}" is also in ${other.spec.id}`);
          held.set(name.toLowerCase(), api);
          byName.set(name, api);
        }
      }
    }
  }
  return { set: { byName }, problems };
}

export function loadApiVocabularySet(ouiDir: string = DEFAULT_OUI_DIR, vocabulary: Vocabulary = defaultRules().vocabulary): ApiVocabularySet {
  const dir = join(ouiDir, API_VOCABULARY_DIR);
  const files = new Map<string, unknown>(readdirSync(dir).filter((n) => n.endsWith('.json')).map((n) => [n, readOuiJson(dir, n)]));
  const { set, problems } = buildApiVocabularySet(files, vocabulary);
  if (problems.length > 0) throw new RuntimeError(`device-API vocabularies in ${dir} are invalid:\n${problems.join('\n')}`);
  return set;
}

const PREFIX = new RegExp(PATH_PREFIX);

/** Each listed name's first place in a text, in order: the API whose list holds it, the name, where it stands. */
function* firstNames(set: ApiVocabularySet, text: string): Generator<readonly [CompiledApiVocabulary, string, number]> {
  const seen = new Set<string>();
  for (const found of text.matchAll(IDENTIFIER)) {
    const api = set.byName.get(found[0]);
    if (api === undefined || seen.has(found[0])) continue;
    seen.add(found[0]);
    yield [api, found[0], found.index];
  }
}

/** The distinct names of each API a text holds, in order of first appearance. */
function apiNamesIn(set: ApiVocabularySet, text: string): Map<CompiledApiVocabulary, string[]> {
  const found = new Map<CompiledApiVocabulary, string[]>();
  // The vendor-path probe's own request path is not the device's answer.
  for (const [api, name] of firstNames(set, text.replace(PREFIX, ''))) {
    const names = found.get(api);
    if (names === undefined) found.set(api, [name]);
    else names.push(name);
  }
  return found;
}

/**
 * Where a long text first states names of each API: at most `perApi` distinct names each, so that a page
 * of a thousand ISAPI fields spends an excerpt or two, not all of them (text-markers.ts).
 */
export function apiNameSpans(set: ApiVocabularySet, text: string, perApi = 3): [number, number][] {
  const spans: [number, number][] = [];
  const taken = new Map<CompiledApiVocabulary, number>();
  for (const [api, name, at] of firstNames(set, text)) {
    const n = taken.get(api) ?? 0;
    if (n >= perApi) continue;
    taken.set(api, n + 1);
    spans.push([at, at + name.length]);
  }
  return spans;
}

/** What the vocabularies conclude from one observation: one reading per API whose names the text holds. */
export function matchApiVocabularyWith(set: ApiVocabularySet, obs: Observation): RuleMatch[] {
  if (!API_KINDS.has(obs.kind) || set.byName.size === 0) return [];
  const text = evidenceText(obs);
  if (text === null) return [];
  const matches: RuleMatch[] = [];
  for (const [api, names] of apiNamesIn(set, text)) {
    const { spec } = api;
    const flags = spec.flagAt !== undefined && names.length >= spec.flagAt;
    const shown = names.slice(0, 6).join(', ') + (names.length > 6 ? ` and ${names.length - 6} more` : '');
    matches.push({
      rule: `api-vocabulary.${spec.id}`,
      observation: obs,
      certainty: flags ? FLAG_CERTAINTY : REVIEW_CERTAINTY,
      voice: voiceOf(obs.kind),
      vendor: spec.vendor,
      entity: api.entity,
      ...(flags ? {} : { ceiling: 'review' as const }),
      says: `${names.length} name${names.length === 1 ? '' : 's'} of ${spec.api} (${shown}): ${spec.why}${
        flags ? '' : spec.reviewOnly !== undefined ? ` ${spec.reviewOnly}` : ` Fewer than ${spec.flagAt} of its names: review.`
      }`,
    });
  }
  return matches;
}

let shipped: ApiVocabularySet | undefined;

/** The vocabularies shipped in oui/api-vocabularies/, loaded and checked once. */
export function defaultApiVocabularies(): ApiVocabularySet {
  shipped ??= loadApiVocabularySet();
  return shipped;
}

/** Same signature as the rule matcher. */
export function matchApiVocabulary(obs: Observation): RuleMatch[] {
  return matchApiVocabularyWith(defaultApiVocabularies(), obs);
}
