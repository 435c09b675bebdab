/**
 * The lab's topology as `ip -batch` scripts, one per namespace (pure; nothing runs here).
 *
 *   scanner ns ── veth ──┐            switch ns: one bridge per segment, no addresses, no forwarding
 *   devices ns (seg 0) ──┤ br0
 *   router ns (seg i) ───┘    └─ br<i> ── devices ns (seg i)
 *
 * Devices are macvlans (bridge mode) on the device namespace's veth uplink, each with its own MAC.
 * arp_ignore=1 / arp_announce=2 make each interface answer ARP only for its own address. All devices of a
 * namespace share one subnet, so the main table would send every reply out of whichever interface got
 * its connected route first, with that interface's MAC; instead each address gets a rule `from IP lookup
 * <table>` and its table routes out of its own interface, so replies leave with the device's own MAC.
 * The kernel's neighbour table is shared by all namespaces and capped (gc_thresh3, 1,024 by default);
 * a device answering an ARP request must create an entry for the asker or it stays silent, so 1,000
 * devices answering one scanner would fill it. Each device therefore gets permanent entries for the
 * scanner and routers (fixed MACs), which the cap does not count. The scanner learns by ARP as usual.
 * Addresses are added with `noprefixroute`, leaving the main table empty: no default route anywhere,
 * and no link to the root namespace exists, so nothing can leave the lab.
 */
import type { AddressPlan, ResolvedDevice, SegmentPlan } from './address-plan.js';
import { subnetText } from './address-plan.js';
import { DEVICE_RULE_PREF, deviceTable, ifname, labMac, labNames, MACVLAN_BC_QUEUE } from './naming.js';

export interface NamespaceScript {
  readonly ns: string;
  /** "key=value" for `sysctl -w`, set before any interface exists so `default.*` applies to them. */
  readonly sysctls: readonly string[];
  /** Lines for `ip -n <ns> -batch -`. */
  readonly batch: readonly string[];
}

export interface LabScripts {
  readonly namespaces: readonly string[];
  /** Runs first: creates the bridges and every veth pair, with the far ends already in their namespaces. */
  readonly switchScript: NamespaceScript;
  /** Independent of each other once the switch script has run. */
  readonly others: readonly NamespaceScript[];
}

/** The lab carries IPv4 only; IPv6 autoconfiguration on 1,000 interfaces would be noise (and slow). */
const NO_IPV6 = ['net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'];
/** A profile with `ipv6`: link-local addresses on every interface, usable at once (no duplicate detection), no autoconfiguration. */
const WITH_IPV6 = [
  'net.ipv6.conf.all.disable_ipv6=0',
  'net.ipv6.conf.default.disable_ipv6=0',
  'net.ipv6.conf.all.accept_dad=0',
  'net.ipv6.conf.default.accept_dad=0',
  'net.ipv6.conf.all.accept_ra=0',
  'net.ipv6.conf.default.accept_ra=0',
];
const PER_INTERFACE_ARP = [
  'net.ipv4.conf.all.arp_ignore=1',
  'net.ipv4.conf.default.arp_ignore=1',
  'net.ipv4.conf.all.arp_announce=2',
  'net.ipv4.conf.default.arp_announce=2',
];
const MULTICAST = '224.0.0.0/4';
const LIMITED_BROADCAST = '255.255.255.255/32';

function hostOnSubnet(ip: string, seg: SegmentPlan): string {
  return `${ip}/${seg.subnet.prefix}`;
}

function home(plan: AddressPlan): SegmentPlan {
  return plan.segments[plan.scannerIndex] as SegmentPlan;
}

function routed(plan: AddressPlan): SegmentPlan[] {
  return plan.segments.filter((s) => s.index !== plan.scannerIndex);
}

/** Gateway from segment `from` towards segment `to` (both not equal). */
function gateway(plan: AddressPlan, from: SegmentPlan, to: SegmentPlan): string {
  if (from.index === plan.scannerIndex) return to.segment.router?.upstream ?? '';
  return from.segment.router?.here ?? '';
}

