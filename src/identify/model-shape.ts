/**
 * A bare model number's shape as a lead (issue #11): a UPnP modelName or ENTITY-MIB model that no
 * rule, mention or model grammar reads may still look far more like a covered maker's catalogue
 * than anyone else's ("DS-2CD1T47G2-LUF", "IPC-HFW3849T1-AS-PV", "S5735-L48T4S-A1"). A naive Bayes
 * model of the value's shape (literal and class n-grams, prefix, segments), learned at load time
 * from public catalogues (oui/model-catalogue.json) and the model grammars' own examples
 * (oui/families.json), sends such a value to review with the entity, never flags it: a shape is
 * a resemblance, not a maker's word. Its threshold comes from cross-validation on the same data
 * (test/bench/model-shape-cv.ts) so that other makers' catalogue models reach review at most 0.5%
 * of the time.
 */
import { z } from 'zod';
import type { Observation, ObservationKind } from '../observations/observation.js';
import { RuntimeError } from '../util/errors.js';
import { defaultFamilies, type FamilySet } from './families.js';
import { readOuiJson } from './oui-data-file.js';
import type { RuleMatch } from './rule-match.js';
import { DEFAULT_OUI_DIR } from './rules/load.js';
import { evidenceText } from './text-evidence.js';
import { ENTITY_IDS, type EntityId } from './verdict.js';

const catalogueSchema = z
  .object({
    $comment: z.string().optional(),
    /** Maker name → the covered entity it belongs to; every maker not named here is a negative. */
    covered: z.record(z.string().min(1), z.enum(ENTITY_IDS)),
    /**
     * Relabeler → the covered entity whose products it sells under its own model numbers (as
     * oui/vendors.json `relabels` says): its models teach a class of their own, and a match names the
     * relabeler, so the verdict treats it as it treats the relabeler's label (review, never a flag).
     */
    relabels: z.record(z.string().min(1), z.enum(ENTITY_IDS)).default({}),
    lists: z
      .array(z.object({ maker: z.string().min(1), source: z.string().min(1), models: z.array(z.string().min(1)).min(1) }).strict())
      .min(1),
  })
  .strict();

export type ModelCatalogue = z.infer<typeof catalogueSchema>;

/** One known model number and whose it is. */
export interface ShapeSample {
  readonly model: string;
  readonly maker: string;
  readonly entity: EntityId | null;
  /** True when the maker relabels the entity's products (Lorex, Amcrest): a class of its own. */
  readonly relabeler?: boolean;
}

/** Kinds whose whole value is a model name the device states about itself. */
const MODEL_KINDS: ReadonlySet<ObservationKind> = new Set<ObservationKind>(['upnp.model', 'snmp.entity.model']);

/** Longer than any catalogue model number: a sentence or a hostile blob, not a model token. */
const MAX_TOKEN = 40;
/** ASCII only, checked before upper-casing: "ß" and "ﬀ" upper-case to ASCII letters. */
const TOKEN = /^[A-Z0-9][A-Z0-9._/+()-]{2,39}$/i;
const DIGIT = /\d/;
const LETTER = /[A-Z]/;

/** Review, never flag: certainty at review strength and the 'review' ceiling. */
const CERTAINTY = 0.4;

/**
 * Score a value's best entity must reach. Cross-validation (test/bench/model-shape-cv.ts) meets the
 * aim, at most 0.5% of other makers' held-out catalogue models sent to review in folds by model and
 * by series, from 3.2 up; what it sends there are the known look-alike families: Kedacom's NVR28xx
 * recorders against Dahua's NVRs when their whole series is held out, Canon's MF printers against
 * ZTE's MF hotspots, Zyxel's GS switches, Hanwha's HCP cameras. ZTE's MC routers also share their
 * shape with Sierra Wireless's MC modules (MC8888 scores about 3). The shipped threshold is 3.3,
 * with a margin: 1 of 2,082 other makers' models by model, 6 by series (0.29%), for 1 to 3 points
 * of recall.
 */
export const SHAPE_THRESHOLD = 3.3;

/** Laplace smoothing of the feature counts. */
const ALPHA = 0.5;

/** A score is the mean of the features leaning most either way: length does not dilute a telling prefix. */
const LEADING_FEATURES = 20;

