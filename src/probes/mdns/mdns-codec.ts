/**
 * DNS-SD over mDNS (RFC 6762, RFC 6763): the browse query, and the services a response packet
 * describes (PTR → instance, SRV → host and port, TXT → key=value strings, A → addresses).
 * Wire encoding is dns-packet's; assembling records into services is done here because
 * instance names may contain dots (RFC 6763 §4.3) and TXT strings must stay as the device sent them.
 */
import dnsPacket from 'dns-packet';

export const MDNS_GROUP = '224.0.0.251';
export const MDNS_PORT = 5353;
/** RFC 6762 §17: a packet is at most 9000 bytes. */
export const MAX_MDNS_PACKET = 9000;

export interface MdnsService {
  /** The instance label(s), without the service type: "HIKVISION DS-2CD2722FWD-IZS - 733050075". */
  readonly instance: string;
  /** "_CGI._tcp" (no ".local"). */
  readonly type: string;
  /** SRV target ("DS-2CD…733050075.local"), when the packet carries it. */
  readonly host: string | null;
  readonly port: number | null;
  /** TXT strings as sent ("path=/"), empty ones dropped. */
  readonly txt: readonly string[];
  /** IPv4 addresses of `host` from A records in the same packet. */
  readonly addresses: readonly string[];
}

export type MdnsParse =
  | { readonly ok: true; readonly services: readonly MdnsService[] }
  | { readonly ok: false; readonly reason: string };

/** Records read per packet and services kept per packet: a 9000-byte packet holds fewer anyway. */
const MAX_RECORDS = 512;
const MAX_SERVICES = 64;
const MAX_TXT_STRINGS = 64;
const SERVICE_NAME = /^(_[^.]{1,63}\._(?:tcp|udp))\.local\.?$/i;

/** One query with a PTR question per service type ("_http._tcp" → "_http._tcp.local"). */
export function encodeBrowseQuery(types: readonly string[]): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id: 0, // RFC 6762 §18.1: multicast queries carry ID 0
    flags: 0,
    questions: types.map((t) => ({ type: 'PTR' as const, class: 'IN' as const, name: `${t}.local` })),
  });
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

interface LooseRecord {
  readonly type: unknown;
  readonly name: unknown;
  readonly ttl?: unknown;
  readonly data?: unknown;
}

function isRecord(r: unknown): r is LooseRecord {
  return !!r && typeof r === 'object' && typeof (r as LooseRecord).name === 'string';
}

function txtStrings(data: unknown): string[] {
  const parts = Array.isArray(data) ? data : [data];
  return parts
    .slice(0, MAX_TXT_STRINGS)
    .map((p) => (Buffer.isBuffer(p) ? p.toString('utf8') : typeof p === 'string' ? p : ''))
    .filter((s) => s.length > 0);
}

/** The services a decoded response describes; goodbyes (TTL 0) and non-service PTRs are skipped. */
export function servicesOf(packet: { readonly answers?: unknown; readonly additionals?: unknown }): MdnsService[] {
  const list = (x: unknown) => (Array.isArray(x) ? (x as unknown[]) : []);
  const records = [...list(packet.answers), ...list(packet.additionals)].slice(0, MAX_RECORDS).filter(isRecord);
  const services: MdnsService[] = [];
  const seen = new Set<string>();
  for (const ptr of records) {
    if (services.length >= MAX_SERVICES) break;
    if (ptr.type !== 'PTR' || typeof ptr.data !== 'string' || ptr.ttl === 0) continue;
    const typeMatch = SERVICE_NAME.exec(ptr.name as string);
    if (!typeMatch?.[1]) continue;
    const fqdn = ptr.data;
    const suffix = `.${(ptr.name as string).replace(/\.$/, '')}`;
    if (fqdn.length <= suffix.length || !same(fqdn.slice(-suffix.length), suffix) || seen.has(fqdn.toLowerCase())) continue;
    seen.add(fqdn.toLowerCase());
    const srv = records.find((r) => r.type === 'SRV' && same(r.name as string, fqdn))?.data as { target?: unknown; port?: unknown } | undefined;
    const host = typeof srv?.target === 'string' ? srv.target : null;
    const txt = records.filter((r) => r.type === 'TXT' && same(r.name as string, fqdn)).flatMap((r) => txtStrings(r.data));
    const addresses = host
      ? [...new Set(records.filter((r) => r.type === 'A' && same(r.name as string, host) && typeof r.data === 'string').map((r) => r.data as string))]
      : [];
    services.push({
      instance: fqdn.slice(0, -suffix.length),
      type: typeMatch[1],
      host,
      port: typeof srv?.port === 'number' ? srv.port : null,
      txt: txt.slice(0, MAX_TXT_STRINGS),
      addresses,
    });
  }
  return services;
}

/** Decodes one datagram; queries (ours or others') describe nothing and give an empty list. */
export function parseMdnsPacket(data: Buffer): MdnsParse {
  if (data.length > MAX_MDNS_PACKET) return { ok: false, reason: `packet over ${MAX_MDNS_PACKET} bytes` };
  let packet: dnsPacket.Packet;
  try {
    packet = dnsPacket.decode(data);
  } catch (error) {
    return { ok: false, reason: `not a DNS packet (${error instanceof Error ? error.message : 'undecodable'})` };
  }
  if (packet.type !== 'response') return { ok: true, services: [] };
  return { ok: true, services: servicesOf(packet) };
}
