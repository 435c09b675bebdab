/**
 * A device naming its maker, wherever the name appears (oui/mentions.json). Names come from the
 * vendor vocabulary (oui/vendors.json: every covered maker's name, official name and aliases) plus
 * the extra spellings in mentions.json; context decides what a mention is worth:
 * - a negative context (a link to the maker's site, "compatible with …", a VMS client or an agent
 *   on a Windows/Linux host) makes it a 0-certainty note: software is not equipment;
 * - a self-description ("<maker> … Home Gateway", a copyright line, a certificate O=, a sysDescr
 *   that begins with the maker) flags;
 * - anything else is a bare mention, worth review.
 * Work per observation is bounded: one pass for traps, one for names (at most MAX_MENTIONS kept),
 * and each template tests only a short window around the mention.
 */
import { z } from 'zod';
import type { Observation, ObservationKind } from '../observations/observation.js';
import { RuntimeError } from '../util/errors.js';
import { kindedCounterExample, observationKind as kind } from './cited-examples.js';
import { compilePattern, readOuiJson } from './oui-data-file.js';
import type { RuleMatch } from './rule-match.js';
import { DEFAULT_OUI_DIR } from './rules/load.js';
import { defaultRules } from './rules/match.js';
import type { Vendor, Vocabulary } from './rules/vocabulary.js';
import { buildOwnAnswers, evidenceText, LISTED, lowerCased, mayListOthers, ownAnswersSchema, voiceOf, type OwnAnswers } from './text-evidence.js';

/** Characters of context a template sees on each side of a mention. */
export const WINDOW = 96;
/** Mentions read per observation: a device repeating a name a thousand times says it no surer. */
export const MAX_MENTIONS = 32;

const mentionExample = z
  .object({
    kind,
    value: z.string().min(1),
    /** The vendor the mention must name, and the model when the template reads one. */
    vendor: z.string().min(1),
    model: z.string().min(1).optional(),
    source: z.string().min(1),
  })
  .strict();

export const templateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'id must be lower case with dashes'),
    /** Which examples lack a primary source at a commit, said plainly (the citation test reads it). */
    note: z.string().min(1).optional(),
    description: z.string().min(1),
    /** 0: a note only (a link, a third party's text, software on a host). */
    certainty: z.number().min(0).max(1),
    /** Kinds the template applies to; all text kinds when absent. */
    kinds: z.array(kind).min(1).optional(),
    /** Kinds it never applies to (a self-description in a host name the user chose). */
    exceptKinds: z.array(kind).min(1).optional(),
    /** It reads the device's own words even in a page body that may list other devices (a copyright line); otherwise a page body reading may only reach review. */
    inListings: z.literal(true).optional(),
    /** A note (certainty 0) that says the whole text is someone else's words about the maker (a third party's, a form's, its software's): the maker's model numbers in that text are theirs to name too, so every covered-maker reading of the same text may only send the device to review (host-software.ts). */
    othersText: z.literal(true).optional(),
    /** Only punctuation or space before the mention: the text begins with the maker. */
    lead: z.literal(true).optional(),
    /** Must match the WINDOW characters before the mention (write it ending in `$`). */
    before: z.string().min(1).optional(),
    /** Must match the WINDOW characters after the mention (write it starting with `^`); a `model` named group fills the model. */
    after: z.string().min(1).optional(),
    /** Must match somewhere in the whole value (software names, host operating systems). */
    text: z.string().min(1).optional(),
    examples: z.array(mentionExample).min(1).max(20),
    counterExamples: z.array(kindedCounterExample).default([]),
  })
  .strict();

const makerSchema = z
  .object({
    /** A covered vendor of oui/vendors.json. */
    vendor: z.string().min(1),
    /** Spellings beyond the vocabulary's (the maker's name in Chinese). */
    names: z.array(z.string().min(1)).default([]),
    /** 'review': a mention of this maker alone never flags (a chip maker: HiSilicon). */
    ceiling: z.literal('review').optional(),
    source: z.string().min(1).optional(),
  })
  .strict();

const relabelerSchema = z
  .object({
    /** A vendor of oui/vendors.json with `relabels`: its names in any text are a label (who sells it). */
    vendor: z.string().min(1),
    source: z.string().min(1),
  })
  .strict();

