/**
 * Step 1 of identification: the device's observations as canonical facts. Each rule speaks once
 * per device, through one representative observation chosen by a stable key; the facts come in one
 * canonical order; so every later step may take "the first" of anything and still be a function of
 * the set of observations, not of their order or of when each was last seen.
 */
import type { Observation } from '../observations/observation.js';
import type { MacReading } from './mac-evidence.js';
import type { RuleMatch, Voice } from './rule-match.js';
import type { Evidence } from './verdict.js';

/** What the fingerprint rules conclude from one observation. */
export type RuleMatcher = (obs: Observation) => readonly RuleMatch[];

// Every key always present (optional ones undefined): one object shape, so the engine's accesses stay monomorphic.
export interface Fact {
  readonly evidence: Evidence;
  readonly voice: Voice;
  readonly vendor: string | null;
  /** This fact alone may send the device to review, never flag it. */
  readonly ceiling: 'review' | undefined;
  readonly model: string | undefined;
  /** The serial number and firmware version the matched text states (rule captures). */
  readonly serial: string | undefined;
  readonly firmware: string | undefined;
  /** The label the device gives itself, as it spells it. */
  readonly brand: string | undefined;
  readonly brandKnownOnly: true | undefined;
}

/**
 * Most distinct facts of one kind a device is judged on. A device that sends a new banner every
 * scan would otherwise make every later scan read its whole past; 32 is far above what an honest
 * device shows (a banner per open port).
 */
export const MAX_FACTS_PER_KIND = 32;

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Newest first; then a total order on the fields, so the cap keeps the same facts in any input order. */
function newestFirst(a: Observation, b: Observation): number {
  return (
    compare(b.at, a.at) ||
    compare(a.value, b.value) ||
    (a.port ?? -1) - (b.port ?? -1) ||
    compare(a.source, b.source) ||
    compare(a.mac ?? '', b.mac ?? '') ||
    compare(a.ip, b.ip)
  );
}

/**
 * At most MAX_FACTS_PER_KIND distinct facts (kind, value, port, source, MAC) of each kind, the
 * newest kept. Returns the input itself when no kind is over the cap, which is almost always.
 */
export function boundedObservations(observations: readonly Observation[]): readonly Observation[] {
  if (observations.length <= MAX_FACTS_PER_KIND) return observations;
  const perKind = new Map<string, number>();
  let over = false;
  for (const o of observations) {
    const n = (perKind.get(o.kind) ?? 0) + 1;
    perKind.set(o.kind, n);
    if (n > MAX_FACTS_PER_KIND) over = true;
  }
  if (!over) return observations;
  const kept: Observation[] = [];
  const seen = new Set<string>();
  perKind.clear();
  for (const o of [...observations].sort(newestFirst)) {
    const key = `${o.kind}\u0000${o.value}\u0000${o.port ?? ''}\u0000${o.source}\u0000${o.mac ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const n = perKind.get(o.kind) ?? 0;
    if (n >= MAX_FACTS_PER_KIND) continue;
    perKind.set(o.kind, n + 1);
    kept.push(o);
  }
  return kept;
}

/**
 * Which of two matches of one rule speaks for it: the surer, then the smaller value, port, source
 * and kind. Never the later sighting: a rule seen on two ports would otherwise speak through
 * whichever port answered last, and every scan would store a "new" verdict.
 */
function preferred(a: RuleMatch, b: RuleMatch): boolean {
  if (a.certainty !== b.certainty) return a.certainty > b.certainty;
  const x = a.observation;
  const y = b.observation;
  return (compare(x.value, y.value) || (x.port ?? -1) - (y.port ?? -1) || compare(x.source, y.source) || compare(x.kind, y.kind)) < 0;
}

function ruleEvidence(m: RuleMatch): Evidence {
  const o = m.observation;
  // Key order is the JSON order `lanaudit identify` writes; literals rather than spreads, since this runs for every match.
  return o.port === undefined
    ? { rule: m.rule, kind: o.kind, value: o.value, source: o.source, certainty: m.certainty, says: m.says, entity: m.entity }
    : { rule: m.rule, kind: o.kind, value: o.value, port: o.port, source: o.source, certainty: m.certainty, says: m.says, entity: m.entity };
}

/** Canonical order of rule facts: surest first, then by rule id (unique per device). */
function canonical(a: Fact, b: Fact): number {
  return b.evidence.certainty - a.evidence.certainty || compare(a.evidence.rule, b.evidence.rule);
}

/** Each rule counts once per device: a banner stored by ten scans is one fact, not ten. In canonical order. */
export function ruleFacts(observations: readonly Observation[], matcher: RuleMatcher): Fact[] {
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
      serial: m.serial,
      firmware: m.firmware,
      brand: m.brand,
      brandKnownOnly: m.brandKnownOnly,
    });
  }
  return facts.length > 1 ? facts.sort(canonical) : facts;
}

/** The MAC registrant as a label fact; null when the device has no MAC. */
export function macFact(reading: MacReading | null): Fact | null {
  if (reading === null) return null;
  return {
    evidence: reading.evidence,
    voice: 'label',
    // A module maker's prefix joins no vendor group: it is neither the maker nor the label.
    vendor: reading.module ? null : reading.display,
    ceiling: reading.attribution?.ceiling,
    model: undefined,
    serial: undefined,
    firmware: undefined,
    brand: undefined,
    brandKnownOnly: undefined,
  };
}

/** All facts in canonical order: the MAC first (it is the device's own address), then the rules'. */
export function allFacts(mac: Fact | null, rules: Fact[]): readonly Fact[] {
  return mac === null ? rules : [mac, ...rules];
}
