/**
 * One verdict per device from everything observed about it: a pure function of the observations,
 * so scans, `reidentify` and offline `identify` agree. Facts come from the MAC registrant (a label)
 * and from fingerprint rules (label or firmware voice); certainty adds up per covered entity, and
 * disagreements stay in the evidence with a note saying which side the verdict took and why.
 */
import type { Observation } from '../observations/observation.js';
import { combine, FIRMWARE_OVERRULES_LABEL, statusFor } from './fusion.js';
import { readMac, type MacReading } from './mac-evidence.js';
import { lookupOui, type OuiMatch } from './oui-lookup.js';
import { defaultPolicy, entityInfo, type Policy } from './policy.js';
import type { RuleMatch, Voice } from './rule-match.js';
import { defaultRules, matchObservation } from './rules/match.js';
import type { Vocabulary } from './rules/vocabulary.js';
import { shortCompanyName } from './short-name.js';
import { ENTITY_IDS, type EntityId, type Evidence, type Status, type Verdict } from './verdict.js';

/** What the fingerprint rules conclude from one observation. */
export type RuleMatcher = (obs: Observation) => readonly RuleMatch[];

export interface IdentifyOptions {
  /** Fingerprint rules; defaults to the rules shipped in oui/rules. */
  readonly matcher?: RuleMatcher;
  /** Covered-entity policy; defaults to oui/covered-entities.json. */
  readonly policy?: Policy;
  /** MAC registry; defaults to the IEEE registry from oui-data. */
  readonly lookup?: (mac: string) => OuiMatch | null;
  /** Vendor vocabulary (names, aliases, module makers); defaults to oui/vendors.json. */
  readonly vocabulary?: Vocabulary;
}

// Every key always present (optional ones undefined): one object shape, so the engine's accesses stay monomorphic.
interface Fact {
  readonly evidence: Evidence;
  readonly voice: Voice;
  readonly vendor: string | null;
  /** This fact alone may send the device to review, never flag it. */
  readonly ceiling: 'review' | undefined;
  readonly model: string | undefined;
  /** The label the device gives itself, as it spells it. */
  readonly brand: string | undefined;
  readonly brandKnownOnly: true | undefined;
}

interface Candidate<K> {
  readonly key: K;
  readonly certainty: number;
  readonly facts: readonly Fact[];
}

interface VendorGroup extends Candidate<string> {
  readonly name: string;
  readonly entity: EntityId | null;
}

const pct = (c: number): string => c.toFixed(2);
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function strongest(facts: readonly Fact[]): Fact {
  // Callers only ask about non-empty groups.
  return facts.reduce((best, f) => (f.evidence.certainty > best.evidence.certainty ? f : best));
}

/** The surer match, then the later sighting, then the smaller value: the same facts in any order pick the same one. */
function preferred(a: RuleMatch, b: RuleMatch): boolean {
  if (a.certainty !== b.certainty) return a.certainty > b.certainty;
  if (a.observation.at !== b.observation.at) return a.observation.at > b.observation.at;
  return a.observation.value < b.observation.value;
}

function ruleEvidence(m: RuleMatch): Evidence {
  const o = m.observation;
  // Key order is the JSON order `lanaudit identify` writes; literals rather than spreads, since this runs for every match.
  return o.port === undefined
    ? { rule: m.rule, kind: o.kind, value: o.value, source: o.source, certainty: m.certainty, says: m.says, entity: m.entity }
    : { rule: m.rule, kind: o.kind, value: o.value, port: o.port, source: o.source, certainty: m.certainty, says: m.says, entity: m.entity };
}

/** Each rule counts once per device: a banner stored by ten scans is one fact, not ten. */
function ruleFacts(observations: readonly Observation[], matcher: RuleMatcher): Fact[] {
  const byRule = new Map<string, RuleMatch>();
  for (const obs of observations) {
    for (const m of matcher(obs)) {
      const seen = byRule.get(m.rule);
      if (seen === undefined || preferred(m, seen)) byRule.set(m.rule, m);
    }
  }
  const facts: Fact[] = [];
  for (const m of byRule.values()) {
    facts.push({
      evidence: ruleEvidence(m),
      voice: m.voice,
      vendor: m.vendor,
      ceiling: m.ceiling,
      model: m.model,
      brand: m.brand,
      brandKnownOnly: m.brandKnownOnly,
    });
  }
  return facts;
}

