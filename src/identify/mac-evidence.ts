/**
 * The device's MAC as evidence: who registered its prefix (a label voice), read against the policy.
 * A locally administered MAC is randomized or set in software, so its prefix names nobody.
 */
import { isLocallyAdministered, normalizeMac, type Observation } from '../observations/observation.js';
import { OUI_CERTAINTY, OUI_MAKER_CERTAINTY } from './fusion.js';
import { lookupOui, type OuiMatch } from './oui-lookup.js';
import {
  entityForRegistrant,
  entityInfo,
  informationalFor,
  relabelerFor,
  trapFor,
  type Policy,
  type RegistrantAttribution,
  type RelabelerNote,
} from './policy.js';
import type { Vocabulary } from './rules/vocabulary.js';
import { shortCompanyName } from './short-name.js';
import type { Evidence } from './verdict.js';
import { virtualMacRange, type VirtualMacRange } from './virtual-mac.js';

export interface MacReading {
  readonly mac: string;
  readonly randomized: boolean;
  readonly evidence: Evidence;
  /** Official registrant name, when the prefix names a maker. */
  readonly registrant: string | null;
  /** Short display name of the registrant ("EZVIZ", "Apple"). */
  readonly display: string | null;
  readonly attribution: RegistrantAttribution | null;
  readonly relabeler: RelabelerNote | null;
  /** The registrant makes NIC/Wi-Fi modules (vocabulary role "module"): it names neither maker nor brand. */
  readonly module: boolean;
}

/** What a module maker's prefix says about a device on its own: next to nothing. */
const MODULE_CERTAINTY = 0.1;

/** Already in the form normalizeMac gives: most MACs arrive normalized, and this is checked once per fact. */
const CANONICAL_MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/;

const macOf = (text: string): string | null => (CANONICAL_MAC.test(text) ? text : normalizeMac(text));

/**
 * The device's MAC: the latest 'mac' observation's, else the latest MAC another fact carried; ties
 * go to the smaller MAC. Of the observations carrying it, the one with the smallest source speaks
 * for it, not the latest: which probe answered last changes from scan to scan, the MAC does not.
 */
export function deviceMac(observations: readonly Observation[]): { mac: string; obs: Observation } | null {
  let best: Observation | null = null;
  let bestMac = '';
  let bestDirect = false;
  for (const obs of observations) {
    const direct = obs.kind === 'mac';
    const raw = direct ? obs.value : obs.mac;
    if (raw === undefined) continue;
    const mac = macOf(raw);
    if (mac === null) continue;
    const better =
      best === null ||
      (direct && !bestDirect) ||
      (direct === bestDirect && (obs.at > best.at || (obs.at === best.at && mac < bestMac)));
    if (better) {
      best = obs;
      bestMac = mac;
      bestDirect = direct;
    }
  }
  if (best === null) return null;
  let speaker = best;
  for (const obs of observations) {
    if (obs.source >= speaker.source || (obs.kind === 'mac') !== bestDirect) continue;
    const raw = bestDirect ? obs.value : obs.mac;
    if (raw !== undefined && macOf(raw) === bestMac) speaker = obs;
  }
  return { mac: bestMac, obs: speaker };
}

const relationWords: Readonly<Record<RegistrantAttribution['relation'], string>> = {
  parent: 'registration',
  subsidiary: 'subsidiary',
  affiliate: 'affiliate',
};

function attributedSays(prefix: string, match: OuiMatch & { registrant: string }, a: RegistrantAttribution, policy: Policy): string {
  const info = entityInfo(a.entity, policy);
  const tie =
    a.relation === 'parent'
      ? `${info.displayName}'s own ${relationWords.parent}`
      : `${a.display}, a ${info.displayName} ${relationWords[a.relation]} (${a.certainty})`;
  return `MAC prefix ${prefix} (${match.block}) is registered to ${match.registrant}: ${tie}, covered by NDAA FY2019 ${info.basis.clause}.`;
}

interface RegistrantView {
  readonly attribution: RegistrantAttribution | null;
  readonly known: Vocabulary['vendors'][number] | undefined;
  readonly relabeler: RelabelerNote | null;
  readonly informational: ReturnType<typeof informationalFor>;
  readonly trap: ReturnType<typeof trapFor>;
  readonly short: string;
}

