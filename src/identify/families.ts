/**
 * Product families and model-number grammars as evidence (oui/families.json): a covered maker's
 * model number in any text a device sends (a title, a sysDescr, a UPnP model, an ONVIF hardware
 * scope, a host name) names the maker and fills the verdict's model. Each grammar carries its own
 * certainty (distinctive grammars flag alone, look-alike-prone ones only send to review), an
 * optional `unless` context that vetoes it (H3C's Comware for S-series look-alikes), and its
 * examples and counter-examples, which the tests run.
 */
import { z } from 'zod';
import type { Observation, ObservationKind } from '../observations/observation.js';
import { RuntimeError } from '../util/errors.js';
import { kindedCounterExample, observationKind as kind } from './cited-examples.js';
import { compilePattern, readOuiJson } from './oui-data-file.js';
import { defaultMentions } from './mentions.js';
import type { RuleMatch } from './rule-match.js';
import { DEFAULT_OUI_DIR, groupCount } from './rules/load.js';
import { defaultRules } from './rules/match.js';
import type { Vocabulary } from './rules/vocabulary.js';
import { evidenceText, LISTED, lowerCased, mayListOthers, voiceOf, type OwnAnswers } from './text-evidence.js';
import type { EntityId } from './verdict.js';

const familyExample = z
  .object({
    kind,
    value: z.string().min(1),
    /** The model the grammar must read from this value; absent when the grammar names a line, not a model. */
    model: z.string().min(1).optional(),
    source: z.string().min(1),
  })
  .strict();

export const familySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'id must be <vendor>.<family> in lower case'),
    /** A name from oui/vendors.json. */
    vendor: z.string().min(1),
    family: z.string().min(1),
    /** When the family was sold, as the sources establish it. */
    years: z.string().min(1),
    pattern: z.string().min(1),
    flags: z.string().regex(/^[iu]*$/, 'flags may only use i, u').default(''),
    /**
     * Capture group holding the model number (0: the whole match); null when the grammar names a product
     * line or the software ("Quidway", "VRP (R) software"), which is no model number for the FAR report.
     */
    model: z.number().int().min(0).max(9).nullable(),
    certainty: z.number().min(0).max(1),
    /** Why this certainty: how distinctive the grammar is against look-alikes. */
    why: z.string().min(1),
    /** The pattern must match the whole value (a bare `F660` title), not a word inside it. */
    whole: z.literal(true).optional(),
    /**
     * The grammar is distinctive in any case, so it also reads a host name that arrives lower-cased
     * (DHCP, DNS and mDNS names: `ds-2cd2143g0-i`, `zxhn-f670l`); the model is read back in upper case.
     */
    lowercase: z.literal(true).optional(),
    /**
     * The model is reported in upper case, the maker's spelling, whatever case the device or its
     * owner wrote (`Mf79u`, `mf833v` read as MF79U, MF833V); for grammars written to read any case.
     */
    upperCase: z.literal(true).optional(),
    /** Context that vetoes the match anywhere in the same value (a rival maker's platform name). */
    unless: z.string().min(1).optional(),
    /**
     * Not read in names a user or admin chooses (host names, sysName, mDNS instance names: the label
     * voice; certificates, issued to a host's name): the grammar's shape is also a common naming
     * scheme (site codes `PAR-A01`, `LON-A01`).
     */
    notInNames: z.literal(true).optional(),
    /**
     * The product has no IP interface of its own (a rectifier module speaks only CAN): a host named or
     * titled after it, in any case, monitors or drives it, so a maker's name beside it there
     * (`huawei-r4875g1`, an ESP32 charger controller's name) is review at most (default-matcher.ts).
     */
    offNetwork: z.literal(true).optional(),
    /** Which examples lack a primary source at a commit, said plainly (the citation test reads it). */
    note: z.string().min(1).optional(),
    sources: z.array(z.string().min(1)).min(1),
    examples: z.array(familyExample).min(1).max(20),
    counterExamples: z.array(kindedCounterExample).default([]),
  })
  .strict();

export const familiesFileSchema = z
  .object({
    $comment: z.string().optional(),
    families: z.array(familySchema).min(1),
  })
  .strict();

export type FamilySpec = z.infer<typeof familySchema>;

export interface CompiledFamily {
  readonly spec: FamilySpec;
  readonly regex: RegExp;
  /** The same grammar without case, for lower-cased host names; only when the family says `lowercase`. */
  readonly caseless: RegExp | undefined;
  readonly unless: RegExp | undefined;
  readonly entity: EntityId | null;
}

export interface FamilySet {
  readonly families: readonly CompiledFamily[];
  /** The offNetwork families, each with its grammar without case: what names such a product anywhere. */
  readonly offNetwork: ReadonlyArray<{ readonly family: CompiledFamily; readonly anyCase: RegExp }>;
}