function macFact(reading: MacReading): Fact {
  // A module maker's prefix joins no vendor group: it is neither the maker nor the label.
  const vendor = reading.module ? null : reading.display;
  return {
    evidence: reading.evidence,
    voice: 'label',
    vendor,
    ceiling: reading.attribution?.ceiling,
    model: undefined,
    brand: undefined,
    brandKnownOnly: undefined,
  };
}

/** Support per covered entity, strongest first (ties in ENTITY_IDS order). */
function entityCandidates(facts: readonly Fact[]): Candidate<EntityId>[] {
  const candidates: Candidate<EntityId>[] = [];
  for (const id of ENTITY_IDS) {
    let support: Fact[] | undefined;
    for (const f of facts) if (f.evidence.entity === id) (support ??= []).push(f);
    if (support !== undefined) candidates.push({ key: id, certainty: combine(support.map((f) => f.evidence.certainty)), facts: support });
  }
  return candidates.length > 1 ? candidates.sort((a, b) => b.certainty - a.certainty) : candidates;
}

/**
 * The strongest vendor group among the facts of one voice (by combined certainty; on a tie, the
 * vendor seen first): the only group the verdict reads.
 */
function topVendorGroup(facts: readonly Fact[], voice: Voice): VendorGroup | undefined {
  let groups: Map<string, Fact[]> | undefined;
  for (const f of facts) {
    if (f.voice !== voice || f.vendor === null) continue;
    const key = f.vendor.toLowerCase();
    groups ??= new Map();
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [f]);
    else group.push(f);
  }
  if (groups === undefined) return undefined;
  let top: VendorGroup | undefined;
  for (const [key, group] of groups) {
    const certainty = combine(group.map((f) => f.evidence.certainty));
    if (top !== undefined && certainty <= top.certainty) continue;
    top = {
      key,
      name: strongest(group).vendor ?? key,
      entity: group.find((f) => f.evidence.entity !== null)?.evidence.entity ?? null,
      certainty,
      facts: group,
    };
  }
  return top;
}

function note(rule: string, about: Fact, entity: EntityId | null, says: string): Evidence {
  const { kind, value, port, source } = about.evidence;
  return port === undefined
    ? { rule, kind, value, source, certainty: 0, entity, says }
    : { rule, kind, value, port, source, certainty: 0, entity, says };
}

interface Maker {
  readonly manufacturer: string | null;
  readonly manufacturerName: string | null;
  readonly certainty: number;
}

/** Who built it: the firmware's maker first, then the flagged entity, then the MAC registrant, then a label. */
function maker(
  firmware: VendorGroup | undefined,
  flagged: Candidate<EntityId> | undefined,
  mac: MacReading | null,
  label: VendorGroup | undefined,
  policy: Policy,
): Maker {
  const named = mac !== null && !mac.module;
  const registrant = named ? mac.registrant : null;
  const display = named ? mac.display : null;
  if (firmware !== undefined) {
    // The registrant is the official form of the firmware maker's name when the two agree.
    const official =
      registrant !== null && display !== null && same(display, firmware.name)
        ? registrant
        : firmware.entity === null
          ? firmware.name
          : entityInfo(firmware.entity, policy).legalName;
    return { manufacturer: official, manufacturerName: firmware.name, certainty: firmware.certainty };
  }
  if (flagged !== undefined) {
    if (registrant !== null && mac?.attribution?.entity === flagged.key) {
      return { manufacturer: registrant, manufacturerName: display, certainty: flagged.certainty };
    }
    const info = entityInfo(flagged.key, policy);
    return { manufacturer: info.legalName, manufacturerName: info.displayName, certainty: flagged.certainty };
  }
  if (registrant !== null && mac !== null) return { manufacturer: registrant, manufacturerName: display, certainty: mac.evidence.certainty };
  if (label !== undefined) {
    const official = label.entity === null ? label.name : entityInfo(label.entity, policy).legalName;
    return { manufacturer: official, manufacturerName: label.name, certainty: label.certainty };
  }
  return { manufacturer: null, manufacturerName: null, certainty: 0 };
}