/**
 * A class with fewer known model numbers is not scored: on a few dozen, mostly its grammars' own
 * examples, every rare n-gram looks telling. In cross-validation Hytera's radios (19) sent
 * Ubiquiti's NanoStation names to review, and ZTE's MF hotspots and MC routers, while ZTE had 39,
 * sent Canon's MF printers and Sierra Wireless's MC modules, finding almost none of ZTE's own. 40
 * lets Lorex's 59 models be scored in 5-fold cross-validation (47 in a training fold) with no
 * other maker's model sent to review that 50 did not send.
 */
const MIN_CLASS = 40;

/** A trailing hardware version, variant or lens in parentheses: "(B)", "(C)", "(V2)", "(2.8MM)". */
const PAREN_SUFFIX = /(?:\([A-Z0-9.+/ -]{1,12}\))+$/;

/**
 * The value as one model token in its canonical form (letters, digits and . _ / + ( ) -), or null.
 * Upper-cased: a device that writes its model in lower or mixed case ("Mf79u") states the same
 * model, and the catalogues' models are upper-cased, so case says nothing about the maker. A
 * trailing parenthesised suffix is dropped: makers mark a hardware revision or variant of one model
 * that way ("DS-7608NI-K2(B)"), the catalogues list the model without it, and the n-grams of the
 * parentheses were never learned, so kept they only blur the model's own ending. The verdict still
 * carries the value as the device wrote it.
 */
export function modelToken(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.length < 3 || trimmed.length > MAX_TOKEN) return null;
  if (!TOKEN.test(trimmed)) return null;
  const token = trimmed.toUpperCase().replace(PAREN_SUFFIX, '');
  return token.length >= 3 && DIGIT.test(token) && LETTER.test(token) ? token : null;
}

/**
 * Calls `visit` with each shape feature of a model token (a feature may come twice): literal n-grams
 * (a maker's letters: "DS-", "HDBW"), n-grams with digits as a class ("#CD#", # a digit), with
 * letters as a class too ("@#-@", @ a letter), the whole class shape with runs collapsed, the
 * leading letters, the number of segments and a length band. Each kind marks the token's ends with
 * its own brackets (^$, <>, {}), so prefixes and suffixes are features of their own; an n-gram
 * that has no digit (or no letter) is the same string in two kinds, which are the same evidence.
 * Plain substrings, not tagged copies: training reads some 170,000 of them at load time.
 */
export function visitShapeFeatures(token: string, visit: (feature: string) => void): void {
  const literal = `^${token}$`;
  const digits = `<${token.replace(/[0-9]/g, '#')}>`;
  const classes = `{${digits.slice(1, -1).replace(/[A-Z]/g, '@')}}`;
  for (let n = 2; n <= 4; n += 1) for (let i = 0; i + n <= literal.length; i += 1) visit(literal.slice(i, i + n));
  for (let n = 3; n <= 5; n += 1) for (let i = 0; i + n <= digits.length; i += 1) visit(digits.slice(i, i + n));
  for (let n = 3; n <= 5; n += 1) for (let i = 0; i + n <= classes.length; i += 1) visit(classes.slice(i, i + n));
  visit(`\u0001${classes.replace(/(.)\1+/g, '$1+')}`);
  visit(`\u0002${/^[A-Z]*/.exec(token)![0]}`);
  visit(`\u0003${token.split(/[-_/.]/).length}`);
  visit(`\u0004${Math.min(10, Math.floor(token.length / 3))}`);
}

/** The distinct shape features of a model token. */
export function shapeFeatures(token: string): string[] {
  const features = new Set<string>();
  visitShapeFeatures(token, (f) => features.add(f));
  return [...features];
}

/** What a class stands for: an entity's own model numbers, or a relabeler's of that entity's products. */
export interface ShapeClass {
  readonly entity: EntityId;
  readonly relabeler: string | null;
}

/** Counts per feature: one per class (see classes), then everyone else, then their sum (then a training stamp). */
export interface ShapeModel {
  /** The entities in ENTITY_IDS order, then the relabelers by name. */
  readonly classes: readonly ShapeClass[];
  readonly counts: ReadonlyMap<string, readonly number[]>;
  /** Samples per class, same order. */
  readonly totals: readonly number[];
  /** Tokens the data lists under a maker that is not covered: known, so no resemblance is read. */
  readonly known: ReadonlySet<string>;
}

/** The classes the samples teach, in an order that does not depend on theirs. */
function classesOf(samples: readonly ShapeSample[]): ShapeClass[] {
  const relabelers = new Map<string, EntityId>();
  for (const s of samples) if (s.relabeler === true && s.entity !== null) relabelers.set(s.maker, s.entity);
  return [
    ...ENTITY_IDS.map((entity) => ({ entity, relabeler: null })),
    ...[...relabelers.keys()].sort().map((maker) => ({ entity: relabelers.get(maker)!, relabeler: maker })),
  ];
}

