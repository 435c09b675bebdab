/**
 * Firmware version grammars as evidence (oui/versions.json): a covered maker numbers its firmware in
 * a layout of its own (Huawei's V200R010C00SPC600, Dahua's 2.800.0000016.0.R with its build date,
 * ZTE's BD_<operator>MF286V1.0.0B10), and a device often states only that. Each grammar names the
 * kinds it reads, its certainty (a layout only its maker uses flags, a shared one sends to review),
 * an optional `unless` context that vetoes it, and its examples and counter-examples, which the
 * tests run. The reading fills the verdict's firmware (and model, where the layout carries one).
 */
import { z } from 'zod';
import type { Observation, ObservationKind } from '../observations/observation.js';
import { RuntimeError } from '../util/errors.js';
import { kindedCounterExample, observationKind as kind } from './cited-examples.js';
import { defaultMentions } from './mentions.js';
import { compilePattern, readOuiJson } from './oui-data-file.js';
import type { RuleMatch } from './rule-match.js';
import { DEFAULT_OUI_DIR, groupCount } from './rules/load.js';
import { defaultRules } from './rules/match.js';
import type { Vocabulary } from './rules/vocabulary.js';
import { evidenceText, LISTED, mayListOthers, PATH_PREFIX, voiceOf } from './text-evidence.js';
import type { EntityId } from './verdict.js';

const versionExample = z
  .object({
    kind,
    value: z.string().min(1),
    /** The firmware the grammar must read from this value. */
    firmware: z.string().min(1),
    /** The model it must read, for grammars that carry one. */
    model: z.string().min(1).optional(),
    source: z.string().min(1),
  })
  .strict();

export const versionGrammarSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'id must be <vendor>.<layout> in lower case'),
    /** A name from oui/vendors.json. */
    vendor: z.string().min(1),
    layout: z.string().min(1),
    pattern: z.string().min(1),
    flags: z.string().regex(/^[iu]*$/, 'flags may only use i, u').default(''),
    /**
     * The pattern is the whole answer of the maker's own version query (anchored at the answer's
     * start, after the vendor-path probe's `path: ` prefix): the device speaks of itself, so a page
     * body's reading is not capped at review.
     */
    answer: z.literal(true).optional(),
    /** Capture group holding the firmware version. */
    firmware: z.number().int().min(0).max(9),
    /** Capture group holding a model the layout carries. */
    model: z.number().int().min(1).max(9).optional(),
    certainty: z.number().min(0).max(1),
    /** Kinds the grammar reads: text the device's firmware writes (never a name a user chose). */
    kinds: z.array(kind).min(1),
    /** Context that vetoes the match anywhere in the same value (another maker using the layout). */
    unless: z.string().min(1).optional(),
    /** Why this certainty: who else uses the layout. */
    why: z.string().min(1),
    /** Which examples lack a primary source at a commit, said plainly. */
    note: z.string().min(1).optional(),
    sources: z.array(z.string().min(1)).min(1),
    examples: z.array(versionExample).min(1).max(20),
    counterExamples: z.array(kindedCounterExample).default([]),
  })
  .strict();

export const versionsFileSchema = z
  .object({
    $comment: z.string().optional(),
    grammars: z.array(versionGrammarSchema).min(1),
  })
  .strict();

export type VersionGrammarSpec = z.infer<typeof versionGrammarSchema>;

export interface CompiledVersionGrammar {
  readonly spec: VersionGrammarSpec;
  readonly regex: RegExp;
  readonly unless: RegExp | undefined;
  readonly entity: EntityId | null;
}

export interface VersionSet {
  /** Grammars per kind they read, in file order. */
  readonly byKind: ReadonlyMap<ObservationKind, readonly CompiledVersionGrammar[]>;
}

