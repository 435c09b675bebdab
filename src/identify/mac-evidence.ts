/**
 * The device's MAC as evidence: who registered its prefix (a label voice), read against the policy.
 * A locally administered MAC is randomized or set in software, so its prefix names nobody.
 */
import { isLocallyAdministered, normalizeMac, type Observation } from '../observations/observation.js';
import { OUI_CERTAINTY, OUI_MAKER_CERTAINTY } from './fusion.js';
import type { OuiMatch } from './oui-lookup.js';
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

/** The device's MAC: the latest 'mac' observation, else the latest MAC another fact carried; ties go to the smaller MAC. */
export function deviceMac(observations: readonly Observation[]): { mac: string; obs: Observation } | null {
  let best: { mac: string; obs: Observation; direct: boolean } | null = null;
  for (const obs of observations) {
    const direct = obs.kind === 'mac';
    const mac = normalizeMac(direct ? obs.value : (obs.mac ?? ''));
    if (mac === null) continue;
    const better =
      best === null ||
      (direct && !best.direct) ||
      (direct === best.direct && (obs.at > best.obs.at || (obs.at === best.obs.at && mac < best.mac)));
    if (better) best = { mac, obs, direct };
  }
  return best === null ? null : { mac: best.mac, obs: best.obs };
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

/** Reads the device's MAC against the registry and the policy; null when no observation carries a MAC. */
export function readMac(
  observations: readonly Observation[],
  policy: Policy,
  lookup: (mac: string) => OuiMatch | null,
  vocabulary?: Vocabulary,
): MacReading | null {
  const found = deviceMac(observations);
  if (found === null) return null;
  const { mac, obs } = found;
  const base = { rule: 'oui.registrant', kind: 'mac', value: mac, source: obs.source } as const;
  const empty = { registrant: null, display: null, attribution: null, relabeler: null, module: false };

  if (isLocallyAdministered(mac)) {
    return {
      mac,
      randomized: true,
      ...empty,
      evidence: {
        ...base,
        rule: 'oui.randomized',
        certainty: 0,
        entity: null,
        says: `MAC ${mac} is locally administered (randomized or set in software): its prefix does not say who made the device.`,
      },
    };
  }

  const match = lookup(mac);
  if (match === null || match.registrant === null) {
    const why =
      match === null
        ? `MAC prefix ${mac.slice(0, 8).toUpperCase()} is not in the IEEE registry copy lanaudit ships`
        : match.unknown === 'private'
          ? `MAC prefix ${match.prefix} (${match.block}) is registered privately, with the owner's name withheld`
          : `MAC prefix ${match.prefix} (${match.block}) is held by the IEEE Registration Authority and no smaller block in it holds this MAC`;
    return {
      mac,
      randomized: false,
      ...empty,
      evidence: { ...base, rule: 'oui.unknown', certainty: 0, entity: null, says: `${why}: the maker is unknown.` },
    };
  }

  const registrant = match.registrant;
  const view = registrantView(registrant, policy, vocabulary);
  const { attribution, known, relabeler, informational, trap } = view;
  if (attribution !== null) {
    return {
      mac,
      randomized: false,
      registrant,
      display: attribution.display,
      attribution,
      relabeler: null,
      module: false,
      evidence: {
        ...base,
        certainty: OUI_CERTAINTY[attribution.certainty],
        entity: attribution.entity,
        says: attributedSays(match.prefix, match, attribution, policy),
      },
    };
  }

  const registered = `MAC prefix ${match.prefix} (${match.block}) is registered to ${registrant}`;
  if (known?.role === 'module') {
    return {
      mac,
      randomized: false,
      registrant,
      display: known.name,
      attribution: null,
      relabeler: null,
      module: true,
      evidence: {
        ...base,
        rule: 'oui.module',
        certainty: MODULE_CERTAINTY,
        entity: null,
        says: `${registered}, a maker of network modules that other makers build into their devices: the prefix names neither the device's maker nor its brand.`,
      },
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
    mac,
    randomized: false,
    registrant,
    display: relabeler?.brand ?? informational?.displayName ?? known?.name ?? view.short,
    attribution: null,
    relabeler,
    module: false,
    evidence: { ...base, certainty: OUI_MAKER_CERTAINTY, entity: null, says },
  };
}