/** The lab's own addresses a device on `seg` can talk to directly, with their MACs. */
function labNeighbours(plan: AddressPlan, seg: SegmentPlan): [string, string][] {
  if (seg.index !== plan.scannerIndex) return [[seg.segment.router?.here ?? '', labMac.routerHere(seg.index)]];
  return [
    [seg.segment.scanner ?? '', labMac.scanner],
    ...routed(plan).map((r): [string, string] => [r.segment.router?.upstream ?? '', labMac.routerUp(r.index)]),
  ];
}

/** Slot numbers per device: its macvlan name and routing table. Unique within a segment namespace. */
export function assignSlots(devices: readonly ResolvedDevice[]): Map<string, number> {
  const next = new Map<string, number>();
  const slots = new Map<string, number>();
  for (const d of devices) {
    const slot = next.get(d.segment) ?? 0;
    slots.set(d.id, slot);
    next.set(d.segment, slot + 1);
  }
  return slots;
}

export function slotOf(slots: ReadonlyMap<string, number>, id: string): number {
  const slot = slots.get(id);
  if (slot === undefined) throw new Error(`device ${id} has no slot: this is a bug`);
  return slot;
}

export function segmentOf(plan: AddressPlan, device: ResolvedDevice): SegmentPlan {
  const seg = plan.segments.find((s) => s.segment.name === device.segment);
  if (seg === undefined) throw new Error(`device ${device.id} has unknown segment ${device.segment}: this is a bug`);
  return seg;
}

/** The addresses a device's interface carries: its own, and the out-of-scope one it may reply from. */
function deviceAddresses(device: ResolvedDevice): string[] {
  return device.spoofFrom === undefined ? [device.ip] : [device.ip, device.spoofFrom];
}

/** `ip -batch` lines that bring one device up in its segment's namespace. */
export function deviceUpLines(plan: AddressPlan, device: ResolvedDevice, slot: number): string[] {
  const seg = segmentOf(plan, device);
  const dev = ifname.device(slot);
  const table = deviceTable(slot);
  const lines = [
    `link add ${dev} link ${ifname.uplink} address ${device.mac} type macvlan mode bridge bcqueuelen ${MACVLAN_BC_QUEUE}`,
    `addr add ${hostOnSubnet(device.ip, seg)} dev ${dev} noprefixroute`,
  ];
  if (device.spoofFrom !== undefined) lines.push(`addr add ${device.spoofFrom}/32 dev ${dev} noprefixroute`);
  for (const address of device.ipv6 ?? []) lines.push(`addr add ${address} dev ${dev} nodad`);
  lines.push(
    `link set ${dev} up`,
    `route add ${subnetText(seg.subnet)} dev ${dev} src ${device.ip} table ${table}`,
    `route add ${MULTICAST} dev ${dev} src ${device.ip} table ${table}`,
    `route add ${LIMITED_BROADCAST} dev ${dev} src ${device.ip} table ${table}`,
  );
  for (const other of plan.segments) {
    if (other.index === seg.index) continue;
    lines.push(`route add ${subnetText(other.subnet)} via ${gateway(plan, seg, other)} dev ${dev} table ${table}`);
  }
  for (const [ip, mac] of labNeighbours(plan, seg)) lines.push(`neigh replace ${ip} lladdr ${mac} dev ${dev} nud permanent`);
  for (const address of deviceAddresses(device)) {
    lines.push(`rule add from ${address}/32 lookup ${table} pref ${DEVICE_RULE_PREF}`);
  }
  return lines;
}

/** Deleting the link drops its addresses and routes; the rules stay unless removed. */
export function deviceDownLines(device: ResolvedDevice, slot: number): string[] {
  return [
    `link del ${ifname.device(slot)}`,
    ...deviceAddresses(device).map((a) => `rule del from ${a}/32 lookup ${deviceTable(slot)} pref ${DEVICE_RULE_PREF}`),
  ];
}

