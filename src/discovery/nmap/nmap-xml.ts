/**
 * nmap XML → observations. Used on nmap's live output and by `lanaudit import`, so it takes any
 * nmap XML: with or without -sV/-O, hosts down, IPv6 hosts (skipped: lanaudit is IPv4). The XML
 * parser runs with entity processing off and never sees a DTD (hosts are cut out of the document
 * first); the five XML entities and character references are decoded here.
 */
import { XMLParser } from 'fast-xml-parser';
import { boundValue, normalizeMac, type Observation } from '../../observations/observation.js';
import { parseIpv4 } from '../../scope/index.js';
import { HostSplitter } from './host-splitter.js';
import { decodeCharReferences } from '../../util/char-references.js';

export interface NmapParseOptions {
  /** Time for observations of hosts without an endtime (nmap -sn writes none); default now. */
  readonly at?: string;
  /** A host element that could not be parsed, or an oversize one, was skipped. */
  readonly onWarning?: (message: string) => void;
}

const ARRAY_TAGS = new Set(['host', 'address', 'hostname', 'port', 'osmatch']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  processEntities: false,
  htmlEntities: false,
  parseAttributeValue: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => ARRAY_TAGS.has(name),
});

/**
 * How nmap's status reasons read as an 'alive' value, in the words the native engine uses.
 * "user-set" (-Pn) is absent on purpose: it means nmap assumed the host up, not that it answered.
 */
const ALIVE_REASONS: Readonly<Record<string, string>> = {
  'arp-response': 'arp',
  'echo-reply': 'icmp',
  'timestamp-reply': 'icmp',
  'netmask-reply': 'icmp',
  'port-unreach': 'icmp',
  reset: 'tcp-rst',
  'conn-refused': 'tcp-rst',
  'syn-ack': 'tcp-syn-ack',
  'udp-response': 'udp',
  'localhost-response': 'localhost',
};
const ASSUMED_UP = 'user-set';

type Node = Readonly<Record<string, unknown>>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(node: Node, name: string): Node | undefined {
  const value = node[name];
  return isNode(value) ? value : undefined;
}

function children(node: Node | undefined, name: string): Node[] {
  const value = node?.[name];
  return Array.isArray(value) ? value.filter(isNode) : [];
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined XML entities and character references; anything else stays as written. */
export function decodeXmlText(text: string): string {
  return decodeCharReferences(text, { keep: () => true, named: ENTITIES });
}

function attr(node: Node | undefined, name: string): string | undefined {
  const value = node?.[`@${name}`];
  return typeof value === 'string' ? decodeXmlText(value) : undefined;
}

function portNumber(text: string | undefined): number | null {
  if (text === undefined || !/^[0-9]{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

/** nmap's endtime (Unix seconds) as ISO 8601, when it is a sane one. */
function hostTime(host: Node): string | undefined {
  const seconds = Number(attr(host, 'endtime') ?? attr(host, 'starttime'));
  if (!Number.isSafeInteger(seconds) || seconds <= 0) return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function mapHost(host: Node, defaultAt: string): Observation[] {
  if (attr(child(host, 'status'), 'state') !== 'up') return [];
  const addresses = children(host, 'address');
  const ip = addresses.map((a) => attr(a, 'addr')).find((addr, i) => {
    return attr(addresses[i], 'addrtype') === 'ipv4' && addr !== undefined && parseIpv4(addr) !== null;
  });
  if (ip === undefined) return [];

  const at = hostTime(host) ?? defaultAt;
  const out: Observation[] = [];
  const add = (kind: Observation['kind'], value: string, extra: { port?: number; mac?: string } = {}): void => {
    const bounded = boundValue(value.trim());
    if (bounded !== '') out.push({ ip, kind, value: bounded, source: 'nmap', at, ...extra });
  };

  // Only the MAC itself: nmap's vendor attribute is its own OUI guess, and identity is decided elsewhere.
  for (const address of addresses) {
    const mac = attr(address, 'addrtype') === 'mac' ? normalizeMac(attr(address, 'addr') ?? '') : null;
    if (mac !== null) add('mac', mac, { mac });
  }

  const reason = attr(child(host, 'status'), 'reason') ?? '';
  if (reason !== ASSUMED_UP) add('alive', ALIVE_REASONS[reason] ?? (reason || 'nmap'));

  for (const hostname of children(child(host, 'hostnames'), 'hostname')) {
    const name = attr(hostname, 'name');
    if (name !== undefined) add('hostname', name);
  }

  for (const port of children(child(host, 'ports'), 'port')) {
    const number = portNumber(attr(port, 'portid'));
    if (number === null || attr(port, 'protocol') !== 'tcp' || attr(child(port, 'state'), 'state') !== 'open') continue;
    add('tcp.open', String(number), { port: number });
    const service = child(port, 'service');
    // A "table" service is nmap's guess from the port number alone (no -sV): not an observation.
    if (service === undefined || attr(service, 'method') === 'table') continue;
    const name = attr(service, 'name');
    if (name !== undefined) add('nmap.service', name, { port: number });
    const product = ['product', 'version', 'extrainfo']
      .map((field) => attr(service, field)?.trim() ?? '')
      .filter((part) => part !== '')
      .join(' ');
    add('nmap.product', product, { port: number });
  }

  // osmatch elements come best first.
  const os = attr(children(child(host, 'os'), 'osmatch')[0], 'name');
  if (os !== undefined) add('nmap.os', os);
  return out;
}

/**
 * Observations from one `<host>…</host>` element, or from a `<hosthint>` (the address and MAC of a
 * host found up, written with -v before its port scan); [] for hosts down, IPv6-only hosts and
 * unparsable text.
 */
export function parseNmapHost(xml: string, options: NmapParseOptions = {}): Observation[] {
  let parsed: unknown;
  try {
    parsed = parser.parse(xml);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    options.onWarning?.(`nmap XML: skipped a <host> element that could not be parsed (${why.slice(0, 200)})`);
    return [];
  }
  const host = isNode(parsed) ? (children(parsed, 'host')[0] ?? child(parsed, 'hosthint')) : undefined;
  if (host === undefined) {
    options.onWarning?.('nmap XML: skipped a <host> element that could not be parsed');
    return [];
  }
  return mapHost(host, options.at ?? new Date().toISOString());
}

/** Observations from a whole nmap XML document (or a truncated one: every complete host counts). */
export function parseNmapXml(xml: string, options: NmapParseOptions = {}): Observation[] {
  const out: Observation[] = [];
  const at = options.at ?? new Date().toISOString();
  const splitter = new HostSplitter({
    onHost: (host) => {
      // Not out.push(...found): a host with tens of thousands of ports overflows the call stack.
      for (const obs of parseNmapHost(host, { ...options, at })) out.push(obs);
    },
    onOversize: (chars) => options.onWarning?.(`nmap XML: skipped a <host> element of ${chars} characters`),
  });
  splitter.push(xml);
  return out;
}