const trapSchema = z
  .object({
    phrase: z.string().min(1),
    resembles: z.string().min(1),
    source: z.string().min(1),
  })
  .strict();

/**
 * An mDNS service whose instance name, TXT and SRV host name describe an accessory the host
 * publishes, perhaps on behalf of another device (a HomeKit bridge's relayed camera): a name the
 * owner chose about that device, never the host's own word (host-software.ts).
 */
const accessoryServiceSchema = z
  .object({
    /** The DNS-SD service type as the mDNS probe records it ("_hap._tcp"). */
    type: z.string().regex(/^_[A-Za-z0-9-]{1,63}\._(?:tcp|udp)$/),
    /** TXT keys that together mark the service when its type record went unheard. */
    txtKeys: z.array(z.string().regex(/^[\x21-\x3c\x3e-\x7e]{1,9}$/)).min(2),
    description: z.string().min(1),
    source: z.string().min(1),
  })
  .strict();

const shapeExample = z.object({ value: z.string().min(1), source: z.string().min(1) }).strict();

/** A token shape that is no model number, though it follows a maker as one would ("HUAWEI-A1B2C3"). */
const notModelSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** Case-sensitive, tested on the whole token a template's `model` group read. */
    pattern: z.string().min(1),
    /** mixed: only in a value with a capital letter; lower: only in a value without one (a lower-cased host name); any: always. */
    cases: z.enum(['any', 'mixed', 'lower']).default('any'),
    /** Only in these kinds (the names a user chooses, where hosts are numbered); every kind when absent. */
    kinds: z.array(kind).min(1).optional(),
    why: z.string().min(1),
    /** Tokens it rejects, written in the case the rule applies to. */
    examples: z.array(shapeExample).min(1),
  })
  .strict();

/** What a template's `model` group may fill: tokens shaped as model numbers, not suffixes or words (mentions.ts readsAsModel). */
const modelShapeSchema = z
  .object({
    $comment: z.string().optional(),
    notModels: z.array(notModelSchema).min(1),
    /** Real model numbers no rule may reject, in either case. */
    models: z.array(shapeExample).min(1),
  })
  .strict();

/**
 * A mark of a general-purpose host in the device's own text: a Linux distribution's packaging (an
 * Ubuntu-built OpenSSH, an Apache tagged "(CentOS)"). A covered maker's name on such a host is its
 * software there, as on Windows (host-software.ts). Linux alone is no mark: covered devices run it.
 */
const generalPurposeHostSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    kinds: z.array(kind).min(1),
    /** Case-sensitive, on the observation's text (text-evidence.ts evidenceText). */
    pattern: z.string().min(1),
    why: z.string().min(1),
    examples: z.array(kindedCounterExample).min(1),
    counterExamples: z.array(kindedCounterExample).default([]),
  })
  .strict();

export const mentionsFileSchema = z
  .object({
    $comment: z.string().optional(),
    makers: z.array(makerSchema).default([]),
    /** OEM relabelers whose brand a device may name in its text; a name that is also a common word (LTS) is left out. */
    relabelers: z.array(relabelerSchema).default([]),
    traps: z.array(trapSchema).default([]),
    bare: z.object({ certainty: z.number().min(0).max(1), description: z.string().min(1) }).strict(),
    /** Device-information answers whose own model field a page body's review cap spares (compiled into the mention set, applied by text-evidence.ts mayListOthers). */
    ownAnswers: ownAnswersSchema.optional(),
    accessoryServices: z.array(accessoryServiceSchema).default([]),
    modelShape: modelShapeSchema.optional(),
    generalPurposeHosts: z.array(generalPurposeHostSchema).default([]),
    templates: z.array(templateSchema).min(1),
  })
  .strict();

export type AccessoryService = z.infer<typeof accessoryServiceSchema>;

export type TemplateSpec = z.infer<typeof templateSchema>;

interface CompiledTemplate {
  readonly spec: TemplateSpec;
  readonly kinds: ReadonlySet<ObservationKind> | undefined;
  readonly exceptKinds: ReadonlySet<ObservationKind> | undefined;
  readonly before: RegExp | undefined;
  readonly after: RegExp | undefined;
  readonly text: RegExp | undefined;
}