interface Brand {
  readonly name: string;
  readonly entity: EntityId | null;
  readonly fact: Fact;
}

/** Longest label kept: a brand is a word or two, and a device may send anything. */
const MAX_BRAND_LENGTH = 64;

/** A label in the vocabulary's spelling ("HIKVISION" → "Hikvision"); null for a module maker, which is never a brand, and for an unknown word a rule accepts only when known. */
function resolveBrand(text: string, vocabulary: Vocabulary, knownOnly: boolean): { name: string; entity: EntityId | null } | null {
  const known = vocabulary.lookup(text) ?? vocabulary.lookup(shortCompanyName(text));
  if (known === undefined) return knownOnly ? null : { name: text.slice(0, MAX_BRAND_LENGTH), entity: null };
  return known.role === 'module' ? null : { name: known.name, entity: known.entity };
}

/**
 * Whose label the device carries. Its own voice first (a name it gives itself: ONVIF name, UPnP
 * manufacturer, SADP/DHIP OEM fields, mDNS instance), then a label rule's vendor, then the MAC
 * registrant, unless that registrant only made the NIC or Wi-Fi module.
 */
function brandOf(rules: readonly Fact[], label: VendorGroup | undefined, mac: MacReading | null, macLabel: Fact | null, vocabulary: Vocabulary): Brand | undefined {
  const spoken = rules
    .filter((f) => f.brand !== undefined)
    .sort((a, b) => b.evidence.certainty - a.evidence.certainty || (a.brand! < b.brand! ? -1 : a.brand! > b.brand! ? 1 : 0));
  for (const fact of spoken) {
    const resolved = resolveBrand(fact.brand!, vocabulary, fact.brandKnownOnly === true);
    if (resolved !== null) return { ...resolved, fact };
  }
  if (label !== undefined) return { name: label.name, entity: label.entity, fact: strongest(label.facts) };
  if (mac === null || mac.module || mac.display === null || macLabel === null) return undefined;
  return { name: mac.display, entity: mac.attribution?.entity ?? null, fact: macLabel };
}

function bestModel(facts: readonly Fact[]): string | null {
  const withModel = facts.filter((f) => f.model !== undefined && f.model.trim() !== '');
  withModel.sort(
    (a, b) => Number(b.voice === 'firmware') - Number(a.voice === 'firmware') || b.evidence.certainty - a.evidence.certainty,
  );
  return withModel[0]?.model ?? null;
}

function evidenceList(facts: readonly Fact[], notes: readonly Evidence[]): Evidence[] {
  const list: Evidence[] = [];
  for (const f of facts) list.push(f.evidence);
  for (const n of notes) list.push(n);
  return list;
}

/**
 * The verdict for one device from all its observations. Pure: same observations, same verdict,
 * in any order. `covered` names the entity the evidence points to whenever status is `covered` or
 * `review` (null when `clear`); `confidence` is that entity's combined certainty, or, when clear,
 * how sure the manufacturer attribution is (0 when nothing names a maker).
 */
