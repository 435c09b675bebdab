/**
 * A MAC the device states about itself, apart from the address it answers from: the node field of
 * a time-based UUID (its UPnP UDN, its WS-Discovery endpoint) and an ONVIF `MAC/` scope. RFC 4122
 * §4.1.6 makes a version 1 or 2 UUID's node the generating host's IEEE 802 address, so firmware
 * that builds its UDN at first boot writes its burned-in MAC into it; a device that then answers
 * from a randomized or software-set MAC still names its maker there. Read against the registry and
 * the policy exactly as the device's own MAC is (mac-evidence.ts), as one label fact per device.
 */
import { isLocallyAdministered, normalizeMac, type Observation } from '../observations/observation.js';
import type { Fact } from './facts.js';
import { macTemplate, type MacReading, type MacTemplate } from './mac-evidence.js';
import type { OuiMatch } from './oui-lookup.js';
import type { Policy } from './policy.js';
import type { Vocabulary } from './rules/vocabulary.js';

/** The first UUID of a value, with its version nibble and node field. */
const UUID = /(?:^|[^0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[0-9a-f]{4}-([0-9a-f]{12})(?![0-9a-f])/i;
/** ONVIF Core §7.3.2.2 scopes are URIs; devices add `onvif://www.onvif.org/MAC/<their MAC>`. */
const ONVIF_MAC_SCOPE = /onvif:\/\/www\.onvif\.org\/MAC\/((?:[0-9a-f]{2}(?:%3A|[:-])){5}[0-9a-f]{2}|[0-9a-f]{12})(?![0-9a-f])/i;

interface Stated {
  readonly mac: string;
  readonly obs: Observation;
  readonly how: string;
}

/** The MAC an observation states, when it states one that can name a maker (universally administered, unicast). */
function statedIn(obs: Observation): Stated | null {
  let raw: string | undefined;
  let how = '';
  if (obs.kind === 'upnp.udn' || obs.kind === 'onvif.endpoint') {
    const m = UUID.exec(obs.value);
    // Versions 1 and 2 carry a MAC in the node; 3, 4 and 5 carry hash or random bits there.
    if (m === null || (m[1] !== '1' && m[1] !== '2')) return null;
    raw = m[2];
    how = `is a time-based UUID (RFC 4122 version ${m[1]}), whose node field is the MAC of the host that made it`;
  } else if (obs.kind === 'onvif.scope') {
    raw = ONVIF_MAC_SCOPE.exec(obs.value)?.[1]?.replace(/%3A/gi, ':');
    how = 'states the device\'s MAC in its ONVIF "MAC/" scope';
  }
  if (raw === undefined) return null;
  const mac = normalizeMac(raw);
  if (mac === null || mac === '00:00:00:00:00:00') return null;
  // A multicast node is RFC 4122 §4.5's random node; a locally administered one names nobody.
  if ((Number.parseInt(mac.slice(0, 2), 16) & 0x01) !== 0 || isLocallyAdministered(mac)) return null;
  return { mac, obs, how };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The stated MAC's fact, or null: none is stated, it is the MAC the device answers from, its block
 * names no maker (unknown, a module maker's, a virtual router's), or the device's own MAC already
 * names the same registrant. Of several, the surest, then the smallest MAC, kind, value, port and
 * source: a total order, so the fact does not depend on which observation came first.
 */
export function statedMacFact(
  observations: readonly Observation[],
  own: MacReading | null,
  policy: Policy,
  lookup: (mac: string) => OuiMatch | null,
  vocabulary: Vocabulary | undefined,
): Fact | null {
  let best: { stated: Stated; t: MacTemplate } | null = null;
  for (const obs of observations) {
    const stated = statedIn(obs);
    if (stated === null || stated.mac === own?.mac) continue;
    const t = macTemplate(stated.mac, policy, lookup, vocabulary);
    if (t.registrant === null || t.module) continue;
    if (own !== null && !own.randomized && own.registrant === t.registrant) continue;
    if (
      best === null ||
      t.certainty > best.t.certainty ||
      (t.certainty === best.t.certainty &&
        (compare(stated.mac, best.stated.mac) ||
          compare(obs.kind, best.stated.obs.kind) ||
          compare(obs.value, best.stated.obs.value) ||
          (obs.port ?? -1) - (best.stated.obs.port ?? -1) ||
          compare(obs.source, best.stated.obs.source)) < 0)
    ) {
      best = { stated, t };
    }
  }
  if (best === null) return null;
  const { stated, t } = best;
  const o = stated.obs;
  const says = `The ${o.kind} ${stated.how}: ${stated.mac}. ${t.says}`;
  return {
    evidence:
      o.port === undefined
        ? { rule: 'oui.stated', kind: o.kind, value: o.value, source: o.source, certainty: t.certainty, says, entity: t.entity }
        : { rule: 'oui.stated', kind: o.kind, value: o.value, port: o.port, source: o.source, certainty: t.certainty, says, entity: t.entity },
    voice: 'label',
    vendor: t.display,
    ceiling: t.attribution?.ceiling,
    model: undefined,
    serial: undefined,
    firmware: undefined,
    brand: undefined,
    brandKnownOnly: undefined,
  };
}