export interface MentionSet {
  /** Every covered maker's names, longest first, as one case-insensitive pattern. */
  readonly names: RegExp;
  readonly byName: ReadonlyMap<string, Vendor>;
  readonly ceilings: ReadonlySet<string>;
  /** Phrases that contain a maker's name but are someone else (Shanghai Dahua Scale, Huawei-3Com); null when none. */
  readonly traps: RegExp | null;
  /** Negative templates first (certainty 0), then the rest in file order. */
  readonly templates: readonly CompiledTemplate[];
  /** Ids of the note templates marked othersText. */
  readonly othersText: ReadonlySet<string>;
  /** Device-information answers whose own model field a page body's review cap spares (text-evidence.ts mayListOthers). */
  readonly ownAnswers: OwnAnswers;
  /** Token shapes a template's model group may not fill (a random suffix, a MAC fragment, a user's word). */
  readonly notModels: readonly NotModel[];
  /** Marks of a general-purpose host, by kind (host-software.ts). */
  readonly generalPurposeHosts: ReadonlyMap<ObservationKind, readonly RegExp[]>;
  /** mDNS services that publish accessories under names about other devices (host-software.ts). */
  readonly accessoryServices: readonly AccessoryService[];
  readonly bare: { readonly certainty: number; readonly description: string };
}

interface NotModel {
  readonly id: string;
  readonly pattern: RegExp;
  readonly cases: 'any' | 'mixed' | 'lower';
  readonly kinds: ReadonlySet<ObservationKind> | undefined;
}

/**
 * Whether a token a template read after the maker has a model number's shape: no notModels rule fits it.
 * lowered: the value had no capital letter; kindOf: the value's kind, or undefined to apply every rule.
 */
function readsAsModel(notModels: readonly NotModel[], token: string, lowered: boolean, kindOf?: ObservationKind): boolean {
  return !notModels.some(
    (n) => (n.cases === 'any' || (n.cases === 'lower') === lowered) && (kindOf === undefined || n.kinds === undefined || n.kinds.has(kindOf)) && n.pattern.test(token),
  );
}

function buildNotModels(spec: z.infer<typeof modelShapeSchema> | undefined, problems: string[]): NotModel[] {
  if (spec === undefined) return [];
  const notModels: NotModel[] = [];
  for (const rule of spec.notModels) {
    const pattern = compilePattern(rule.pattern, 'u', `mentions.json: modelShape ${rule.id}`, problems);
    if (pattern !== undefined) notModels.push({ id: rule.id, pattern, cases: rule.cases, kinds: rule.kinds === undefined ? undefined : new Set(rule.kinds) });
  }
  // The data proves itself at load: each rule rejects its examples, and no rule, whatever its kinds, rejects a real model.
  for (const rule of spec.notModels) {
    const compiled = notModels.filter((n) => n.id === rule.id);
    for (const e of rule.examples) {
      if (readsAsModel(compiled, e.value, rule.cases === 'lower')) problems.push(`mentions.json: modelShape ${rule.id} does not reject its example ${e.value}`);
    }
  }
  for (const m of spec.models) {
    for (const [token, lowered] of [[m.value, false], [m.value.toLowerCase(), true]] as const) {
      if (!readsAsModel(notModels, token, lowered)) problems.push(`mentions.json: modelShape rejects the real model ${token}`);
    }
  }
  return notModels;
}