/** Learns the counts; the order of the samples changes nothing (integer counts). */
export function trainShapeModel(samples: readonly ShapeSample[]): ShapeModel {
  const classes = classesOf(samples);
  const OTHER = classes.length;
  const classOf = (s: ShapeSample): number =>
    s.entity === null ? OTHER : classes.findIndex((c) => c.entity === s.entity && c.relabeler === (s.relabeler === true ? s.maker : null));
  // Per feature: a count per class, their sum, and the last sample that counted it (each sample counts a feature once).
  const counts = new Map<string, number[]>();
  const STAMP = OTHER + 2;
  const totals = new Array<number>(OTHER + 1).fill(0);
  const known = new Set<string>();
  samples.forEach((sample, index) => {
    const token = modelToken(sample.model);
    if (token === null) return;
    if (sample.entity === null) known.add(token);
    const k = classOf(sample);
    totals[k]! += 1;
    visitShapeFeatures(token, (f) => {
      let row = counts.get(f);
      if (row === undefined) counts.set(f, (row = new Array<number>(OTHER + 3).fill(0)));
      else if (row[STAMP] === index + 1) return;
      row[STAMP] = index + 1;
      row[k]! += 1;
      row[OTHER + 1]! += 1;
    });
  });
  return { classes, counts, totals, known };
}

export interface ShapeScore {
  readonly entity: EntityId;
  /** The relabeler whose model numbers the token is shaped like, or null for the entity's own. */
  readonly relabeler: string | null;
  /** Mean log-likelihood ratio, entity against everyone else, of the leading features training saw. */
  readonly score: number;
  /** The features that lean most towards the entity, strongest first. */
  readonly leading: readonly string[];
}

/**
 * The entity a token's shape leans to most, with its score; null when training saw none of its
 * features, or lists the token itself under a maker that is not covered (Epson's DS-70000 scanner
 * is Epson's, however Hikvision-like its DS- prefix).
 */
export function scoreShape(model: ShapeModel, token: string): ShapeScore | null {
  if (model.known.has(token)) return null;
  const all = model.totals.reduce((a, b) => a + b, 0);
  let best: ShapeScore | null = null;
  // Sorted, so that among equally telling features the index order is the string order.
  const features = shapeFeatures(token)
    .filter((f) => model.counts.has(f))
    .sort();
  if (features.length === 0) return null;
  const rows = features.map((f) => model.counts.get(f)!);
  const OTHER = model.classes.length;
  const r = new Float64Array(features.length);
  const order = features.map((_, i) => i);
  const byStrength = (a: number, b: number): number => Math.abs(r[b]!) - Math.abs(r[a]!) || a - b;
  for (let e = 0; e < OTHER; e += 1) {
    const n = model.totals[e]!;
    if (n < MIN_CLASS) continue;
    const inClass = Math.log(n + 2 * ALPHA);
    const inRestOf = Math.log(all - n + 2 * ALPHA);
    for (let i = 0; i < rows.length; i += 1) {
      const row = rows[i]!;
      const inE = row[e]!;
      r[i] = Math.log(inE + ALPHA) - inClass - (Math.log(row[OTHER + 1]! - inE + ALPHA) - inRestOf);
    }
    order.sort(byStrength);
    const top = Math.min(LEADING_FEATURES, order.length);
    let sum = 0;
    for (let i = 0; i < top; i += 1) sum += r[order[i]!]!;
    const score = sum / top;
    if (best === null || score > best.score) {
      const leading = order
        .slice(0, top)
        .filter((i) => r[i]! > 0)
        .slice(0, 3);
      best = { ...model.classes[e]!, score, leading: leading.map((i) => features[i]!) };
    }
  }
  return best;
}

/** The catalogue's models, then the covered makers' model numbers the grammars' examples read. */
export function shapeSamples(catalogue: ModelCatalogue, families: FamilySet): ShapeSample[] {
  const samples: ShapeSample[] = [];
  const { relabels } = catalogue;
  const sample = (model: string, maker: string, entity: EntityId | null): ShapeSample =>
    relabels[maker] === undefined ? { model, maker, entity } : { model, maker, entity: relabels[maker], relabeler: true };
  for (const list of catalogue.lists) {
    for (const model of list.models) samples.push(sample(model, list.maker, catalogue.covered[list.maker] ?? null));
  }
  for (const family of families.families) {
    if (family.entity === null) continue;
    for (const example of family.spec.examples) if (example.model !== undefined) samples.push(sample(example.model, family.spec.vendor, family.entity));
  }
  return samples;
}

