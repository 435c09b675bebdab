/**
 * The matcher identify() uses unless told otherwise, and so every scan, `reidentify` and offline
 * `lanaudit identify`: the anchored fingerprint rules (oui/rules), maker mentions
 * (oui/mentions.json), model-number families (oui/families.json), the serial grammars
 * (serial-grammar.ts) over the serials the rules captured, the firmware version grammars
 * (oui/versions.json) and the device-API vocabularies (oui/api-vocabularies/). Each set is loaded and checked once, on first use.
 */
import type { Observation, ObservationKind } from '../observations/observation.js';
import { defaultApiVocabularies, matchApiVocabulary } from './api-vocabulary.js';
import { evidenceText, LISTED } from './text-evidence.js';
import { defaultFamilies, matchFamilies, offNetworkProduct } from './families.js';
import { defaultMentions, matchMentions } from './mentions.js';
import { defaultReader, matchModelShape } from './model-shape.js';
import { combine } from './fusion.js';
import type { RuleMatch } from './rule-match.js';
import { defaultRules, matchObservation } from './rules/match.js';
import { serialReadings } from './serial-grammar.js';
import { defaultVersions, versionReadings } from './version-grammar.js';

/**
 * One text naming one maker is one fact, however many classes read it: a title "F660" read by the
 * ZTE title rule and again by the ZTE model grammar must not add up to a flag neither gives alone.
 * Per vendor the observation keeps one reading, the surer of two: the anchored rules naming it
 * (curated readings, counted as they are: an ONVIF name scope and hardware scope in one scope list
 * are two voices) or the surest mention or family match (on a tie among those the first listed:
 * mentions, then families, each in file order). On a tie the rules stand. A rule's ceiling and its
 * label voice (an ONVIF name scope is the user's) are its judgement of the text and carry over to a
 * generic reading that replaces it, which cannot tell which part of the text it read. The readings that
 * lose are kept with certainty 0 when they carry what the kept one lacks (a model, serial, firmware
 * or brand), so the verdict still reads it, and dropped otherwise.
 */
export function countEachTextOnce(rules: readonly RuleMatch[], generic: readonly RuleMatch[]): RuleMatch[] {
  const ruled = new Map<string, RuleMatch[]>();
  for (const m of rules) {
    const k = key(m);
    if (k !== null) ruled.set(k, [...(ruled.get(k) ?? []), m]);
  }
  const surest = new Map<string, RuleMatch>();
  for (const m of generic) {
    const k = key(m);
    if (k === null) continue;
    const seen = surest.get(k);
    if (seen === undefined || m.certainty > seen.certainty) surest.set(k, m);
  }
  // Per vendor, the reading that counts: the generic one only when surer than the rules together.
  const counted = new Map<string, RuleMatch>();
  for (const [k, m] of surest) {
    const byRules = ruled.get(k);
    if (byRules === undefined) counted.set(k, m);
    // A generic reading capped at review (a page body's) never displaces rules that may flag.
    else if (m.certainty > combine(byRules.map((r) => r.certainty)) && (m.ceiling === undefined || byRules.some((r) => r.ceiling !== undefined))) {
      const ceiling = m.ceiling ?? byRules.find((r) => r.ceiling !== undefined)?.ceiling;
      const voice = byRules.some((r) => r.voice === 'label') ? 'label' : m.voice;
      counted.set(k, ceiling === m.ceiling && voice === m.voice ? m : { ...m, voice, ...(ceiling === undefined ? {} : { ceiling }) });
    }
  }
  const out: RuleMatch[] = [];
  for (const m of rules) {
    const k = key(m);
    const by = k === null ? undefined : counted.get(k);
    if (by === undefined) out.push(m);
    else demote(m, by, out);
  }
  for (const m of generic) {
    const k = key(m);
    if (k === null) {
      out.push(m);
      continue;
    }
    const by = counted.get(k);
    if (by !== undefined && by.rule === m.rule) out.push(by);
    else demote(m, by ?? strongest(ruled.get(k)!), out);
  }
  return out;
}

// Module-level rather than closures in countEachTextOnce: under tsx (the benchmark's loader) each named closure costs a name-setting call per invocation.
function key(m: RuleMatch): string | null {
  return m.vendor === null || m.certainty === 0 ? null : m.vendor.toLowerCase();
}

/** A repetition adds nothing but what the counted reading lacks: kept with certainty 0 when it carries more, dropped otherwise. */
function demote(m: RuleMatch, by: RuleMatch, out: RuleMatch[]): void {
  const adds =
    (m.model !== undefined && m.model !== by.model) ||
    (m.serial !== undefined && m.serial !== by.serial) ||
    (m.firmware !== undefined && m.firmware !== by.firmware) ||
    (m.brand !== undefined && m.brand !== by.brand);
  if (adds) out.push({ ...m, certainty: 0, says: `${m.says} (this text already counts for ${m.vendor} through ${by.rule})` });
}

/** The surest of a non-empty list of matches; the first on a tie. */
function strongest(matches: readonly RuleMatch[]): RuleMatch {
  let best = matches[0]!;
  for (const m of matches) if (m.certainty > best.certainty) best = m;
  return best;
}

