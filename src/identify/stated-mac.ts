/**
 * A MAC the device states about itself, apart from the address it answers from: the node field of
 * a time-based UUID (its UPnP UDN, its WS-Discovery endpoint), an ONVIF `MAC/` scope, and a realm
 * that is nothing but a MAC (Hikvision firmware challenges with `realm="<its MAC>"`). RFC 4122
 * §4.1.6 makes a version 1 or 2 UUID's node the generating host's IEEE 802 address, so firmware
 * that builds its UDN at first boot writes its burned-in MAC into it; a device that then answers
 * from a randomized or software-set MAC still names its maker there. Also the maker's OUI a
 * TR-069 (CWMP) device identity carries in its serial: TR-069 Amendment 6 §3.4.4 and A.3.3.1
 * (DeviceIdStruct) build it as `OUI-SerialNumber` or `OUI-ProductClass-SerialNumber`, the OUI
 * being the maker's IEEE registry prefix in six upper-case hex digits. Read against the registry and
 * the policy exactly as the device's own MAC is (mac-evidence.ts), as one label fact per device.
 * A realm of twelve bare hex digits may as well be a hash or a random token: it may flag only in the
 * layout of a maker known to write its MAC so (oui/mac-realms.json), and sends a device to review at
 * most otherwise.
 */
import { isLocallyAdministered, normalizeMac, type Observation, type ObservationKind } from '../observations/observation.js';
import type { Fact } from './facts.js';
import { macTemplate, type MacReading, type MacTemplate } from './mac-evidence.js';
import { defaultMacRealms, MAC_REALM, type MacRealmLayouts } from './mac-realms.js';
import type { OuiMatch } from './oui-lookup.js';
import type { Policy } from './policy.js';
import { matchText, ruleKind } from './rules/normalize.js';
import type { Vocabulary } from './rules/vocabulary.js';

