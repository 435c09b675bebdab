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