/** Checks and compiles versions.json content; returns every problem rather than the first. */
export function buildVersionSet(raw: unknown, vocabulary: Vocabulary): { versionSet: VersionSet; problems: string[] } {
  const problems: string[] = [];
  const byKind = new Map<ObservationKind, CompiledVersionGrammar[]>();
  const parsed = versionsFileSchema.safeParse(raw);
  if (!parsed.success) {
    return { versionSet: { byKind }, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  }
  const seen = new Set<string>();
  for (const spec of parsed.data.grammars) {
    const where = `versions.json: ${spec.id}`;
    if (seen.has(spec.id)) problems.push(`${where}: id already used`);
    seen.add(spec.id);
    const vendor = vocabulary.get(spec.vendor);
    if (vendor === undefined) problems.push(`${where}: vendor "${spec.vendor}" is not in oui/vendors.json`);
    // A version a user could type (host names, sysName, UPnP manufacturer) or no text at all is no firmware's voice.
    for (const k of spec.kinds) {
      if (voiceOf(k) === 'label' || evidenceText({ ip: '', kind: k, value: 'x', source: '', at: '' }) === null) problems.push(`${where}: kind ${k} is not text the device's firmware writes`);
    }
    for (const e of spec.examples) if (!spec.kinds.includes(e.kind)) problems.push(`${where}: example of kind ${e.kind}, which the grammar does not read`);
    if ((spec.model === undefined) !== spec.examples.every((e) => e.model === undefined)) problems.push(`${where}: examples name a model exactly when the grammar reads one`);
    const regex = compilePattern(spec.answer === true ? `${PATH_PREFIX}(?:${spec.pattern})` : spec.pattern, spec.flags, where, problems);
    const unless = spec.unless === undefined ? undefined : compilePattern(spec.unless, 'i', `${where} unless`, problems);
    const groups = regex === undefined ? 0 : groupCount(regex);
    if (regex !== undefined && Math.max(spec.firmware, spec.model ?? 0) > groups) problems.push(`${where}: a capture group it names is not in the pattern`);
    if (vendor === undefined || regex === undefined || (spec.unless !== undefined && unless === undefined)) continue;
    const grammar: CompiledVersionGrammar = { spec, regex, unless, entity: vendor.entity };
    for (const k of new Set(spec.kinds)) byKind.set(k, [...(byKind.get(k) ?? []), grammar]);
  }
  return { versionSet: { byKind }, problems };
}

export function loadVersionSet(ouiDir: string = DEFAULT_OUI_DIR, vocabulary: Vocabulary = defaultRules().vocabulary): VersionSet {
  const { versionSet, problems } = buildVersionSet(readOuiJson(ouiDir, 'versions.json'), vocabulary);
  if (problems.length > 0) throw new RuntimeError(`firmware version grammars in ${ouiDir} are invalid:\n${problems.join('\n')}`);
  return versionSet;
}

/**
 * Every grammar that reads a firmware version from the observation. The rule id has no kind: a
 * firmware version is one fact about the device however many texts repeat it.
 */
export function matchVersionsWith(versionSet: VersionSet, obs: Observation): RuleMatch[] {
  const grammars = versionSet.byKind.get(obs.kind);
  if (grammars === undefined) return [];
  // Escapes are decoded there: an XML answer writes a version's parentheses as references (HiLink: `11.0.1.1&#40;H697SP1C983&#41;`).
  const text = evidenceText(obs);
  if (text === null || text === '') return [];
  const matches: RuleMatch[] = [];
  for (const grammar of grammars) {
    const found = grammar.regex.exec(text);
    if (found === null || grammar.unless?.test(text) === true) continue;
    const { spec } = grammar;
    const firmware = found[spec.firmware];
    if (firmware === undefined || firmware === '') continue;
    const model = spec.model === undefined ? undefined : found[spec.model];
    // A page body may list other devices' versions (an NVR's cameras); the maker's own answer speaks of itself.
    const listing = spec.answer !== true && mayListOthers(obs.kind, defaultMentions().ownAnswers);
    matches.push({
      rule: `version.${spec.id}`,
      observation: obs,
      certainty: spec.certainty,
      voice: 'firmware',
      vendor: spec.vendor,
      entity: grammar.entity,
      firmware,
      ...(model === undefined || model === '' ? {} : { model }),
      ...(listing ? { ceiling: 'review' as const } : {}),
      says: `${firmware} reads as ${spec.vendor}'s ${spec.layout}: ${spec.why}${listing ? LISTED : ''}`,
    });
  }
  return matches;
}

let shipped: VersionSet | undefined;

/** The grammars shipped in oui/versions.json, loaded and checked once. */
export function defaultVersions(): VersionSet {
  shipped ??= loadVersionSet();
  return shipped;
}

/**
 * What the version grammars read from `obs`, beside the anchored rules that matched it: a version
 * never displaces a rule. Where a rule already names the grammar's maker in this text (a VRP
 * sysDescr, a magicBox answer), the version reading keeps certainty 0 and stays only when it
 * states a firmware the rule did not capture.
 */
export function versionReadings(obs: Observation, rules: readonly RuleMatch[], versionSet: VersionSet = defaultVersions()): RuleMatch[] {
  const read = matchVersionsWith(versionSet, obs);
  if (read.length === 0) return read;
  const out: RuleMatch[] = [];
  const kept = new Set<string>();
  for (const m of read) {
    const by = rules.filter((r) => r.certainty > 0 && r.vendor !== null && r.vendor.toLowerCase() === m.vendor!.toLowerCase());
    if (by.length === 0) out.push(m);
    // Two grammars reading one release (VRP's layout and the bare release) add it once.
    else if (!by.some((r) => r.firmware === m.firmware) && !kept.has(m.firmware!)) {
      kept.add(m.firmware!);
      out.push({ ...m, certainty: 0, says: `${m.says} (this text already counts for ${m.vendor} through ${by[0]!.rule})` });
    }
  }
  return out;
}