function buildHostMarks(specs: z.infer<typeof generalPurposeHostSchema>[], problems: string[]): Map<ObservationKind, RegExp[]> {
  const marks = new Map<ObservationKind, RegExp[]>();
  for (const spec of specs) {
    const pattern = compilePattern(spec.pattern, 'u', `mentions.json: generalPurposeHosts ${spec.id}`, problems);
    if (pattern === undefined) continue;
    for (const k of spec.kinds) marks.set(k, [...(marks.get(k) ?? []), pattern]);
    // The data proves itself at load, as modelShape does.
    for (const e of spec.examples) if (!spec.kinds.includes(e.kind) || !pattern.test(e.value)) problems.push(`mentions.json: generalPurposeHosts ${spec.id} does not read its example ${e.value}`);
    for (const e of spec.counterExamples) if (spec.kinds.includes(e.kind) && pattern.test(e.value)) problems.push(`mentions.json: generalPurposeHosts ${spec.id} reads its counter-example ${e.value}`);
  }
  return marks;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const key = (text: string): string => text.toLowerCase();

function compile(source: string | undefined, where: string, problems: string[]): RegExp | undefined {
  return source === undefined ? undefined : compilePattern(source, 'iu', where, problems);
}

function alternation(texts: Iterable<string>): string {
  // Longest first, so "Zhejiang Dahua Technology Co.,Ltd." wins over "Dahua" at the same place.
  return [...new Set(texts)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escape).join('|');
}

/** Checks and compiles mentions.json content against the vocabulary; returns every problem. */
export function buildMentionSet(raw: unknown, vocabulary: Vocabulary): { mentionSet: MentionSet | undefined; problems: string[] } {
  const problems: string[] = [];
  const parsed = mentionsFileSchema.safeParse(raw);
  if (!parsed.success) {
    return { mentionSet: undefined, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  }
  const data = parsed.data;
  const own = buildOwnAnswers(data.ownAnswers);
  problems.push(...own.problems);
  const notModels = buildNotModels(data.modelShape, problems);
  const generalPurposeHosts = buildHostMarks(data.generalPurposeHosts, problems);
  const byName = new Map<string, Vendor>();
  const covered = vocabulary.vendors.filter((v) => v.entity !== null && v.role !== 'module');
  for (const vendor of covered) {
    // Descriptive officials ("HiLook (Hikvision sub-brand)") are not spellings a device prints.
    for (const name of [vendor.name, vendor.official, ...vendor.aliases]) if (!name.includes('(')) byName.set(key(name), vendor);
  }
  const ceilings = new Set<string>();
  for (const maker of data.makers) {
    const vendor = vocabulary.get(maker.vendor);
    if (vendor === undefined || vendor.entity === null) {
      problems.push(`mentions.json: maker "${maker.vendor}" is not a covered vendor of oui/vendors.json`);
      continue;
    }
    for (const name of maker.names) byName.set(key(name), vendor);
    if (maker.ceiling === 'review') ceilings.add(vendor.name);
  }
  // A non-covered maker whose name contains a covered one ("Huawei-3Com" is H3C) is a trap too.
  const trapPhrases = data.traps.map((t) => t.phrase);
  const coveredNames = [...byName.keys()].filter((n) => /^[\x20-\x7e]+$/.test(n));
  for (const vendor of vocabulary.vendors) {
    if (vendor.entity !== null) continue;
    for (const name of [vendor.name, ...vendor.aliases]) {
      const lower = key(name);
      if (coveredNames.some((n) => lower.includes(n))) trapPhrases.push(name);
    }
  }
  // Relabelers' names: a label (who sells the device), never its maker; identify/relabel.ts ties them to the entity.
  for (const relabeler of data.relabelers) {
    const vendor = vocabulary.get(relabeler.vendor);
    if (vendor?.relabels === undefined) {
      problems.push(`mentions.json: relabeler "${relabeler.vendor}" is not a vendor of oui/vendors.json with relabels`);
      continue;
    }
    for (const name of [vendor.name, vendor.official, ...vendor.aliases]) if (!name.includes('(') && !byName.has(key(name))) byName.set(key(name), vendor);
  }
  const templates: CompiledTemplate[] = [];
  const seen = new Set<string>();
  for (const spec of data.templates) {
    const where = `mentions.json: ${spec.id}`;
    if (seen.has(spec.id) || spec.id === 'bare') problems.push(`${where}: id already used`);
    seen.add(spec.id);
    if (spec.othersText === true && spec.certainty !== 0) problems.push(`${where}: othersText is for notes (certainty 0)`);
    if (spec.before === undefined && spec.after === undefined && spec.text === undefined && spec.lead === undefined) {
      problems.push(`${where}: a template needs lead, before, after or text`);
    }
    const before = compile(spec.before, `${where} before`, problems);
    const after = compile(spec.after, `${where} after`, problems);
    const text = compile(spec.text, `${where} text`, problems);
    templates.push({
      spec,
      kinds: spec.kinds === undefined ? undefined : new Set(spec.kinds),
      exceptKinds: spec.exceptKinds === undefined ? undefined : new Set(spec.exceptKinds),
      before,
      after,
      text,
    });
  }
  templates.sort((a, b) => Number(a.spec.certainty > 0) - Number(b.spec.certainty > 0));
  if (byName.size === 0) problems.push('mentions.json: no covered maker names in the vocabulary');
  const mentionSet: MentionSet = {
    names: new RegExp(alternation(byName.keys()), 'giu'),
    byName,
    ceilings,
    traps: trapPhrases.length === 0 ? null : new RegExp(alternation(trapPhrases), 'giu'),
    templates,
    othersText: new Set(data.templates.filter((t) => t.othersText === true).map((t) => t.id)),
    // Invalid answers are a problem above, and a set with problems is never used.
    ownAnswers: own.ownAnswers ?? { documents: [], lines: [] },
    notModels,
    generalPurposeHosts,
    accessoryServices: data.accessoryServices,
    bare: data.bare,
  };
  return { mentionSet, problems };
}

export function loadMentionSet(ouiDir: string = DEFAULT_OUI_DIR, vocabulary: Vocabulary = defaultRules().vocabulary): MentionSet {
  const { mentionSet, problems } = buildMentionSet(readOuiJson(ouiDir, 'mentions.json'), vocabulary);
  if (mentionSet === undefined || problems.length > 0) throw new RuntimeError(`maker mentions in ${ouiDir} are invalid:\n${problems.join('\n')}`);
  return mentionSet;
}

/** A Latin letter or a digit: what a Latin-script name must not touch ("AZTEC", "ZTEST", "Huaweicloud"). */
const WORDISH = /[\p{Script=Latin}\p{Nd}]/u;
const LOWER = /\p{Ll}/u;
const UPPER = /\p{Lu}/u;
const LEADING = /^[^\p{L}\p{N}]*$/u;
/** Punctuation or space a text may open with before the maker it begins with. */
const MAX_LEAD = 8;

/** Whether the name found at [start, end) stands as a word: CamelCase joins count ("HuaweiHomeGateway"). */
function standsAlone(text: string, start: number, end: number): boolean {
  const prev = start > 0 ? text[start - 1]! : '';
  const next = end < text.length ? text[end]! : '';
  if (prev !== '' && WORDISH.test(prev) && WORDISH.test(text[start]!)) return false;
  if (next === '' || !WORDISH.test(next) || !WORDISH.test(text[end - 1]!)) return true;
  return LOWER.test(text[end - 1]!) && UPPER.test(next);
}

interface Mention {
  readonly vendor: Vendor;
  readonly start: number;
  readonly end: number;
}

function trapSpans(set: MentionSet, text: string): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  if (set.traps === null) return spans;
  // The set's own global pattern, rewound: matching is synchronous, and a copy per call costs more than the search.
  const traps = set.traps;
  traps.lastIndex = 0;
  for (let found = traps.exec(text); found !== null && spans.length < MAX_MENTIONS; found = traps.exec(text)) {
    spans.push([found.index, found.index + found[0].length]);
  }
  return spans;
}

function mentionsIn(set: MentionSet, text: string): Mention[] {
  // Traps matter only around a name: most texts name no maker, and skip that search.
  let traps: Array<readonly [number, number]> | undefined;
  const names = set.names;
  names.lastIndex = 0;
  const mentions: Mention[] = [];
  for (let found = names.exec(text); found !== null && mentions.length < MAX_MENTIONS; found = names.exec(text)) {
    const start = found.index;
    const end = start + found[0].length;
    if (!standsAlone(text, start, end)) continue;
    traps ??= trapSpans(set, text);
    if (traps.some(([from, to]) => start >= from && end <= to)) continue;
    const vendor = set.byName.get(key(found[0]));
    if (vendor !== undefined) mentions.push({ vendor, start, end });
  }
  return mentions;
}

interface Reading {
  readonly template: CompiledTemplate | undefined;
  readonly model: string | undefined;
}

/** Whether a template's whole-value test passes: it depends on the value alone, so it runs once per observation, not once per mention. */
type TextTests = Map<CompiledTemplate, boolean>;

function read(set: MentionSet, kindOf: ObservationKind, text: string, m: Mention, textTests: TextTests, lowered: boolean): Reading {
  const before = text.slice(Math.max(0, m.start - WINDOW), m.start);
  const after = text.slice(m.end, m.end + WINDOW);
  for (const template of set.templates) {
    if (template.kinds !== undefined && !template.kinds.has(kindOf)) continue;
    if (template.exceptKinds?.has(kindOf) === true) continue;
    if (template.spec.lead === true && (m.start > MAX_LEAD || !LEADING.test(text.slice(0, m.start)))) continue;
    if (template.before !== undefined && !template.before.test(before)) continue;
    let model: string | undefined;
    if (template.after !== undefined) {
      const found = template.after.exec(after);
      if (found === null) continue;
      model = found.groups?.['model']?.trim() || undefined;
      // "HUAWEI-A1B2C3", "HUAWEI-office2": a suffix or a word where a model would stand is no model, and no maker-and-model reading.
      if (model !== undefined && !readsAsModel(set.notModels, model, lowered, kindOf)) continue;
    }
    if (template.text !== undefined) {
      let passes = textTests.get(template);
      if (passes === undefined) {
        passes = template.text.test(text);
        textTests.set(template, passes);
      }
      if (!passes) continue;
    }
    return { template, model };
  }
  return { template: undefined, model: undefined };
}

const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * What the maker mentions in one observation say: one match per (template, vendor), the first
 * mention that reads so. Rule ids carry the kind: a maker named by the Server header and again by
 * the certificate is two voices, not one repeated.
 */
export function matchMentionsWith(set: MentionSet, obs: Observation): RuleMatch[] {
  const text = evidenceText(obs);
  if (text === null || text === '') return [];
  const mentions = mentionsIn(set, text);
  if (mentions.length === 0) return [];
  const matches = new Map<string, RuleMatch>();
  const textTests: TextTests = new Map();
  const lowered = lowerCased(obs.kind, text);
  for (const mention of mentions) {
    const { template, model } = read(set, obs.kind, text, mention, textTests, lowered);
    const listing = mayListOthers(obs.kind, set.ownAnswers, text, mention.start, mention.end);
    const id = template?.spec.id ?? 'bare';
    const rule = `mention.${id}.${slug(mention.vendor.name)}.${obs.kind}`;
    if (matches.has(rule)) continue;
    const certainty = template?.spec.certainty ?? set.bare.certainty;
    const name = mention.vendor.name;
    // A relabeler's name is a label wherever it is written: it says who sells the device.
    const voice = mention.vendor.entity === null ? 'label' : voiceOf(obs.kind);
    if (certainty === 0) {
      matches.set(rule, {
        rule,
        observation: obs,
        certainty: 0,
        voice,
        vendor: null,
        entity: null,
        says: `Names ${name}, but ${template!.spec.description}: not evidence that ${name} made this device.`,
      });
      continue;
    }
    matches.set(rule, {
      rule,
      observation: obs,
      certainty,
      voice,
      vendor: name,
      entity: mention.vendor.entity,
      ...(set.ceilings.has(name) || (listing && template?.spec.inListings !== true) ? { ceiling: 'review' as const } : {}),
      // A lower-cased host name ("hikvision-ds-2cd2143g0-i") lost the model's case, not its number.
      ...(model === undefined ? {} : { model: lowered ? model.toUpperCase() : model }),
      says: `Names ${name}: ${template?.spec.description ?? set.bare.description}${listing && template?.spec.inListings !== true ? LISTED : ''}.`,
    });
  }
  return [...matches.values()];
}

/** Whether a fact's rule id (mention.<template>.<vendor>.<kind>) is a note saying its whole text is someone else's words about the maker. */
export function readsAsOthersText(rule: string, set: MentionSet = defaultMentions()): boolean {
  if (!rule.startsWith('mention.')) return false;
  return set.othersText.has(rule.slice('mention.'.length, rule.indexOf('.', 'mention.'.length)));
}

let shipped: MentionSet | undefined;

/** The templates shipped in oui/mentions.json with the shipped vocabulary, loaded and checked once. */
export function defaultMentions(): MentionSet {
  shipped ??= loadMentionSet();
  return shipped;
}

/** Same signature as the rule matcher: what the maker mentions in one observation say. */
export function matchMentions(obs: Observation): RuleMatch[] {
  return matchMentionsWith(defaultMentions(), obs);
}
