/**
 * What the maker-mention and model-family matchers read from an observation: only kinds whose
 * value is text a device wrote (not MACs, OIDs, port numbers or nmap's service names), bounded to
 * the observation cap, normalized as the rules normalize it, with its escapes decoded (readable-text.ts:
 * ONVIF scopes say `name/HIKVISION%20DS-2CD2385G1-I`, pages `DS&#45;2CD…`). Also whose voice such text is.
 */
import { z } from 'zod';
import { MAX_PROBE_PATH, MAX_VALUE_LENGTH, type Observation, type ObservationKind } from '../observations/observation.js';
import { compilePattern } from './oui-data-file.js';
import type { Voice } from './rule-match.js';
import { readableText } from './readable-text.js';
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
 * Device-information answers (oui/mentions.json `ownAnswers`): a document whose root states the
 * answering device's own model in its own field, beside fields only the device itself has (serial,
 * firmware, IMEI), or a magicBox-style key=value answer. A model read there is the device's, not a
 * listed one's: an NVR's camera channels carry <model> and <serialNumber> too, one level down.
 * An example names the value its own field holds; a counter-example holds none.
 */
const ownExample = z.object({ value: z.string().min(1), own: z.string().min(1), source: z.string().min(1) }).strict();
const ownCounterExample = z.object({ value: z.string().min(1), source: z.string().min(1) }).strict();

const ownDocumentSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    description: z.string().min(1),
    /** The root element, as the firmware spells it. */
    root: z.string().regex(/^[A-Za-z_][\w.-]{0,63}$/),
    /** Direct children of the root that state the device's own model (compared without case). */
    own: z.array(z.string().min(1)).min(1),
    /** Direct children only the device itself states; at least one must stand beside the model. */
    siblings: z.array(z.string().min(1)).min(1),
    source: z.string().min(1),
    examples: z.array(ownExample).min(1),
    counterExamples: z.array(ownCounterExample).default([]),
  })
  .strict();

const ownLinesSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    description: z.string().min(1),
    /** The answer's beginning (after the vendor-path probe's `path: ` prefix, which is allowed). */
    begins: z.string().min(1),
    /** The own field; its `own` group is the model. */
    own: z.string().min(1),
    /** A field only the device states, beside it; absent when the answer is that one line. */
    sibling: z.string().min(1).optional(),
    source: z.string().min(1),
    examples: z.array(ownExample).min(1),
    counterExamples: z.array(ownCounterExample).default([]),
  })
  .strict();

export const ownAnswersSchema = z
  .object({
    $comment: z.string().optional(),
    documents: z.array(ownDocumentSchema).default([]),
    lines: z.array(ownLinesSchema).default([]),
  })
  .strict();

export type OwnAnswersSpec = z.infer<typeof ownAnswersSchema>;

interface OwnDocument {
  readonly root: string;
  readonly own: ReadonlySet<string>;
  readonly siblings: ReadonlySet<string>;
}

interface OwnLines {
  readonly begins: RegExp;
  readonly own: RegExp;
  readonly sibling: RegExp | undefined;
}

/** The compiled ownAnswers section; oui/mentions.json carries it, so the mention set loads it (mentions.ts). */
export interface OwnAnswers {
  readonly documents: readonly OwnDocument[];
  readonly lines: readonly OwnLines[];
}

/** The vendor-path probe stores `path: excerpt`; an answer may begin after such a prefix. */
export const PATH_PREFIX = String.raw`^(?:/[\x21-\x7e]{0,${MAX_PROBE_PATH - 1}}: )?`;

