/**
 * One verdict per device from everything observed about it: a pure function of the SET of
 * observations (same facts in any order, same verdict, same bytes), so scans, `reidentify` and
 * offline `identify` agree. A straight line of steps, each with one documented rule:
 *   canonical facts (facts.ts) → support per entity and vendor (support.ts) → status (status.ts)
 *   → attributes: maker, brand, model, serial, firmware (attributes.ts) → notes (notes.ts) → verdict.
 */
import type { Observation } from '../observations/observation.js';
import { brandOf, maker, modelOf, stated } from './attributes.js';
import { allFacts, boundedObservations, macFact, ruleFacts, type RuleMatcher } from './facts.js';
import { readMac } from './mac-evidence.js';
import { relabelFacts } from './relabel.js';
import { statedMacFact } from './stated-mac.js';
import { capSoftwareOnHost } from './host-software.js';
import { evidenceWithNotes } from './notes.js';
import { lookupOui, type OuiMatch } from './oui-lookup.js';
import { defaultPolicy, type Policy } from './policy.js';
import { defaultMatcher, loadDefaultMatcher } from './default-matcher.js';
import { defaultRules } from './rules/match.js';
import type { Vocabulary } from './rules/vocabulary.js';
import { judge } from './status.js';
import { entitySupport, topVendorGroup } from './support.js';
import type { Verdict } from './verdict.js';

export type { RuleMatcher } from './facts.js';

/**
 * Loads what identify() reads on first use with its defaults (the policy and every matcher set,
 * ~0.12 s), so a scan can pay for it while it waits on the network rather than after.
 */
export function loadIdentification(): void {
  defaultPolicy();
  loadDefaultMatcher();
}

export interface IdentifyOptions {
  /** What each observation says; defaults to the shipped rules, maker mentions and model families (default-matcher.ts). */
  readonly matcher?: RuleMatcher;
  /** Covered-entity policy; defaults to oui/covered-entities.json. */
  readonly policy?: Policy;
  /** MAC registry; defaults to the IEEE registry from oui-data. */
  readonly lookup?: (mac: string) => OuiMatch | null;
  /** Vendor vocabulary (names, aliases, module makers); defaults to oui/vendors.json. */
  readonly vocabulary?: Vocabulary;
}

/**
 * The verdict for one device from all its observations. `covered` names the entity the evidence
 * points to whenever status is `covered` or `review` (null when `clear`); `confidence` is that
 * entity's combined certainty, or, when clear, how sure the manufacturer attribution is (0 when
 * nothing names a maker).
 */
export function identify(observations: readonly Observation[], options: IdentifyOptions = {}): Verdict {
  const policy = options.policy ?? defaultPolicy();
  const vocabulary = options.vocabulary ?? defaultRules().vocabulary;

  const bounded = boundedObservations(observations);
  const lookup = options.lookup ?? lookupOui;
  const mac = readMac(bounded, policy, lookup, vocabulary);
  const macLabel = macFact(mac);
  const rules = ruleFacts(bounded, options.matcher ?? defaultMatcher);
  // A MAC written into its UUID, ONVIF scope or realm, or a maker's OUI in a TR-069 serial: what a randomized or software-set address hides.
  const statedMac = statedMacFact(bounded, mac, policy, lookup, vocabulary, rules);
  // A relabeler's label (Amcrest, LTS …) ties the device to the entity it relabels for, at review at most.
  const labelled = allFacts(macLabel, statedMac === null ? rules : [statedMac, ...rules]);
  const relabels = relabelFacts(labelled, vocabulary, policy);
  // A covered maker's name in the text of a Windows or macOS host is its software there, in a HomeKit accessory's name a bridged device's: review at most.
  const facts = capSoftwareOnHost(relabels.length === 0 ? labelled : [...labelled, ...relabels], bounded, vocabulary);

  const candidates = entitySupport(facts);
  const firmware = topVendorGroup(facts, 'firmware');
  // A label rule (UPnP manufacturer, ONVIF name) names the brand better than the MAC, which may belong to a NIC module.
  const ruleLabel = topVendorGroup(rules, 'label');

  const { status, flagged, findings } = judge(candidates, firmware);

  const made = maker(firmware, flagged, mac, ruleLabel ?? topVendorGroup(facts, 'label'), policy);
  const brand = brandOf(rules, ruleLabel, mac, macLabel, vocabulary);

  return {
    manufacturer: made.manufacturer,
    manufacturerName: made.manufacturerName,
    brand: brand?.name ?? null,
    model: modelOf(facts, made, flagged),
    serial: stated(rules, 'serial'),
    firmware: stated(rules, 'firmware'),
    status,
    covered: flagged?.key ?? null,
    confidence: flagged?.certainty ?? made.certainty,
    randomizedMac: mac?.randomized ?? false,
    evidence: evidenceWithNotes(facts, findings, firmware, brand, mac, policy),
  };
}
