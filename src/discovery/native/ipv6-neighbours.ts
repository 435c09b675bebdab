/**
 * IPv6 hosts on the attached segments: one ICMPv6 echo to all nodes (ff02::1) per interface in
 * scope, from its link-local address and from each global one, after which every host that
 * answered sits in the kernel's neighbour table (to reply it resolved us with a Neighbor
 * Solicitation, which creates our entry for it: RFC 4861 §7.2.3). The echo is `ping`'s, whose
 * ICMP socket needs no privilege (a raw socket would need CAP_NET_RAW, which lanaudit does not
 * ask for). A host is matched to its IPv4 self by MAC: one device, both families.
 */
import { execFile } from 'node:child_process';
import { isIPv6 } from 'node:net';
import { normalizeMac } from '../../observations/observation.js';

export interface Ipv6Neighbour {
  /** As `ip` prints it (compressed, lower case); link-local ones carry no zone. */
  readonly ip: string;
  readonly mac: string;
  readonly dev: string;
}

const RESOLVED = new Set(['REACHABLE', 'STALE', 'DELAY', 'PROBE', 'PERMANENT']);
/** Entries read at most: a segment's worth, never a flood's. */
const MAX_ENTRIES = 65_536;

/** Resolved entries of `ip -6 -j neigh show`; multicast, zero-MAC and unresolved entries are left out. */
export function parseIpv6Neigh(text: string): Ipv6Neighbour[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('ip -6 -j neigh did not print a JSON array');
  const out: Ipv6Neighbour[] = [];
  for (const item of parsed.slice(0, MAX_ENTRIES) as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const r = item as Record<string, unknown>;
    const states = Array.isArray(r.state) ? r.state : [];
    if (!states.some((s) => typeof s === 'string' && RESOLVED.has(s))) continue;
    if (typeof r.dst !== 'string' || !isIPv6(r.dst) || /^ff/i.test(r.dst) || typeof r.dev !== 'string') continue;
    const mac = typeof r.lladdr === 'string' ? normalizeMac(r.lladdr) : null;
    if (mac === null || mac === '00:00:00:00:00:00') continue;
    out.push({ ip: r.dst.toLowerCase(), mac, dev: r.dev });
  }
  return out;
}

/** IPv4 address → its IPv6 addresses, sorted, for the hosts whose MAC the IPv4 table also shows. */
export function ipv6ByIpv4(ipv4: readonly { ip: string; mac: string }[], ipv6: readonly Ipv6Neighbour[]): Map<string, string[]> {
  const byMac = new Map<string, Set<string>>();
  for (const n of ipv6) byMac.set(n.mac, (byMac.get(n.mac) ?? new Set()).add(n.ip));
  const out = new Map<string, string[]>();
  for (const { ip, mac } of ipv4) {
    const found = byMac.get(mac);
    if (found) out.set(ip, [...found].sort());
  }
  return out;
}

/** The ping invocations for one interface: all nodes from the link-local address, then from each global one. */
export function allNodesEchoes(iface: string, globals: readonly string[]): string[][] {
  const base = ['-6', '-n', '-c', '2', '-i', '0.5', '-w', '2'];
  return [
    [...base, `ff02::1%${iface}`],
    ...globals.map((address) => [...base, '-I', address, `ff02::1%${iface}`]),
  ];
}

export type RunCommand = (file: string, args: readonly string[]) => Promise<string>;

const runCommand: RunCommand = (file, args) =>
  new Promise((resolve, reject) =>
    execFile(file, [...args], { timeout: 5_000, maxBuffer: 32 * 1024 * 1024, encoding: 'utf8' }, (error, stdout) =>
      error && !stdout ? reject(error) : resolve(stdout),
    ),
  );

/**
 * Echoes all nodes on each interface (name → its global IPv6 addresses). A ping that fails (no
 * IPv6 on the interface, no `ping`) only means fewer entries; never rejects.
 */
export async function echoAllNodes(interfaces: ReadonlyMap<string, readonly string[]>, run: RunCommand = runCommand): Promise<void> {
  await Promise.all(
    [...interfaces].flatMap(([iface, globals]) => allNodesEchoes(iface, globals).map((args) => run('ping', args).catch(() => ''))),
  );
}

/** The resolved IPv6 neighbours on those interfaces, as the kernel's table holds them now. */
export async function readIpv6Neighbours(interfaces: ReadonlyMap<string, readonly string[]>, run: RunCommand = runCommand): Promise<Ipv6Neighbour[]> {
  const names = new Set(interfaces.keys());
  return parseIpv6Neigh(await run('ip', ['-6', '-j', 'neigh', 'show'])).filter((n) => names.has(n.dev));
}
