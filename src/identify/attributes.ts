/**
 * Step 4 of identification: the verdict's attributes (maker, brand, model, serial, firmware), each chosen by one rule from the canonical
 * facts and the support (support.ts), so each is a function of the set of facts.
 */
import type { Fact } from './facts.js';
import type { MacReading } from './mac-evidence.js';
import { entityInfo, type Policy } from './policy.js';
import { isRelabel } from './relabel.js';
import type { Vocabulary } from './rules/vocabulary.js';
import { shortCompanyName } from './short-name.js';
import { firmwareOverrules, strongest, type Candidate, type VendorGroup } from './support.js';
import type { EntityId } from './verdict.js';

export const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface Maker {
  readonly manufacturer: string | null;
  readonly manufacturerName: string | null;
  readonly certainty: number;
}

function firmwareMaker(firmware: VendorGroup, mac: MacReading | null, policy: Policy): Maker {
  const named = mac !== null && !mac.module;
  // The registrant is the official form of the firmware maker's name when the two agree.
  const official =
    named && mac.registrant !== null && mac.display !== null && same(mac.display, firmware.name)
      ? mac.registrant
      : firmware.entity === null
        ? firmware.name
        : entityInfo(firmware.entity, policy).legalName;
  return { manufacturer: official, manufacturerName: firmware.name, certainty: firmware.certainty };
}

function entityMaker(flagged: Candidate, mac: MacReading | null, policy: Policy): Maker {
  // The entity's own registrant (or subsidiary's) names it as the MAC spells it.
  if (mac !== null && !mac.module && mac.registrant !== null && mac.attribution?.entity === flagged.key) {
    return { manufacturer: mac.registrant, manufacturerName: mac.display, certainty: flagged.certainty };
  }
  const info = entityInfo(flagged.key, policy);
  return { manufacturer: info.legalName, manufacturerName: info.displayName, certainty: flagged.certainty };
}

/**
 * Who built it. For a flagged device: the covered entity, named through the firmware when the
 * firmware speaks for that entity, unless the firmware names another maker more surely
 * (firmwareOverrules; status.ts sends the device to review for it). For a clear one, or one at
 * review only because a relabeler's brand is on it: the
 * firmware's maker, else the MAC registrant (unless a module maker), else a label rule's vendor.
 */
export function maker(
  firmware: VendorGroup | undefined,
  flagged: Candidate | undefined,
  mac: MacReading | null,
  label: VendorGroup | undefined,
  policy: Policy,
): Maker {
  // A relabeler's label alone says who sells the device, not who made it.
  if (flagged !== undefined && !flagged.facts.every(isRelabel)) {
    if (firmware !== undefined && (firmware.entity === flagged.key || firmwareOverrules(firmware, flagged))) {
      return firmwareMaker(firmware, mac, policy);
    }
    return entityMaker(flagged, mac, policy);
  }
  if (firmware !== undefined) return firmwareMaker(firmware, mac, policy);
  if (mac !== null && !mac.module && mac.registrant !== null) {
    return { manufacturer: mac.registrant, manufacturerName: mac.display, certainty: mac.evidence.certainty };
  }
  if (label !== undefined) {
    const official = label.entity === null ? label.name : entityInfo(label.entity, policy).legalName;
    return { manufacturer: official, manufacturerName: label.name, certainty: label.certainty };
  }
  return { manufacturer: null, manufacturerName: null, certainty: 0 };
}

export interface Brand {
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
 * manufacturer, SADP/DHIP OEM fields, mDNS instance; the surest, then the smaller name, then
 * canonical order), then a label rule's vendor, then the MAC registrant, unless that registrant
 * only made the NIC or Wi-Fi module.
 */
export function brandOf(
  rules: readonly Fact[],
  label: VendorGroup | undefined,
  mac: MacReading | null,
  macLabel: Fact | null,
  vocabulary: Vocabulary,
): Brand | undefined {
  const spoken = rules
    .filter((f) => f.brand !== undefined)
    .sort((a, b) => b.evidence.certainty - a.evidence.certainty || compare(a.brand!, b.brand!));
  for (const fact of spoken) {
    const resolved = resolveBrand(fact.brand!, vocabulary, fact.brandKnownOnly === true);
    if (resolved !== null) return { ...resolved, fact };
  }
  if (label !== undefined) return { name: label.name, entity: label.entity, fact: strongest(label.facts) };
  if (mac === null || mac.module || mac.display === null || macLabel === null) return undefined;
  return { name: mac.display, entity: mac.attribution?.entity ?? null, fact: macLabel };
}

/**
 * What the device states of itself (serial number, firmware version), by one total order over the
 * facts that capture it: the firmware's own voice (a SADP or DHIP answer, a login realm, a banner)
 * before a label (a UPnP serialNumber a reseller may print); then the surer fact; then the smaller
 * value; then the smaller rule id. A total order, so the choice is the same in any input order.
 */
export function stated(facts: readonly Fact[], field: 'serial' | 'firmware'): string | null {
  let best: Fact | undefined;
  let bestValue = '';
  for (const f of facts) {
    const value = f[field]?.trim();
    if (value === undefined || value === '') continue;
    if (best !== undefined) {
      const order =
        Number(f.voice === 'firmware') - Number(best.voice === 'firmware') ||
        f.evidence.certainty - best.evidence.certainty ||
        compare(bestValue, value) ||
        compare(best.evidence.rule, f.evidence.rule);
      if (order <= 0) continue;
    }
    best = f;
    bestValue = value;
  }
  return best === undefined ? null : bestValue;
}

/**
 * The model: from a fact that agrees with the maker (its vendor is the maker, or it supports the
 * flagged entity) before one that does not; then the firmware's word over a label's; then the
 * surer fact; then the smaller model name. Never from a fact for another covered entity than the
 * flagged one: that is the other maker's model, kept as a contradiction, not this device's.
 */
export function modelOf(facts: readonly Fact[], made: Maker, flagged: Candidate | undefined): string | null {
  let best: Fact | undefined;
  for (const f of facts) {
    if (f.model === undefined || f.model.trim() === '') continue;
    if (flagged !== undefined && f.evidence.entity !== null && f.evidence.entity !== flagged.key) continue;
    if (best === undefined) {
      best = f;
      continue;
    }
    const order =
      agrees(f, made, flagged) - agrees(best, made, flagged) ||
      Number(f.voice === 'firmware') - Number(best.voice === 'firmware') ||
      f.evidence.certainty - best.evidence.certainty ||
      compare(best.model!, f.model);
    if (order > 0) best = f;
  }
  return best?.model ?? null;
}

/** 1 when the fact names the flagged entity or the maker; a module function, not a closure in modelOf, which runs once per device (tsx names closures per call). */
function agrees(f: Fact, made: Maker, flagged: Candidate | undefined): number {
  return Number(
    (flagged !== undefined && f.evidence.entity === flagged.key) ||
      (f.vendor !== null && made.manufacturerName !== null && same(f.vendor, made.manufacturerName)),
  );
}
