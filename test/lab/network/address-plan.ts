/**
 * Checks that a profile describes a network that can be built (one scanner segment, routed segments
 * behind routers on it, every address inside its subnet and used once) and fills in automatic IPs.
 * Pure: the builder and the tests share it.
 */
import { cidrBlock, formatIpv4, parseIpv4 } from '../../../src/scope/ipv4.js';
import { labMac } from './naming.js';
import type { LabDevice, LabProfile, LabSegment } from '../profile-schema.js';

/** A device with its segment and IP decided. */
export type ResolvedDevice = LabDevice & { readonly segment: string; readonly ip: string };
export type ResolvedProfile = Omit<LabProfile, 'devices'> & { readonly devices: ResolvedDevice[] };

export interface Subnet {
  readonly network: number;
  readonly prefix: number;
  readonly broadcast: number;
}

/** Where the first automatic address of a segment goes: .10, leaving room for routers and the scanner. */
const AUTO_OFFSET = 10;

export function parseSubnet(text: string): Subnet | string {
  const match = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(text);
  const base = match?.[1] === undefined ? null : parseIpv4(match[1]);
  const prefix = Number(match?.[2]);
  if (base === null || !(prefix >= 8 && prefix <= 30)) return `"${text}" is not an IPv4 subnet a.b.c.d/8..30`;
  const block = cidrBlock(base, prefix);
  if (block.first !== base) return `"${text}" has host bits set (the network is ${formatIpv4(block.first)}/${prefix})`;
  return { network: block.first, prefix, broadcast: block.last };
}

export function subnetText(s: Subnet): string {
  return `${formatIpv4(s.network)}/${s.prefix}`;
}

function isHostOf(s: Subnet, ip: number): boolean {
  return ip > s.network && ip < s.broadcast;
}

export interface SegmentPlan {
  readonly index: number;
  readonly segment: LabSegment;
  readonly subnet: Subnet;
  /** Addresses on this segment that belong to the lab's own machinery (scanner, router legs). */
  readonly reserved: ReadonlySet<number>;
}

export interface AddressPlan {
  readonly segments: readonly SegmentPlan[];
  /** Index of the segment the scanner sits on. */
  readonly scannerIndex: number;
}

/** Problems with the segments, as "path: message" lines; or the plan. */
export function planSegments(segments: readonly LabSegment[]): AddressPlan | string[] {
  const problems: string[] = [];
  const plans: SegmentPlan[] = [];
  const names = new Set<string>();
  segments.forEach((segment, index) => {
    const at = `segments[${index}]`;
    if (names.has(segment.name)) problems.push(`${at}.name: segment name "${segment.name}" is used twice`);
    names.add(segment.name);
    const subnet = parseSubnet(segment.subnet);
    if (typeof subnet === 'string') {
      problems.push(`${at}.subnet: ${subnet}`);
      return;
    }
    plans.push({ index, segment, subnet, reserved: new Set() });
  });
  if (problems.length > 0) return problems;

  for (const [i, a] of plans.entries()) {
    for (const b of plans.slice(i + 1)) {
      if (a.subnet.network <= b.subnet.broadcast && b.subnet.network <= a.subnet.broadcast) {
        problems.push(`segments[${b.index}].subnet: ${b.segment.subnet} overlaps segment "${a.segment.name}" (${a.segment.subnet})`);
      }
    }
  }
  const scannerSegments = plans.filter((p) => p.segment.scanner !== undefined);
  if (scannerSegments.length !== 1) {
    problems.push(`segments: exactly one segment must have a "scanner" address (found ${scannerSegments.length})`);
    return problems;
  }
  const home = scannerSegments[0] as SegmentPlan;
  const reserve = (plan: SegmentPlan, text: string, at: string): number | null => {
    const ip = parseIpv4(text);
    if (ip === null || !isHostOf(plan.subnet, ip)) {
      problems.push(`${at}: "${text}" is not a host address of ${plan.segment.subnet}`);
      return null;
    }
    if (plan.reserved.has(ip)) problems.push(`${at}: ${text} is already used by the scanner or a router`);
    (plan.reserved as Set<number>).add(ip);
    return ip;
  };
  reserve(home, home.segment.scanner ?? '', `segments[${home.index}].scanner`);
  if (home.segment.router !== undefined) {
    problems.push(`segments[${home.index}].router: the scanner's segment is not routed; remove "router"`);
  }
  for (const plan of plans) {
    if (plan === home) continue;
    const at = `segments[${plan.index}]`;
    if (plan.segment.scanner !== undefined) continue; // counted above
    if (plan.segment.router === undefined) {
      problems.push(`${at}.router: segment "${plan.segment.name}" is not the scanner's, so it needs a router {here, upstream}`);
      continue;
    }
    reserve(plan, plan.segment.router.here, `${at}.router.here`);
    reserve(home, plan.segment.router.upstream, `${at}.router.upstream`);
  }
  return problems.length > 0 ? problems : { segments: plans, scannerIndex: home.index };
}

