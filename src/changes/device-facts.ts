import { matchObservation } from '../identify/rules/match.js';
import type { LabelFact } from '../inventory/device-labels.js';
import type { Observation, ObservationKind } from '../observations/observation.js';

/**
 * What one scan says about one device, reduced to what change tracking compares and to the
 * identity keys that show a rotated (randomized) MAC is a device already known.
 */
export interface DeviceFacts {
  readonly hostnames: Set<string>;
  readonly ports: Set<number>;
  /** Firmware versions the fingerprint rules read from this scan's replies. */
  readonly firmware: Set<string>;
  /** "kind:value" keys naming the device itself rather than its address (see KEY_WEIGHT). */
  readonly keys: Set<string>;
  /** This scan's placements by the switches ('location' facts), all of one scan. */
  readonly locations: LabelFact[];
}

/**
 * How strongly a shared key says two MACs are one device. Serial numbers and UPnP UDNs are the
 * device's own; an mDNS instance name is chosen per device; a host name can repeat ("iPhone").
 */
const KEY_WEIGHT = { serial: 4, udn: 4, mdns: 2, hostname: 1 } as const;
type KeyType = keyof typeof KEY_WEIGHT;

/** Names every unconfigured host answers to: they say nothing about which device it is. */
const ANONYMOUS_NAMES = new Set(['localhost', 'localhost.localdomain']);

/** Observation kinds whose value is itself an identity key, and the key's type. */
const KEY_KINDS: Partial<Record<ObservationKind, KeyType>> = {
  hostname: 'hostname',
  'snmp.sysname': 'hostname',
  'mdns.instance': 'mdns',
  'upnp.serial': 'serial',
  'upnp.udn': 'udn',
};

export function emptyFacts(): DeviceFacts {
  return { hostnames: new Set(), ports: new Set(), firmware: new Set(), keys: new Set(), locations: [] };
}

/** Host names compare without case, trailing dot or mDNS ".local": "Johns-iPhone.local." is "johns-iphone". */
export function normalizeName(text: string): string {
  return text.trim().toLowerCase().replace(/\.$/, '').replace(/\.local$/, '');
}

/** Adds one observation's contribution to `facts`. Serials and firmware come from the fingerprint rules' captures (data in oui/rules). */
export function addFact(facts: DeviceFacts, obs: Observation): void {
  const value = obs.value.trim();
  if (value === '') return;
  if (obs.kind === 'hostname') facts.hostnames.add(value);
  if (obs.kind === 'tcp.open' && obs.port !== undefined) facts.ports.add(obs.port);
  // One scan: scanId 0 for all, so the placement rule compares confidence, not sightings.
  if (obs.kind === 'location') facts.locations.push({ kind: obs.kind, source: obs.source, value: obs.value, at: obs.at, scanId: 0 });
  const keyType = KEY_KINDS[obs.kind];
  if (keyType !== undefined) {
    const key = keyType === 'hostname' ? normalizeName(value) : value.toLowerCase();
    if (key !== '' && !ANONYMOUS_NAMES.has(key)) facts.keys.add(`${keyType}:${key}`);
  }
  for (const match of matchObservation(obs)) {
    if (match.serial !== undefined && match.serial.trim() !== '') facts.keys.add(`serial:${match.serial.trim().toLowerCase()}`);
    if (match.firmware !== undefined && match.firmware.trim() !== '') facts.firmware.add(match.firmware.trim());
  }
}

export function factsOf(observations: Iterable<Observation>): DeviceFacts {
  const facts = emptyFacts();
  for (const obs of observations) addFact(facts, obs);
  return facts;
}

/** Sum of the weights of the keys two devices share. */
export function linkScore(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let score = 0;
  for (const key of a) if (b.has(key)) score += weightOf(key);
  return score;
}

function weightOf(key: string): number {
  const type = key.slice(0, key.indexOf(':'));
  return type in KEY_WEIGHT ? KEY_WEIGHT[type as KeyType] : 0;
}