/** The first UUID of a value, with its version nibble and node field. */
const UUID = /(?:^|[^0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[0-9a-f]{4}-([0-9a-f]{12})(?![0-9a-f])/i;
/** ONVIF Core §7.3.2.2 scopes are URIs; devices add `onvif://www.onvif.org/MAC/<their MAC>`. */
const ONVIF_MAC_SCOPE = /onvif:\/\/www\.onvif\.org\/MAC\/((?:[0-9a-f]{2}(?:%3A|[:-])){5}[0-9a-f]{2}|[0-9a-f]{12})(?![0-9a-f])/i;
/**
 * A TR-069 device identity as a whole value: the OUI in upper-case hex (as A.3.3.1 requires), a
 * hyphen, an optional product class and hyphen, then an alphanumeric serial of at least six
 * characters (shorter tails are other makers' part numbers: 804329-001).
 */
const TR069_IDENTITY = /^([0-9A-F]{6})-(?:[A-Za-z0-9_.]{1,64}-)?[A-Za-z0-9]{6,64}$/;
/** Twelve hex digits with no separator: what a hash or a random token looks like too. */
const BARE_HEX = /^[0-9a-f]{12}$/i;

/** Kinds whose value is a serial number as the device states it. */
const SERIAL_KINDS: ReadonlySet<ObservationKind> = new Set<ObservationKind>(['upnp.serial', 'snmp.entity.serial']);

/** Where a stated MAC was read: the observation's kind, value, port and source, as evidence names them. */
interface Said {
  readonly kind: ObservationKind;
  readonly value: string;
  readonly port?: number | undefined;
  readonly source: string;
}

interface Stated {
  readonly mac: string;
  readonly obs: Said;
  readonly how: string;
  /** Only the registry's first 24 bits are stated (a TR-069 OUI): no MAC of a smaller block. */
  readonly ouiOnly: boolean;
  /** Why this statement may send a device to review but not flag it, if so. */
  readonly capped?: string;
  /** The realm as written, when it is twelve bare hex digits (a hash could look the same). */
  readonly bareHexRealm?: string;
}

/** A MAC that can name a maker: universally administered, unicast, not all zeros. */
function usable(raw: string): string | null {
  const mac = normalizeMac(raw);
  if (mac === null || mac === '00:00:00:00:00:00') return null;
  // A multicast node is RFC 4122 §4.5's random node; a locally administered one names nobody.
  if ((Number.parseInt(mac.slice(0, 2), 16) & 0x01) !== 0 || isLocallyAdministered(mac)) return null;
  return mac;
}

/** The maker's OUI a serial states as a TR-069 device identity, as the first MAC of that OUI. */
function tr069In(serial: string, obs: Said): Stated | null {
  const oui = TR069_IDENTITY.exec(serial.trim())?.[1];
  if (oui === undefined) return null;
  const mac = usable(`${oui}000000`);
  if (mac === null) return null;
  const how = `is a TR-069 device identity (OUI-[ProductClass-]SerialNumber, TR-069 Amendment 6 §3.4.4 and A.3.3.1), whose OUI ${oui} is the maker's IEEE registry prefix`;
  // Six decimal digits are as often a date or a batch number (080205-…: 8 February 2005, or Huawei's 08:02:05).
  return /[A-F]/.test(oui) ? { mac, obs, how, ouiOnly: true } : { mac, obs, how, ouiOnly: true, capped: ' (an OUI of decimal digits only may be a date or a batch number: review at most)' };
}

/** The MAC an observation states, when it states one that can name a maker (universally administered, unicast). */
function statedIn(obs: Observation): Stated | null {
  if (SERIAL_KINDS.has(obs.kind)) return tr069In(obs.value, obs);
  let raw: string | undefined;
  let how = '';
  let capped: string | undefined;
  const realmKind = obs.kind === 'rtsp.realm' || ruleKind(obs.kind, obs.value) === 'http.realm';
  if (realmKind) {
    const realm = matchText(obs.kind, obs.value);
    if (MAC_REALM.test(realm)) raw = realm;
    how = 'is a MAC address and nothing else: the device names itself by its MAC';
    // Twelve bare decimal digits are as often a number (a serial, a date and time) as a MAC.
    if (raw !== undefined && /^\d{12}$/.test(raw)) capped = ' (twelve decimal digits may be a number rather than a MAC: review at most)';
  } else if (obs.kind === 'upnp.udn' || obs.kind === 'onvif.endpoint') {
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
  const mac = usable(raw);
  if (mac === null) return null;
  const bare = realmKind && BARE_HEX.test(raw) ? { bareHexRealm: raw } : {};
  return { mac, obs, how, ouiOnly: false, ...(capped === undefined ? {} : { capped }), ...bare };
}

/** Why a bare-hex realm's MAC may not flag: its block is no maker's that writes its MAC so, or the realm is not in that maker's layout. */
function hashLike(stated: Stated, t: MacTemplate, layouts: MacRealmLayouts): string | undefined {
  if (stated.bareHexRealm === undefined || stated.capped !== undefined) return stated.capped;
  const layout = t.display === null ? undefined : layouts.get(t.display);
  if (layout?.test(stated.bareHexRealm) === true) return undefined;
  const known = [...layouts.keys()].join(', ');
  return ` (twelve bare hex digits may be a hash or a random token; only ${known} firmware is known to write its MAC as its realm, and this realm is not in that layout: review at most)`;
}

/** What observations and the serials rules captured from them state (a captured serial is read as a TR-069 identity only). */
function statements(observations: readonly Observation[], captured: readonly Fact[]): Stated[] {
  const out: Stated[] = [];
  for (const obs of observations) {
    const stated = statedIn(obs);
    if (stated !== null) out.push(stated);
  }
  for (const fact of captured) {
    if (fact.serial === undefined || SERIAL_KINDS.has(fact.evidence.kind)) continue;
    const stated = tr069In(fact.serial, fact.evidence);
    if (stated !== null) out.push(stated);
  }
  return out;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** 1 for a statement that may flag, 0 for one capped at review: of two equally sure, the one that may flag speaks. */
const uncapped = (s: Stated): number => (s.capped === undefined ? 1 : 0);

/**
 * The stated MAC's fact, or null: none is stated, it is the MAC the device answers from, its block
 * names no maker (unknown, a module maker's, a virtual router's; for an OUI alone, a block the
 * registry splits, where the OUI does not say which holder is meant), or the device's own MAC
 * already names the same registrant. Of several, the surest, then one that may flag before one
 * capped at review, then the smallest MAC, kind, value, port and source: a total order, so the
 * fact does not depend on which observation came first.
 * `captured` are the rule facts, whose captured serials may be TR-069 identities.
 */
export function statedMacFact(
  observations: readonly Observation[],
  own: MacReading | null,
  policy: Policy,
  lookup: (mac: string) => OuiMatch | null,
  vocabulary: Vocabulary | undefined,
  captured: readonly Fact[] = [],
  layouts: MacRealmLayouts = defaultMacRealms(),
): Fact | null {
  let best: { stated: Stated; t: MacTemplate } | null = null;
  for (const candidate of statements(observations, captured)) {
    const obs = candidate.obs;
    if (candidate.mac === own?.mac) continue;
    if (candidate.ouiOnly && lookup(candidate.mac)?.block !== 'MA-L') continue;
    const t = macTemplate(candidate.mac, policy, lookup, vocabulary);
    if (t.registrant === null || t.module) continue;
    const capped = hashLike(candidate, t, layouts);
    const stated: Stated = capped === undefined || capped === candidate.capped ? candidate : { ...candidate, capped };
    if (own !== null && !own.randomized && own.registrant === t.registrant) continue;
    if (
      best === null ||
      t.certainty > best.t.certainty ||
      (t.certainty === best.t.certainty &&
        (uncapped(best.stated) - uncapped(stated) ||
          compare(stated.mac, best.stated.mac) ||
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
  const says = `The ${o.kind} ${stated.how}${stated.ouiOnly ? '' : `: ${stated.mac}`}${stated.capped ?? ''}. ${t.says}`;
  return {
    evidence:
      o.port === undefined
        ? { rule: 'oui.stated', kind: o.kind, value: o.value, source: o.source, certainty: t.certainty, says, entity: t.entity }
        : { rule: 'oui.stated', kind: o.kind, value: o.value, port: o.port, source: o.source, certainty: t.certainty, says, entity: t.entity },
    voice: 'label',
    vendor: t.display,
    ceiling: stated.capped === undefined ? t.attribution?.ceiling : 'review',
    model: undefined,
    serial: undefined,
    firmware: undefined,
    brand: undefined,
    brandKnownOnly: undefined,
  };
}