// Policy and vocabulary lookups normalize names (NFKC, case): done once per registrant, not once per device.
const views = new WeakMap<Policy, WeakMap<object, Map<string, RegistrantView>>>();
const NO_VOCABULARY = {};

function registrantView(registrant: string, policy: Policy, vocabulary: Vocabulary | undefined): RegistrantView {
  let byVocabulary = views.get(policy);
  if (byVocabulary === undefined) {
    byVocabulary = new WeakMap();
    views.set(policy, byVocabulary);
  }
  const key = vocabulary ?? NO_VOCABULARY;
  let cache = byVocabulary.get(key);
  if (cache === undefined) {
    cache = new Map();
    byVocabulary.set(key, cache);
  }
  let view = cache.get(registrant);
  if (view === undefined) {
    const short = shortCompanyName(registrant);
    view = {
      attribution: entityForRegistrant(registrant, policy),
      known: vocabulary?.lookup(registrant) ?? vocabulary?.lookup(short),
      relabeler: relabelerFor(registrant, policy),
      informational: informationalFor(registrant, policy),
      trap: trapFor(registrant, policy),
      short,
    };
    cache.set(registrant, view);
  }
  return view;
}

/** What a MAC says apart from the MAC itself and the probe that saw it: the same for every MAC of one registry block. */
export interface MacTemplate {
  readonly rule: string;
  readonly certainty: number;
  readonly entity: Evidence['entity'];
  readonly says: string;
  readonly registrant: string | null;
  readonly display: string | null;
  readonly attribution: RegistrantAttribution | null;
  readonly relabeler: RelabelerNote | null;
  readonly module: boolean;
}

function unregistered(rule: string, says: string): MacTemplate {
  return { rule, certainty: 0, entity: null, says, registrant: null, display: null, attribution: null, relabeler: null, module: false };
}

function templateFor(mac: string, policy: Policy, lookup: (mac: string) => OuiMatch | null, vocabulary: Vocabulary | undefined): MacTemplate {
  const match = lookup(mac);
  if (match === null || match.registrant === null) {
    const why =
      match === null
        ? `MAC prefix ${mac.slice(0, 8).toUpperCase()} is not in the IEEE registry copy lanaudit ships`
        : match.unknown === 'private'
          ? `MAC prefix ${match.prefix} (${match.block}) is registered privately, with the owner's name withheld`
          : `MAC prefix ${match.prefix} (${match.block}) is held by the IEEE Registration Authority and no smaller block in it holds this MAC`;
    return unregistered('oui.unknown', `${why}: the maker is unknown.`);
  }

  const registrant = match.registrant;
  const view = registrantView(registrant, policy, vocabulary);
  const { attribution, known, relabeler, informational, trap } = view;
  if (attribution !== null) {
    return {
      rule: 'oui.registrant',
      certainty: OUI_CERTAINTY[attribution.certainty],
      entity: attribution.entity,
      says: attributedSays(match.prefix, match, attribution, policy),
      registrant,
      display: attribution.display,
      attribution,
      relabeler: null,
      module: false,
    };
  }

  const registered = `MAC prefix ${match.prefix} (${match.block}) is registered to ${registrant}`;
  if (known?.role === 'module') {
    return {
      rule: 'oui.module',
      certainty: MODULE_CERTAINTY,
      entity: null,
      says: `${registered}, a maker of network modules that other makers build into their devices: the prefix names neither the device's maker nor its brand.`,
      registrant,
      display: known.name,
      attribution: null,
      relabeler: null,
      module: true,
    };
  }
  let says = `${registered}.`;
  if (relabeler !== null) {
    says = `${registered}. ${relabeler.brand} sells some ${relabeler.maker}-made devices (${relabeler.certainty}): ${relabeler.note}`;
  } else if (informational !== null) {
    says = `${registered}. ${informational.displayName} (${informational.list}, ${informational.since}): ${informational.note}`;
  } else if (trap !== null) {
    says = `${registered}, which is not ${trap.resembles}: ${trap.why}`;
  }
  return {
    rule: 'oui.registrant',
    certainty: OUI_MAKER_CERTAINTY,
    entity: null,
    says,
    registrant,
    display: relabeler?.brand ?? informational?.displayName ?? known?.name ?? view.short,
    attribution: null,
    relabeler,
    module: false,
  };
}