const LAB_MACS = new Set([
  labMac.scanner,
  ...Array.from({ length: 256 }, (_, i) => [labMac.routerUp(i), labMac.routerHere(i)]).flat(),
]);

function isUnicastMac(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 1) === 0 && mac !== '00:00:00:00:00:00';
}

/**
 * Gives every device its segment and IP. Explicit IPs must be free host addresses of the segment;
 * automatic ones are handed out in profile order from .10, skipping anything taken.
 * `taken` holds devices already up (for lab.add), which keep their addresses.
 */
export function resolveDevices(
  plan: AddressPlan,
  devices: readonly LabDevice[],
  taken: readonly ResolvedDevice[] = [],
  pathOf: (i: number) => string = (i) => `devices[${i}]`,
): { ok: true; devices: ResolvedDevice[] } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const bySegment = new Map(plan.segments.map((s) => [s.segment.name, s]));
  const defaultSegment = plan.segments[0] as SegmentPlan;
  const usedIp = new Map<number, string>();
  const usedMac = new Map<string, string>();
  const usedId = new Set<string>();
  for (const d of taken) {
    usedIp.set(parseIpv4(d.ip) ?? -1, d.id);
    usedMac.set(d.mac, d.id);
    usedId.add(d.id);
  }

  const segmentOf = devices.map((d, i) => {
    const seg = bySegment.get(d.segment ?? defaultSegment.segment.name);
    if (seg === undefined) problems.push(`${pathOf(i)}.segment: no segment named "${d.segment ?? ''}"`);
    return seg;
  });
  devices.forEach((d, i) => {
    const at = pathOf(i);
    if (usedId.has(d.id)) problems.push(`${at}.id: "${d.id}" is used twice`);
    usedId.add(d.id);
    const otherMac = usedMac.get(d.mac);
    if (otherMac !== undefined) problems.push(`${at}.mac: ${d.mac} is also the MAC of "${otherMac}"`);
    if (LAB_MACS.has(d.mac)) problems.push(`${at}.mac: ${d.mac} is reserved for the lab's scanner and routers (02:1a:b0:…)`);
    if (!isUnicastMac(d.mac)) problems.push(`${at}.mac: ${d.mac} is a multicast or zero MAC; a NIC cannot have it`);
    usedMac.set(d.mac, d.id);
    if (d.spoofFrom !== undefined && parseIpv4(d.spoofFrom) === null) {
      problems.push(`${at}.spoofFrom: "${d.spoofFrom}" is not an IPv4 address`);
    }
    const seg = segmentOf[i];
    if (d.ip === undefined || seg === undefined) return;
    const ip = parseIpv4(d.ip);
    if (ip === null || !isHostOf(seg.subnet, ip)) {
      problems.push(`${at}.ip: "${d.ip}" is not a host address of segment "${seg.segment.name}" (${seg.segment.subnet})`);
    } else if (seg.reserved.has(ip)) {
      problems.push(`${at}.ip: ${d.ip} is the scanner's or a router's address`);
    } else if (usedIp.has(ip)) {
      problems.push(`${at}.ip: ${d.ip} is also the address of "${usedIp.get(ip) ?? ''}"`);
    } else {
      usedIp.set(ip, d.id);
    }
  });
  if (problems.length > 0) return { ok: false, problems };

  const next = new Map(plan.segments.map((s) => [s.segment.name, s.subnet.network + AUTO_OFFSET]));
  const resolved: ResolvedDevice[] = [];
  for (const [i, d] of devices.entries()) {
    const seg = segmentOf[i] as SegmentPlan;
    let ip = d.ip;
    if (ip === undefined) {
      let candidate = next.get(seg.segment.name) ?? seg.subnet.network + AUTO_OFFSET;
      while (candidate < seg.subnet.broadcast && (seg.reserved.has(candidate) || usedIp.has(candidate))) candidate++;
      if (candidate >= seg.subnet.broadcast) {
        problems.push(`${pathOf(i)}.ip: segment "${seg.segment.name}" (${seg.segment.subnet}) has no free address left`);
        continue;
      }
      usedIp.set(candidate, d.id);
      next.set(seg.segment.name, candidate + 1);
      ip = formatIpv4(candidate);
    }
    resolved.push({ ...d, segment: seg.segment.name, ip });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, devices: resolved };
}
