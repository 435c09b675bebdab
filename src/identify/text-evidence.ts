/**
 * What the maker-mention and model-family matchers read from an observation: only kinds whose
 * value is text a device wrote (not MACs, OIDs, port numbers or nmap's service names), bounded to
 * the observation cap, normalized as the rules normalize it, with URI-encoded spaces decoded
 * (ONVIF scopes say `name/HIKVISION%20DS-2CD2385G1-I`). Also whose voice such text is.
 */
import { MAX_VALUE_LENGTH, type Observation, type ObservationKind } from '../observations/observation.js';
import type { Voice } from './rule-match.js';
import { matchText } from './rules/normalize.js';

/** Kinds that carry no free text: identifiers, numbers, URLs, nmap's own service names. */
const NOT_TEXT: ReadonlySet<ObservationKind> = new Set<ObservationKind>([
  'mac',
  'alive',
  'tcp.open',
  'snmp.sysobjectid',
  'upnp.udn',
  'upnp.location',
  'onvif.endpoint',
  'mdns.service',
  'nmap.service',
]);

/**
 * Names a user or installer chooses (host names, sysName, mDNS instance names) and labels a
 * reseller can print (UPnP manufacturer, serial): what they say is a label, not the firmware
 * speaking. Every other text kind is written by the device's software (Server headers, titles,
 * sysDescr, banners, certificates, ONVIF hardware scopes).
 */
const LABEL_KINDS: ReadonlySet<ObservationKind> = new Set<ObservationKind>([
  'hostname',
  'snmp.sysname',
  'mdns.instance',
  'upnp.manufacturer',
  'upnp.serial',
]);

/**
 * Kinds whose text may describe other devices: a page body is where an NVR, a VMS, a router or a
 * NAS lists the cameras and modems it works with ("Front Door (Hikvision DS-2CD2143G0-I)", "USB
 * modem: Huawei E3372"). A maker or model read there may send the device to review, not flag it.
 */
const LISTING_KINDS: ReadonlySet<ObservationKind> = new Set<ObservationKind>(['http.body']);

/** Why a page body's reading stays at review. */
export const LISTED = ' (in a page body, which may list other devices: the cameras an NVR or VMS records, the modems a router supports)';

export function mayListOthers(kind: ObservationKind): boolean {
  return LISTING_KINDS.has(kind);
}

const ENCODED_SPACE = /%20/g;

/** The text to search, or null when the kind carries none. */
export function evidenceText(obs: Observation): string | null {
  if (NOT_TEXT.has(obs.kind)) return null;
  const text = matchText(obs.kind, obs.value.slice(0, MAX_VALUE_LENGTH));
  return text.includes('%20') ? text.replace(ENCODED_SPACE, ' ') : text;
}

export function voiceOf(kind: ObservationKind): Voice {
  return LABEL_KINDS.has(kind) ? 'label' : 'firmware';
}

/**
 * Kinds whose text often reaches us lower-cased whatever the device sent: DNS is case-insensitive
 * and DHCP servers and their watchers fold host names (AdguardTeam/AdGuardHome issue #3096;
 * home-assistant/core@4d05fe3442e9 homeassistant/components/dhcp/__init__.py matches on
 * `hostname.lower()`); mDNS instance names are often derived from them.
 */
const LOWERCASING: ReadonlySet<ObservationKind> = new Set<ObservationKind>(['hostname', 'mdns.instance']);
const UPPER = /\p{Lu}/u;

/** Whether this text is of such a kind and carries no capital letter: its case says nothing. */
export function lowerCased(kind: ObservationKind, text: string): boolean {
  return LOWERCASING.has(kind) && !UPPER.test(text);
}