const virtualTemplates = new WeakMap<VirtualMacRange, MacTemplate>();

/** A virtual router MAC names a protocol: like a randomized MAC, it is never attributed. */
function virtualTemplate(range: VirtualMacRange): MacTemplate {
  let template = virtualTemplates.get(range);
  if (template === undefined) {
    template = unregistered(
      'oui.virtual',
      `MAC ${range.prefix.toUpperCase()}… is a ${range.protocol} virtual router address: it names the redundancy protocol, not the device's maker, and the registrant of its block made nothing here. ${range.note}`,
    );
    virtualTemplates.set(range, template);
  }
  return template;
}

/**
 * Many devices share a registry block, and the shipped lookup reads at most the first 36 bits
 * (an MA-S block), so its template is kept per 36-bit prefix ("aa:bb:cc:dd:e"): one registry
 * lookup, policy reading and sentence per block instead of per device. Bounded: cleared when full.
 */
const MAX_TEMPLATES = 65_536;
const templates = new WeakMap<Policy, WeakMap<object, Map<string, MacTemplate>>>();

function cachedTemplate(mac: string, policy: Policy, vocabulary: Vocabulary | undefined): MacTemplate {
  let byVocabulary = templates.get(policy);
  if (byVocabulary === undefined) {
    byVocabulary = new WeakMap();
    templates.set(policy, byVocabulary);
  }
  const vocabularyKey = vocabulary ?? NO_VOCABULARY;
  let cache = byVocabulary.get(vocabularyKey);
  if (cache === undefined) {
    cache = new Map();
    byVocabulary.set(vocabularyKey, cache);
  }
  const block = mac.slice(0, 13);
  let template = cache.get(block);
  if (template === undefined) {
    if (cache.size >= MAX_TEMPLATES) cache.clear();
    template = templateFor(mac, policy, lookupOui, vocabulary);
    cache.set(block, template);
  }
  return template;
}

/** What a universally administered MAC says of its maker, whichever observation carries it. */
export function macTemplate(mac: string, policy: Policy, lookup: (mac: string) => OuiMatch | null, vocabulary: Vocabulary | undefined): MacTemplate {
  // Checked before the registry: a virtual range may be narrower than the 36-bit block templates are cached by.
  const virtual = virtualMacRange(mac);
  if (virtual !== null) return virtualTemplate(virtual);
  return lookup === lookupOui ? cachedTemplate(mac, policy, vocabulary) : templateFor(mac, policy, lookup, vocabulary);
}

/**
 * Reads the device's MAC against the registry and the policy; null when no observation carries a
 * MAC. Templates are cached only for the shipped lookup, whose answer depends on the first 36 bits
 * alone; any other lookup is asked for every device.
 */
export function readMac(
  observations: readonly Observation[],
  policy: Policy,
  lookup: (mac: string) => OuiMatch | null,
  vocabulary?: Vocabulary,
): MacReading | null {
  const found = deviceMac(observations);
  if (found === null) return null;
  const { mac, obs } = found;

  if (isLocallyAdministered(mac)) {
    return {
      mac,
      randomized: true,
      registrant: null,
      display: null,
      attribution: null,
      relabeler: null,
      module: false,
      evidence: {
        rule: 'oui.randomized',
        kind: 'mac',
        value: mac,
        source: obs.source,
        certainty: 0,
        entity: null,
        says: `MAC ${mac} is locally administered (randomized or set in software): its prefix does not say who made the device.`,
      },
    };
  }

  const t = macTemplate(mac, policy, lookup, vocabulary);
  return {
    mac,
    randomized: false,
    registrant: t.registrant,
    display: t.display,
    attribution: t.attribution,
    relabeler: t.relabeler,
    module: t.module,
    // Key order is the JSON order `lanaudit identify` writes.
    evidence: { rule: t.rule, kind: 'mac', value: mac, source: obs.source, certainty: t.certainty, entity: t.entity, says: t.says },
  };
}