/** Checks and compiles the ownAnswers section; returns every problem. */
export function buildOwnAnswers(raw: unknown): { ownAnswers: OwnAnswers | undefined; problems: string[] } {
  const parsed = ownAnswersSchema.safeParse(raw ?? {});
  if (!parsed.success) return { ownAnswers: undefined, problems: parsed.error.issues.map((i) => `ownAnswers.${i.path.join('.')}: ${i.message}`) };
  const problems: string[] = [];
  const lower = (names: readonly string[]) => new Set(names.map((n) => n.toLowerCase()));
  const documents = parsed.data.documents.map((d) => ({ root: d.root, own: lower(d.own), siblings: lower(d.siblings) }));
  const lines: OwnLines[] = [];
  for (const spec of parsed.data.lines) {
    const where = `mentions.json: ownAnswers ${spec.id}`;
    const begins = compilePattern(`${PATH_PREFIX}(?:${spec.begins})`, 'u', `${where} begins`, problems);
    const own = compilePattern(spec.own, 'du', `${where} own`, problems);
    const sibling = spec.sibling === undefined ? undefined : compilePattern(spec.sibling, 'u', `${where} sibling`, problems);
    if (own !== undefined && !own.source.includes('(?<own>')) problems.push(`${where}: own needs an (?<own>…) group`);
    if (begins !== undefined && own !== undefined && (spec.sibling === undefined || sibling !== undefined)) lines.push({ begins, own, sibling });
  }
  return { ownAnswers: { documents, lines }, problems };
}

/** What may stand before a document's root: the probe's path prefix, white space or stored line breaks, an XML declaration, processing instructions, comments. */
const PROLOG = new RegExp(String.raw`${PATH_PREFIX}(?:[\s.]|<\?[^<>]{0,300}\?>|<!--(?:(?!-->)[^]){0,300}-->)*`, 'u');

const TAG = /<(\/?)([A-Za-z_][\w.-]{0,63})\b[^<>]{0,300}?(\/?)>/g;

/**
 * [start, end) of each value the document states in its own model field. Read by hand, not by an XML
 * parser: a stored body is a bounded excerpt, often cut mid-document, which a parser would refuse.
 */
function ownSpans(text: string, answers: OwnAnswers): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  for (const lines of answers.lines) {
    if (!lines.begins.test(text) || lines.sibling?.test(text) === false) continue;
    const own = lines.own.exec(text)?.indices?.groups?.['own'];
    if (own !== undefined) spans.push(own);
  }
  // Only the document's root is read: a <DeviceInfo> or <response> inside a list is a listed device's.
  const root = PROLOG.exec(text)![0].length;
  for (const doc of answers.documents) {
    if (!text.startsWith(`<${doc.root}`, root)) continue;
    const open = root;
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

let memo: { readonly text: string; readonly answers: OwnAnswers; readonly spans: Array<readonly [number, number]> } | undefined;

/**
 * Whether a reading at [start, end) of this kind's text may be about another device: anywhere in a
 * page body, except inside the own model field of a device-information answer.
 */
export function mayListOthers(kind: ObservationKind, answers: OwnAnswers, text?: string, start = 0, end = start): boolean {
  if (!LISTING_KINDS.has(kind)) return false;
  if (text === undefined) return true;
  // The matchers ask once per reading of the same text: compute its spans once.
  if (memo?.text !== text || memo.answers !== answers) memo = { text, answers, spans: ownSpans(text, answers) };
  return !memo.spans.some(([from, to]) => start >= from && end <= to);
}

/** The values a text states in its own model fields, as these ownAnswers read them: for tests. */
export function ownFieldValues(text: string, answers: OwnAnswers): string[] {
  return ownSpans(text, answers).map(([from, to]) => text.slice(from, to));
}

let lastRead: { readonly kind: ObservationKind; readonly value: string; readonly text: string } | undefined;

/** The text to search, or null when the kind carries none; its escapes decoded (readable-text.ts). */
export function evidenceText(obs: Observation): string | null {
  if (NOT_TEXT.has(obs.kind)) return null;
  // Every reader asks for the same observation's text in turn: decode a 64 KB page once.
  if (lastRead?.value === obs.value && lastRead.kind === obs.kind) return lastRead.text;
  const readable = readableText(matchText(obs.kind, obs.value.slice(0, MAX_VALUE_LENGTH)));
  lastRead = { kind: obs.kind, value: obs.value, text: readable };
  return readable;
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