export function readModelCatalogue(ouiDir: string = DEFAULT_OUI_DIR): ModelCatalogue {
  const parsed = catalogueSchema.safeParse(readOuiJson(ouiDir, 'model-catalogue.json'));
  if (!parsed.success) {
    throw new RuntimeError(`model-catalogue.json in ${ouiDir} is invalid:\n${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}

interface ShapeReader {
  readonly model: ShapeModel;
  /** The name the says text gives each entity (the catalogue's first maker for it). */
  readonly names: ReadonlyMap<EntityId, string>;
}

let shipped: ShapeReader | undefined;

/** The reader learned from the shipped catalogue and families, learned once, on first use. */
export function defaultReader(): ShapeReader {
  if (shipped === undefined) {
    const catalogue = readModelCatalogue();
    const names = new Map<EntityId, string>();
    for (const [maker, entity] of Object.entries(catalogue.covered)) if (!names.has(entity)) names.set(entity, maker);
    shipped = { model: trainShapeModel(shapeSamples(catalogue, defaultFamilies())), names };
  }
  return shipped;
}

/** What a feature is, in words, for the match's explanation. */
function described(feature: string): string {
  const ends = (text: string): string => text.replace(/[\^<{]/g, '‹start›').replace(/[$>}]/g, '‹end›');
  switch (feature.charCodeAt(0)) {
    case 1:
      return `shape ${ends(feature.slice(1).replace(/#/g, '9').replace(/@/g, 'A'))}`;
    case 2:
      return `leading letters "${feature.slice(1)}"`;
    case 3:
      return `${feature.slice(1)} segments`;
    case 4:
      return 'its length';
    default:
      return /[#@<>{}]/.test(feature) ? `shape "${ends(feature.replace(/#/g, '9').replace(/@/g, 'A'))}" (9 a digit, A a letter)` : `"${ends(feature)}"`;
  }
}

/** Same signature as the rule matcher: a model token shaped like one covered maker's catalogue. */
export function matchModelShapeWith(reader: ShapeReader, obs: Observation, threshold: number = SHAPE_THRESHOLD): RuleMatch[] {
  if (!MODEL_KINDS.has(obs.kind)) return [];
  const text = evidenceText(obs);
  if (text === null) return [];
  const token = modelToken(text);
  if (token === null) return [];
  const scored = scoreShape(reader.model, token);
  if (scored === null || scored.score < threshold) return [];
  const maker = reader.names.get(scored.entity) ?? scored.entity;
  // A relabeler's shape names the relabeler, as its label would: the relabel reading ties it to the entity.
  const vendor = scored.relabeler ?? maker;
  const { model } = reader;
  const learned = model.totals[model.classes.findIndex((c) => c.entity === scored.entity && c.relabeler === scored.relabeler)]!;
  const others = model.totals.reduce((a, b) => a + b, 0) - learned;
  const relabel = scored.relabeler === null ? '' : `; ${scored.relabeler} relabels ${maker}'s products for many models, not every line`;
  return [
    {
      rule: scored.relabeler === null ? `model-shape.${scored.entity}` : `model-shape.${scored.entity}.${scored.relabeler.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      observation: obs,
      certainty: CERTAINTY,
      ceiling: 'review',
      voice: 'firmware',
      vendor,
      entity: scored.entity,
      model: text.trim(),
      says:
        `${text.trim()} is shaped like ${vendor}'s model numbers (${scored.leading.map(described).join(', ')}; score ${scored.score.toFixed(2)}, ` +
        `threshold ${threshold}), learned from ${learned} of their model numbers against ${others} of other makers (oui/model-catalogue.json, oui/families.json)${relabel}: ` +
        'a resemblance to review, not the maker’s word',
    },
  ];
}

export function matchModelShape(obs: Observation): RuleMatch[] {
  return matchModelShapeWith(defaultReader(), obs);
}

/** For the cross-validation bench and tests: a reader trained on given samples. */
export function shapeReader(samples: readonly ShapeSample[], names: ReadonlyMap<EntityId, string>): ShapeReader {
  return { model: trainShapeModel(samples), names };
}