/** Loads and checks every set the matcher reads now rather than on its first observation. */
export function loadDefaultMatcher(): void {
  defaultRules();
  defaultMentions();
  defaultFamilies();
  defaultVersions();
  defaultApiVocabularies();
  defaultReader();
}

/**
 * Readings per (kind, value): every class above reads only those two (no port, address, source or
 * time), and a site's devices repeat the same banners, titles and models, so each distinct short
 * text is read once and its readings are handed to the next observation carrying it. Bounded: only
 * values up to CACHED_VALUE characters (not page bodies), cleared when MAX_CACHED texts are held.
 */
const MAX_CACHED = 8192;
const CACHED_VALUE = 512;
// Per kind, then per value: keying by the value itself spares building (and hashing) a joined key for every observation.
const readings = new Map<string, Map<string, readonly RuleMatch[]>>();
let held = 0;

export function defaultMatcher(obs: Observation): readonly RuleMatch[] {
  if (obs.value.length > CACHED_VALUE) return readAll(obs);
  let ofKind = readings.get(obs.kind);
  const cached = ofKind?.get(obs.value);
  if (cached !== undefined) return cached.length === 0 || cached[0]!.observation === obs ? cached : cached.map((m) => ({ ...m, observation: obs }));
  const read = readAll(obs);
  if (held >= MAX_CACHED) {
    readings.clear();
    held = 0;
    ofKind = undefined;
  }
  if (ofKind === undefined) readings.set(obs.kind, (ofKind = new Map()));
  ofKind.set(obs.value, read);
  held += 1;
  return read;
}

/**
 * A page that lists another device (a maker or model its text names, read at review as listed: a VMS's
 * camera table) may show that device's API fields too: the maker's API names there stay at review.
 */
function listedApart(apis: readonly RuleMatch[], mentions: readonly RuleMatch[], families: readonly RuleMatch[]): readonly RuleMatch[] {
  if (apis.length === 0) return apis;
  const listed = new Set([...mentions, ...families].filter((m) => m.ceiling !== undefined).map((m) => m.vendor));
  return listed.size === 0 ? apis : apis.map((m) => (m.ceiling === undefined && listed.has(m.vendor) ? { ...m, ceiling: 'review' as const, says: `${m.says}${LISTED}` } : m));
}

/**
 * Names and titles: what an owner calls a host, and the title of its page. Only there does naming a
 * product with no IP interface of its own say what the host drives; a maker's own controller lists its
 * modules in its firmware's texts (a Huawei SMU's sysDescr), which keep their reading.
 */
const NAMING_KINDS: ReadonlySet<ObservationKind> = new Set<ObservationKind>(['hostname', 'snmp.sysname', 'mdns.instance', 'http.title']);

/**
 * A host named or titled after a product with no IP interface of its own (families.json `offNetwork`:
 * Huawei's rectifiers; an ESPHome charger controller is `huawei-r4875g1`) monitors or drives it: the
 * maker's name beside it stays at review.
 */
function offNetworkApart(obs: Observation, mentions: readonly RuleMatch[]): readonly RuleMatch[] {
  if (!NAMING_KINDS.has(obs.kind) || mentions.every((m) => m.ceiling !== undefined)) return mentions;
  const text = evidenceText(obs);
  const product = text === null ? undefined : offNetworkProduct(defaultFamilies(), text);
  if (product === undefined) return mentions;
  const why = ` (it names ${product.spec.vendor}'s ${product.spec.family}, which have no network port of their own: a host named after one monitors or drives it)`;
  return mentions.map((m) => (m.ceiling === undefined && m.vendor === product.spec.vendor ? { ...m, ceiling: 'review' as const, says: `${m.says}${why}` } : m));
}

function readAll(obs: Observation): readonly RuleMatch[] {
  const rules = matchObservation(obs);
  const mentions = offNetworkApart(obs, matchMentions(obs));
  const families = matchFamilies(obs);
  // A serial another rule captured is read by the serial grammars too; it is part of the same text, so it counts once with it.
  const serials = serialReadings(obs, rules);
  // A firmware version in the text is read too; where a rule already names its maker it adds only the version.
  const versions = versionReadings(obs, rules);
  // A device-API answer's names: one reading per API, counted once with the rest of the text.
  const apis = listedApart(matchApiVocabulary(obs), mentions, families);
  if (rules.length + mentions.length + families.length + serials.length + versions.length + apis.length === 0) return matchModelShape(obs); // only what nothing else reads
  // Most observations match nothing or one class: no copy then.
  if (mentions.length === 0 && families.length === 0 && serials.length === 0 && versions.length === 0 && apis.length === 0) return rules;
  if (rules.length === 0 && mentions.length + families.length + versions.length + apis.length === 1) {
    return mentions.length === 1 ? mentions : families.length === 1 ? families : versions.length === 1 ? versions : apis;
  }
  return countEachTextOnce(rules, [...mentions, ...families, ...serials, ...versions, ...apis]);
}