export function identify(observations: readonly Observation[], options: IdentifyOptions = {}): Verdict {
  const policy = options.policy ?? defaultPolicy();
  const vocabulary = options.vocabulary ?? defaultRules().vocabulary;
  const mac = readMac(observations, policy, options.lookup ?? lookupOui, vocabulary);
  const rules = ruleFacts(observations, options.matcher ?? matchObservation);
  const macLabel = mac === null ? null : macFact(mac);
  const facts = macLabel === null ? rules : [macLabel, ...rules];

  const candidates = entityCandidates(facts);
  const top = candidates[0];
  const firmware = topVendorGroup(facts, 'firmware');
  // A label rule (UPnP manufacturer, ONVIF name) names the brand better than the MAC, which may belong to a NIC module.
  const ruleLabel = topVendorGroup(rules, 'label');
  const label = ruleLabel ?? topVendorGroup(facts, 'label');
  const notes: Evidence[] = [];

  let status: Status = top === undefined ? 'clear' : statusFor(top.certainty);
  const flagged = status === 'clear' ? undefined : top;
  if (flagged !== undefined) {
    const name = entityInfo(flagged.key, policy).displayName;
    if (status === 'covered' && flagged.facts.every((f) => f.ceiling === 'review')) {
      status = 'review';
      notes.push(
        note(
          'fusion.ceiling',
          strongest(flagged.facts),
          flagged.key,
          `Every fact for ${name} (${pct(flagged.certainty)}) may only send a device to review: it shows ${name}'s parts or software, not that ${name} made the device.`,
        ),
      );
    }
    const labelOnly = flagged.facts.every((f) => f.voice === 'label');
    if (labelOnly && firmware !== undefined && firmware.entity !== flagged.key && firmware.certainty >= FIRMWARE_OVERRULES_LABEL) {
      if (status === 'covered') status = 'review';
      notes.push(
        note(
          'fusion.contradiction',
          strongest(firmware.facts),
          flagged.key,
          `Only labels point to ${name} (${pct(flagged.certainty)}); the firmware says ${firmware.name} (${pct(firmware.certainty)}). A label can be bought or printed, so this stays at review.`,
        ),
      );
    }
    const speaksFirmware = (c: Candidate<EntityId>) => c.facts.some((f) => f.voice === 'firmware');
    for (const other of candidates.slice(1)) {
      const otherName = entityInfo(other.key, policy).displayName;
      // A device runs one firmware: two covered makers' firmware each strong enough to flag means
      // spoofed or relayed banners, which a person must look at rather than a flag on either.
      if (status === 'covered' && statusFor(other.certainty) === 'covered' && speaksFirmware(flagged) && speaksFirmware(other)) {
        status = 'review';
        notes.push(
          note(
            'fusion.two-firmwares',
            strongest(other.facts),
            other.key,
            `Both ${name}'s (${pct(flagged.certainty)}) and ${otherName}'s (${pct(other.certainty)}) firmware answer for this device; one device runs one firmware, so its banners may be spoofed or relayed: review.`,
          ),
        );
      }
      notes.push(
        note(
          'fusion.contradiction',
          strongest(other.facts),
          other.key,
          `Evidence also points to ${otherName} (${pct(other.certainty)}), against ${name} (${pct(flagged.certainty)}); the verdict follows the stronger, and both are kept for review.`,
        ),
      );
    }
  }

  const made = maker(firmware, flagged, mac, label, policy);
  const brand = brandOf(rules, ruleLabel, mac, macLabel, vocabulary);
  // Two covered entities disagreeing is a contradiction (noted above), not an OEM deal.
  const oem = brand !== undefined && (brand.entity === null || brand.entity === firmware?.entity);
  if (firmware !== undefined && brand !== undefined && oem && !same(brand.name, firmware.name)) {
    const relabeler = mac?.relabeler ?? null;
    const known =
      relabeler !== null && same(relabeler.brand, brand.name) && relabeler.entity === firmware.entity
        ? ` ${brand.name} is a known ${relabeler.maker} OEM (${relabeler.certainty}).`
        : '';
    notes.push(
      note(
        'fusion.oem',
        brand.fact,
        firmware.entity,
        `Made by ${firmware.name}, sold as ${brand.name}: the firmware says ${firmware.name} (${strongest(firmware.facts).evidence.rule}), the label says ${brand.name} (${brand.fact.evidence.rule}).${known}`,
      ),
    );
  }

  return {
    manufacturer: made.manufacturer,
    manufacturerName: made.manufacturerName,
    brand: brand?.name ?? null,
    model: bestModel(facts),
    status,
    covered: flagged?.key ?? null,
    confidence: flagged?.certainty ?? made.certainty,
    randomizedMac: mac?.randomized ?? false,
    evidence: evidenceList(facts, notes),
  };
}
