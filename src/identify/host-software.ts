/**
 * Software is not equipment, and someone else's words about a maker are not the maker's device.
 * - When the device's firmware says it runs a general-purpose operating system (a Windows sysDescr or
 *   sysObjectID, macOS's mDNS osxvers: vendors.json `role: "os"`; a Linux distribution's own packaging:
 *   mentions.json `generalPurposeHosts`), a covered maker named in its text (a mention, a model number,
 *   a firmware version in its numbering, a certificate) is that maker's software on the host (Huawei's eSight or MAS agent, a HikCentral
 *   server with its own certificate), not the maker's equipment. Linux alone is no such mark: the
 *   makers' cameras and ONTs run it.
 * - When a text names the maker in someone else's words (a note of a mention template marked
 *   `othersText`: "Mount adapter for Hikvision DS-2CD2142FWD-I", a VMS's brand list, a Home Assistant
 *   page), the model numbers and versions in that same text are theirs to name too.
 * - When an mDNS service publishes an accessory (mentions.json `accessoryServices`: a HomeKit
 *   bridge's `_hap._tcp` accessory "Hikvision DS-2CD2143G0-I Porch"), its instance name, TXT and SRV
 *   host name are a name someone chose about the bridged device, not the host's: every reading of
 *   them (rules too) is capped, and the model is not the host's.
 * Such facts keep their weight but may only send the device to review (ceiling), and the verdict
 * says why. Facts that are no text reading (a covered MAC registrant: a Huawei MateBook runs Windows
 * and is Huawei equipment; a vendor discovery answer) are untouched.
 */
import type { Observation } from '../observations/observation.js';
import type { Fact } from './facts.js';
import { defaultMentions, readsAsOthersText, type AccessoryService, type MentionSet } from './mentions.js';
import { evidenceText } from './text-evidence.js';
import type { Vocabulary } from './rules/vocabulary.js';
import type { Evidence } from './verdict.js';

/** How sure the firmware's word for the operating system must be: a named rule, not a hint. */
export const HOST_OS_CERTAINTY = 0.6;

/**
 * Text readings of a covered maker: maker mentions, model-number grammars, its firmware numbering (its
 * software's releases are numbered alike: Dahua's DSS) and its device API's names (a client or VMS on the
 * host speaks them too).
 */
const TEXT_READINGS = ['mention.', 'family.', 'version.', 'api-vocabulary.'];
const isTextReading = (f: Fact): boolean => TEXT_READINGS.some((prefix) => f.evidence.rule.startsWith(prefix));

/** A certificate is what the host's software presents: on a general-purpose host any rule reading it is that software's (a HikCentral server's O=HIKVISION). */
const CERTIFICATE_KINDS = new Set(['tls.subject', 'tls.issuer']);
const isHostSoftwareReading = (f: Fact): boolean => isTextReading(f) || CERTIFICATE_KINDS.has(f.evidence.kind);

/** Whether the device's own text bears a mark of a general-purpose host (a distribution's OpenSSH or web server). */
function generalPurposeMark(observations: readonly Observation[], mentions: MentionSet): boolean {
  return observations.some((o) => {
    const marks = mentions.generalPurposeHosts.get(o.kind);
    if (marks === undefined) return false;
    const text = evidenceText(o);
    return text !== null && marks.some((m) => m.test(text));
  });
}

const sameText = (a: Evidence, b: Evidence): boolean => a.kind === b.kind && a.value === b.value && a.port === b.port && a.source === b.source;

const TXT_KEY = /(?:^|; )([^=;]{1,9})=/g;

function txtKeys(txt: string): Set<string> {
  return new Set(Array.from(txt.matchAll(TXT_KEY), (m) => m[1]!.toLowerCase()));
}

/** Where an accessory service was heard: its source and port, which its instance, TXT and SRV host share (mdns-probe.ts serviceFacts). */
const at = (o: { readonly source: string; readonly port?: number | undefined }): string => `${o.source}\u0000${o.port ?? ''}`;

/** The (source, port) places of the observations that announce an accessory service (its type, or its TXT keys when the type went unheard), each with the first such service in file order. */
function accessoryPlaces(observations: readonly Observation[], services: readonly AccessoryService[]): Map<string, AccessoryService> {
  const places = new Map<string, AccessoryService>();
  if (services.length === 0) return places;
  for (const o of observations) {
    if (o.kind !== 'mdns.service' && o.kind !== 'mdns.txt') continue;
    const keys = o.kind === 'mdns.txt' ? txtKeys(o.value) : undefined;
    const service = services.find((s) =>
      keys === undefined ? s.type.toLowerCase() === o.value.toLowerCase() : s.txtKeys.every((k) => keys.has(k.toLowerCase())),
    );
    const known = places.get(at(o));
    if (service !== undefined && (known === undefined || services.indexOf(service) < services.indexOf(known))) places.set(at(o), service);
  }
  return places;
}

const ACCESSORY_KINDS = new Set(['mdns.instance', 'mdns.txt', 'hostname']);

/** Whether any cap below could change this fact: a covered maker's reading in an accessory's name, or an uncapped host-software reading. */
function mayBeCapped(f: Fact): boolean {
  return f.evidence.entity !== null && (ACCESSORY_KINDS.has(f.evidence.kind) || (f.ceiling === undefined && isHostSoftwareReading(f)));
}

/** The facts, with covered-maker text readings capped at review on a general-purpose host, in someone else's text or in an accessory's name; the same array when none is. */
export function capSoftwareOnHost(
  facts: readonly Fact[],
  observations: readonly Observation[],
  vocabulary: Vocabulary,
  mentions: MentionSet = defaultMentions(),
): readonly Fact[] {
  // Most devices have no fact a cap could change: skip the scans of their observations below.
  if (!facts.some(mayBeCapped)) return facts;
  const host =
    facts.some((f) => f.voice === 'firmware' && f.vendor !== null && f.evidence.certainty >= HOST_OS_CERTAINTY && vocabulary.get(f.vendor)?.role === 'os') ||
    generalPurposeMark(observations, mentions);
  const othersTexts = facts.filter((f) => f.evidence.certainty === 0 && readsAsOthersText(f.evidence.rule, mentions)).map((f) => f.evidence);
  const accessories = accessoryPlaces(observations, mentions.accessoryServices);
  if (!host && othersTexts.length === 0 && accessories.size === 0) return facts;
  return facts.map((f) => {
    if (f.evidence.entity === null) return f;
    const accessory = ACCESSORY_KINDS.has(f.evidence.kind) ? accessories.get(at(f.evidence)) : undefined;
    if (accessory !== undefined) {
      const says = `${f.evidence.says} This text names ${accessory.description}, not the host itself.`;
      return { ...f, ceiling: 'review' as const, model: undefined, evidence: { ...f.evidence, says } };
    }
    if (f.ceiling !== undefined) return f;
    if (host && isHostSoftwareReading(f)) return { ...f, ceiling: 'review' as const };
    return isTextReading(f) && othersTexts.some((text) => sameText(text, f.evidence)) ? { ...f, ceiling: 'review' as const } : f;
  });
}
