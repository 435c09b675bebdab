/**
 * What nmap's XML output says, for the bench: hosts up (with a MAC or not) and, for -sV, which
 * hosts' service strings name a covered maker. A maker counts when one of its names from
 * oui/covered-entities.json (entity display name, subsidiaries' and registrants' display names)
 * appears as a word in the host's product, version, extrainfo, devicetype, ostype or hostname
 * fields (nmap's own MAC vendor is left out: that is the OUI, not the service fingerprint).
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';

export interface NmapHost {
  readonly ip: string;
  readonly mac: string | null;
  /** Every service string nmap printed for the host, joined. */
  readonly serviceText: string;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['host', 'address', 'port', 'hostname'].includes(name), processEntities: false });

type Node = Record<string, unknown>;
const nodes = (x: unknown): Node[] => (Array.isArray(x) ? (x as Node[]) : x && typeof x === 'object' ? [x as Node] : []);
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

export function parseNmapHosts(xml: string): NmapHost[] {
  const root = parser.parse(xml) as Node;
  const run = nodes(root['nmaprun'])[0] ?? {};
  return nodes(run['host'])
    .filter((h) => str(nodes(h['status'])[0]?.['state']) === 'up')
    .map((h) => {
      const addresses = nodes(h['address']);
      const ip = str(addresses.find((a) => a['addrtype'] === 'ipv4')?.['addr']);
      const mac = addresses.find((a) => a['addrtype'] === 'mac')?.['addr'];
      const services = nodes(nodes(h['ports'])[0]?.['port']).flatMap((p) => nodes(p['service']));
      const fields = services.flatMap((s) => ['product', 'version', 'extrainfo', 'devicetype', 'ostype', 'hostname'].map((f) => str(s[f])));
      const names = nodes(nodes(h['hostnames'])[0]?.['hostname']).map((n) => str(n['name']));
      return { ip, mac: typeof mac === 'string' ? mac.toLowerCase() : null, serviceText: [...fields, ...names].filter(Boolean).join(' | ') };
    });
}

interface EntityNames {
  readonly id: string;
  readonly names: readonly string[];
}

function coveredNames(): EntityNames[] {
  const policy = JSON.parse(readFileSync(new URL('../../oui/covered-entities.json', import.meta.url), 'utf8')) as {
    entities: { id: string; displayName: string; registrants?: { display?: string }[]; subsidiaries?: { display?: string; name?: string }[] }[];
  };
  return policy.entities.map((e) => ({
    id: e.id,
    names: [...new Set([e.displayName, ...(e.registrants ?? []).map((r) => r.display ?? ''), ...(e.subsidiaries ?? []).map((s) => s.display ?? '')].flatMap((n) => n.split('/').map((part) => part.trim())).filter((n) => n.length >= 3))],
  }));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The covered entity each host's service strings name (first match), by IP. */
export function nmapCoveredByIp(hosts: readonly NmapHost[]): Map<string, string> {
  const matchers = coveredNames().map((e) => ({ id: e.id, re: new RegExp(`\\b(?:${e.names.map(escape).join('|')})\\b`, 'i') }));
  const out = new Map<string, string>();
  for (const h of hosts) {
    const hit = matchers.find((m) => m.re.test(h.serviceText));
    if (hit) out.set(h.ip, hit.id);
  }
  return out;
}