export function labScripts(
  id: string,
  plan: AddressPlan,
  devices: readonly ResolvedDevice[],
  slots: ReadonlyMap<string, number>,
  ipv6 = false,
): LabScripts {
  const names = labNames(id);
  const family = ipv6 ? WITH_IPV6 : NO_IPV6;
  const h = home(plan);
  const bridge = (seg: SegmentPlan) => ifname.bridge(seg.index);
  const sw: string[] = [];
  const addBridge = (seg: SegmentPlan) =>
    // No IGMP snooping: multicast discovery must reach every device whether or not anyone sent a report.
    sw.push(`link add ${bridge(seg)} type bridge stp_state 0 mcast_snooping 0`, `link set ${bridge(seg)} up`);
  const addPort = (port: string, peer: string, peerNs: string, seg: SegmentPlan, peerMac?: string) =>
    sw.push(
      `link add ${port} type veth peer name ${peer}${peerMac === undefined ? '' : ` address ${peerMac}`} netns ${peerNs}`,
      `link set ${port} master ${bridge(seg)} up`,
    );

  for (const seg of plan.segments) addBridge(seg);
  addPort(ifname.switchToScanner, ifname.scanner, names.scanner, h, labMac.scanner);
  for (const seg of plan.segments) addPort(ifname.switchToDevices(seg.index), ifname.uplink, names.devices(seg.index), seg);
  for (const seg of routed(plan)) {
    addPort(ifname.switchToRouterUp(seg.index), ifname.routerUp, names.router(seg.index), h, labMac.routerUp(seg.index));
    addPort(ifname.switchToRouterHere(seg.index), ifname.routerHere, names.router(seg.index), seg, labMac.routerHere(seg.index));
  }

  const scanner: NamespaceScript = {
    ns: names.scanner,
    sysctls: family,
    batch: [
      'link set lo up',
      `link set ${ifname.scanner} up`,
      `addr add ${hostOnSubnet(h.segment.scanner ?? '', h)} dev ${ifname.scanner}`,
      ...(ipv6 && h.segment.scannerIpv6 ? [`addr add ${h.segment.scannerIpv6} dev ${ifname.scanner} nodad`] : []),
      // Discovery tools send multicast and broadcast without choosing an interface; without a default
      // route they need these.
      `route add ${MULTICAST} dev ${ifname.scanner}`,
      `route add ${LIMITED_BROADCAST} dev ${ifname.scanner}`,
      ...routed(plan).map((seg) => `route add ${subnetText(seg.subnet)} via ${gateway(plan, h, seg)} dev ${ifname.scanner}`),
    ],
  };

  const routers: NamespaceScript[] = routed(plan).map((seg) => ({
    ns: names.router(seg.index),
    sysctls: [...family, 'net.ipv4.ip_forward=1'],
    batch: [
      'link set lo up',
      `link set ${ifname.routerUp} up`,
      `link set ${ifname.routerHere} up`,
      `addr add ${hostOnSubnet(seg.segment.router?.upstream ?? '', h)} dev ${ifname.routerUp}`,
      `addr add ${hostOnSubnet(seg.segment.router?.here ?? '', seg)} dev ${ifname.routerHere}`,
      ...(ipv6 && seg.segment.router?.hereIpv6 ? [`addr add ${seg.segment.router.hereIpv6} dev ${ifname.routerHere} nodad`] : []),
      ...routed(plan)
        .filter((other) => other.index !== seg.index)
        .map((other) => `route add ${subnetText(other.subnet)} via ${gateway(plan, h, other)} dev ${ifname.routerUp}`),
    ],
  }));

  const deviceNamespaces: NamespaceScript[] = plan.segments.map((seg) => ({
    ns: names.devices(seg.index),
    sysctls: [...family, ...PER_INTERFACE_ARP],
    batch: [
      'link set lo up',
      `link set ${ifname.uplink} up`,
      ...devices
        .filter((d) => d.segment === seg.segment.name)
        .flatMap((d) => deviceUpLines(plan, d, slotOf(slots, d.id))),
    ],
  }));

  return {
    namespaces: [names.switch, names.scanner, ...routers.map((r) => r.ns), ...deviceNamespaces.map((d) => d.ns)],
    switchScript: { ns: names.switch, sysctls: NO_IPV6, batch: sw },
    others: [scanner, ...routers, ...deviceNamespaces],
  };
}

/** The scanner's address, for messages and the API. */
export function scannerAddress(plan: AddressPlan): string {
  return home(plan).segment.scanner ?? '';
}
