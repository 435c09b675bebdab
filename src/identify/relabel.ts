/**
 * Sold as a known relabeler: a device whose label (MAC registrant, ONVIF name, UPnP manufacturer,
 * a brand it names in its text) is a brand that sells a covered entity's products for many models
 * (oui/vendors.json `relabels`: Amcrest, Lorex → Dahua; LTS, Interlogix, Annke → Hikvision …). Some
 * of those brands' lines are declared compliant, so the brand alone is never a flag: it adds one
 * review-level fact for the entity, with the ceiling 'review'. The device's own firmware voice
 * (SADP, DHIP, ISAPI, the vendor web server) flags it, as before.
 */
import type { Fact } from './facts.js';
import { entityInfo, type Policy } from './policy.js';
import { shortCompanyName } from './short-name.js';
import type { Vendor, Vocabulary } from './rules/vocabulary.js';

/** What a relabeler's label alone is worth: above the review threshold, far from a flag. */
export const RELABEL_CERTAINTY = 0.4;

/** The rule id prefix of a relabel fact. */
const RULE = 'relabel.';

const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

type Relabeler = Vendor & { relabels: NonNullable<Vendor['relabels']> };

const asRelabeler = (vendor: Vendor | undefined): Relabeler | undefined => (vendor?.relabels === undefined ? undefined : (vendor as Relabeler));

/** A fact's vendor is a vocabulary name already (or a registrant's display name): one map lookup. */
function relabelerNamed(vendor: string | null, vocabulary: Vocabulary): Relabeler | undefined {
  return vendor === null ? undefined : asRelabeler(vocabulary.get(vendor) ?? vocabulary.lookup(vendor));
}

/** A model line of the brand (families.json), the only label a lines-only relabeler answers to. */
const isModelLine = (fact: Fact): boolean => fact.evidence.rule.startsWith('family.');

/** A captured brand is the device's own spelling ("LOREX TECHNOLOGY INC."): its short form too. */
function relabelerBranded(brand: string | undefined, vocabulary: Vocabulary): Relabeler | undefined {
  if (brand === undefined || brand.trim() === '') return undefined;
  return asRelabeler(vocabulary.lookup(brand) ?? vocabulary.lookup(shortCompanyName(brand)));
}

/** Whether a fact is a relabel fact (it says who sells the device, not who made it). */
export function isRelabel(fact: Fact): boolean {
  return fact.evidence.rule.startsWith(RULE);
}

/**
 * One fact per relabeler brand the facts name as a label (a vendor a fact names, or a brand a rule
 * captured), about the surest fact that names it; in brand order, so the result depends only on
 * the set of facts. Facts that are notes (certainty 0: a link, a third party's words) name no label.
 */
export function relabelFacts(facts: readonly Fact[], vocabulary: Vocabulary, policy: Policy): Fact[] {
  let named: Map<string, { vendor: Relabeler; about: Fact }> | undefined;
  for (const fact of facts) {
    if (fact.evidence.certainty <= 0) continue;
    for (const vendor of [relabelerNamed(fact.vendor, vocabulary), relabelerBranded(fact.brand, vocabulary)]) {
      if (vendor === undefined) continue;
      // A brand that also sells others' products (TRENDnet's switches) is tied only by its lines' model numbers.
      if (vendor.relabels.lines !== undefined && !isModelLine(fact)) continue;
      named ??= new Map();
      // Facts arrive in canonical order (surest first): the first that names the brand speaks for it.
      if (!named.has(vendor.name)) named.set(vendor.name, { vendor, about: fact });
    }
  }
  const out: Fact[] = [];
  if (named === undefined) return out;
  for (const name of [...named.keys()].sort()) {
    const { vendor, about } = named.get(name)!;
    const { entity, period, lines } = vendor.relabels;
    const maker = entityInfo(entity, policy).displayName;
    const when = period === undefined ? '' : ` (${period})`;
    const { kind, value, port, source } = about.evidence;
    const which =
      lines === undefined
        ? `${vendor.name} relabels ${maker}'s products for many models${when}, and not every line`
        : `${vendor.name}'s ${lines} are reported ${maker}-made${when}, not its other products`;
    const says = `Sold as ${vendor.name}; ${which}: confirm with the device's own voice (SADP/DHIP/ISAPI/firmware). The label alone never flags.`;
    out.push({
      evidence:
        port === undefined
          ? { rule: `${RULE}${slug(vendor.name)}`, kind, value, source, certainty: RELABEL_CERTAINTY, says, entity }
          : { rule: `${RULE}${slug(vendor.name)}`, kind, value, port, source, certainty: RELABEL_CERTAINTY, says, entity },
      voice: 'label',
      // The brand already speaks through the fact that named it: this one only ties it to the entity.
      vendor: null,
      ceiling: 'review',
      model: undefined,
      serial: undefined,
      firmware: undefined,
      brand: undefined,
      brandKnownOnly: undefined,
    });
  }
  return out;
}
