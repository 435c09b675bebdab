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

/**
 * Device-information answers: a document whose root states the answering device's own model in
 * its own field, beside fields only the device itself has (serial, firmware, IMEI). A model read
 * there is the device's, not a listed one's. The root and the sibling are both required: an NVR's
 * /ISAPI/ContentMgmt/InputProxy/channels gives each camera a <model>, <serialNumber> and
 * <firmwareVersion> too, one level down inside <InputProxyChannel>, and a HiLink host list names
 * phones in <HostName>.
 */
interface OwnDocument {
  /** The root element, as the firmware spells it. */
  readonly root: string;
  /** Direct children that state the device's own model (lower case: compared without case). */
  readonly own: ReadonlySet<string>;
  /** Direct children only the device itself states; at least one must stand beside the model. */
  readonly siblings: ReadonlySet<string>;
}

const OWN_DOCUMENTS: readonly OwnDocument[] = [
  // Hikvision ISAPI /ISAPI/System/deviceInfo (maciej-or/hikvision_next@b1dc1b9477ab
  // tests/fixtures/ISAPI/System.deviceInfo/ipc.xml) and the PSIA DeviceInfo it grew from, in any
  // namespace: OEM firmwares and older PSIA ones do not use Hikvision's.
  {
    root: 'DeviceInfo',
    own: new Set(['model']),
    siblings: new Set(['serialnumber', 'firmwareversion', 'macaddress', 'deviceid', 'hardwareversion', 'encoderversion']),
  },
  // Huawei HiLink api/device/information and api/device/basic_information (Salamek/huawei-lte-api@10f4d7353086
  // huawei_lte_api/api/Device.py; https://github.com/trackIT-Systems/tsOS-vhf/issues/3): every answer is a
  // <response>, so the device's own DeviceName needs its serial, IMEI, versions or product family beside it.
  {
    root: 'response',
    own: new Set(['devicename']),
    siblings: new Set(['serialnumber', 'imei', 'hardwareversion', 'softwareversion', 'webuiversion', 'macaddress1', 'productfamily', 'classify']),
  },
];

/**
 * Dahua magicBox answers (rroller/dahua@5350331688af custom_components/dahua/client.py): getSystemInfo's
 * bare key=value lines (deviceType beside serialNumber) and getDeviceType's single `type=` line. A
 * configuration table (table.RemoteDevice…, an NVR's cameras) has dotted keys and is not read. The
 * probe stores line breaks as '.', and may prefix the path.
 */
interface OwnLines {
  /** The answer's first line (after the probe's `path: ` prefix, if any) is a bare key. */
  readonly begins: RegExp;
  /** The own field; its `own` group is the model (pattern with the d flag, for its indices). */
  readonly own: RegExp;
  /** A field only the device states, beside it; absent when the answer is that one line. */
  readonly sibling?: RegExp;
}

const PATH_PREFIX = String.raw`^(?:/[\x21-\x7e]{1,120}: )?`;

const OWN_LINES: readonly OwnLines[] = [
  {
    begins: new RegExp(`${PATH_PREFIX}[a-zA-Z]\\w{0,40}=`),
    own: /(?<=^|[\n.]|: )deviceType=(?<own>[A-Za-z][\w/-]{1,47})/d,
    sibling: /(?<=^|[\n.]|: )serialNumber=[0-9A-Za-z]{6,32}/,
  },
  {
    begins: new RegExp(`${PATH_PREFIX}type=`),
    own: new RegExp(`${PATH_PREFIX}type=(?<own>[A-Za-z][\\w/-]{1,47})[\\s.]*$`, 'd'),
  },
];

const TAG = /<(\/?)([A-Za-z_][\w.-]{0,63})\b[^<>]{0,300}?(\/?)>/g;

/** [start, end) of each value the document states in its own model field. */
function ownSpans(text: string): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  for (const lines of OWN_LINES) {
    if (!lines.begins.test(text) || lines.sibling?.test(text) === false) continue;
    const own = lines.own.exec(text)?.indices?.groups?.['own'];
    if (own !== undefined) spans.push(own);
  }
  for (const doc of OWN_DOCUMENTS) {
    const open = text.indexOf(`<${doc.root}`);
    if (open < 0) continue;
    const close = text.indexOf(`</${doc.root}>`, open);
    const candidates: Array<readonly [number, number]> = [];
    let sibling = false;
    let depth = -1;
    let opened: { readonly name: string; readonly at: number } | undefined;
    TAG.lastIndex = open;
    for (let tag = TAG.exec(text); tag !== null && (close < 0 || tag.index < close); tag = TAG.exec(text)) {
      const [, closing, name, selfClosing] = tag;
      if (depth < 0) {
        // The root's own open tag (not <responseX>): what follows are its children.
        if (closing !== '' || name !== doc.root) break;
        depth = 0;
        continue;
      }
      const lower = name!.toLowerCase();
      if (closing === '') {
        if (selfClosing === '') {
          if (depth === 0) opened = { name: lower, at: tag.index + tag[0].length };
          depth += 1;
        }
        continue;
      }
      depth -= 1;
      if (depth < 0) break;
      if (depth === 0 && opened?.name === lower) {
        if (doc.own.has(lower)) candidates.push([opened.at, tag.index]);
        if (doc.siblings.has(lower) && tag.index > opened.at) sibling = true;
      }
      opened = undefined;
    }
    if (sibling) spans.push(...candidates);
  }
  return spans;
}

let memo: { readonly text: string; readonly spans: Array<readonly [number, number]> } | undefined;

/**
 * Whether a reading at [start, end) of this kind's text may be about another device: anywhere in a
 * page body, except inside the own model field of a device-information answer.
 */
export function mayListOthers(kind: ObservationKind, text?: string, start = 0, end = start): boolean {
  if (!LISTING_KINDS.has(kind)) return false;
  if (text === undefined) return true;
  // The matchers ask once per reading of the same text: compute its spans once.
  if (memo?.text !== text) memo = { text, spans: ownSpans(text) };
  return !memo.spans.some(([from, to]) => start >= from && end <= to);
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