/** Checks and compiles families.json content; returns every problem rather than the first. */
export function buildFamilySet(raw: unknown, vocabulary: Vocabulary): { familySet: FamilySet; problems: string[] } {
  const problems: string[] = [];
  const parsed = familiesFileSchema.safeParse(raw);
  if (!parsed.success) {
    return { familySet: { families: [], offNetwork: [] }, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  }
  const families: CompiledFamily[] = [];
  const seen = new Set<string>();
  for (const spec of parsed.data.families) {
    const where = `families.json: ${spec.id}`;
    if (seen.has(spec.id)) problems.push(`${where}: id already used`);
    seen.add(spec.id);
    const vendor = vocabulary.get(spec.vendor);
    if (vendor === undefined) problems.push(`${where}: vendor "${spec.vendor}" is not in oui/vendors.json`);
    const regex = compilePattern(spec.whole === true ? `^(?:${spec.pattern})$` : spec.pattern, spec.flags, where, problems);
    const unless = spec.unless === undefined ? undefined : compilePattern(spec.unless, 'i', `${where} unless`, problems);
    if (spec.model !== null && regex !== undefined && groupCount(regex) < spec.model) {
      problems.push(`${where}: model = ${spec.model} but the pattern has fewer groups`);
    }
    if ((spec.model === null) !== spec.examples.every((e) => e.model === undefined)) {
      problems.push(`${where}: examples name a model exactly when the grammar reads one`);
    }
    if (vendor === undefined || regex === undefined || (spec.unless !== undefined && unless === undefined)) continue;
    const caseless = spec.lowercase === true ? new RegExp(regex.source, `${regex.flags}i`) : undefined;
    families.push({ spec, regex, caseless, unless, entity: vendor.entity });
  }
  const offNetwork = families.filter((f) => f.spec.offNetwork === true).map((family) => ({ family, anyCase: new RegExp(family.regex.source, `${family.regex.flags.replace('i', '')}i`) }));
  return { familySet: { families, offNetwork }, problems };
}

/**
 * The product with no IP interface of its own that a text names, if any (`offNetwork`); a name joins
 * words with - or _ (`huawei-r4875g1`), which the grammars' word boundaries would refuse.
 */
export function offNetworkProduct(set: FamilySet, text: string): CompiledFamily | undefined {
  if (set.offNetwork.length === 0) return undefined;
  const words = text.replace(/[-_]/g, ' ');
  return set.offNetwork.find((o) => o.anyCase.test(words))?.family;
}

export function loadFamilySet(ouiDir: string = DEFAULT_OUI_DIR, vocabulary: Vocabulary = defaultRules().vocabulary): FamilySet {
  const { familySet, problems } = buildFamilySet(readOuiJson(ouiDir, 'families.json'), vocabulary);
  if (problems.length > 0) throw new RuntimeError(`model families in ${ouiDir} are invalid:\n${problems.join('\n')}`);
  return familySet;
}

/**
 * A certificate is issued to its host's name: the common name of a self-signed certificate for
 * Remote Desktop, WinRM or an appliance's web UI is the name the computer was given.
 */
const CERTIFICATE_KINDS: ReadonlySet<ObservationKind> = new Set<ObservationKind>(['tls.subject', 'tls.issuer']);

/**
 * Every family whose grammar reads a model number from the observation. The rule id has no kind:
 * a model number is one fact about the device however many texts repeat it.
 */
/** `answers`: the device-information answers whose own model field a page body's cap spares (oui/mentions.json). */
export function matchFamiliesWith(familySet: FamilySet, obs: Observation, answers: OwnAnswers = defaultMentions().ownAnswers): RuleMatch[] {
  const text = evidenceText(obs);
  if (text === null || text === '') return [];
  const matches: RuleMatch[] = [];
  // A host name with no capital letter may have been lower-cased on its way (DHCP servers, DNS, mDNS).
  const lowered = lowerCased(obs.kind, text);
  const named = voiceOf(obs.kind) === 'label' || CERTIFICATE_KINDS.has(obs.kind);
  for (const family of familySet.families) {
    if (named && family.spec.notInNames === true) continue;
    const regex = lowered && family.caseless !== undefined ? family.caseless : family.regex;
    const found = regex.exec(text);
    if (found === null) continue;
    if (family.unless?.test(text) === true) continue;
    const read = family.spec.model === null ? undefined : found[family.spec.model]?.trim();
    const caseless = lowered && regex === family.caseless;
    // Without case, a word is no model number: a lower-cased reading must carry a digit ("zxr10", not "zxan").
    if (caseless && (read === undefined || !/\d/.test(read))) continue;
    const model = caseless || family.spec.upperCase === true ? read?.toUpperCase() : read;
    const { spec } = family;
    const listing = mayListOthers(obs.kind, answers, text, found.index, found.index + found[0].length);
    matches.push({
      rule: `family.${spec.id}`,
      observation: obs,
      certainty: spec.certainty,
      voice: voiceOf(obs.kind),
      vendor: spec.vendor,
      entity: family.entity,
      ...(model === undefined || model === '' ? {} : { model }),
      ...(listing ? { ceiling: 'review' as const } : {}),
      says: `${model ?? 'A model number'} reads as ${spec.vendor} ${spec.family} (${spec.years}): ${spec.why}${listing ? LISTED : ''}`,
    });
  }
  return matches;
}

let shipped: FamilySet | undefined;

/** The families shipped in oui/families.json, loaded and checked once. */
export function defaultFamilies(): FamilySet {
  shipped ??= loadFamilySet();
  return shipped;
}

/** Same signature as the rule matcher: what the model grammars conclude from one observation. */
export function matchFamilies(obs: Observation): RuleMatch[] {
  return matchFamiliesWith(defaultFamilies(), obs);
}
