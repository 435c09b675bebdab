/**
 * A managed switch's BRIDGE, Q-BRIDGE, IF and LLDP tables, built from the profile's cabling so that
 * they always agree with it: each access port's devices are learned there in the port's VLAN; an
 * uplink learns every MAC reachable through it (the switches and edge devices beyond it, the
 * router's MAC), and hears its neighbour over LLDP.
 */
import { parseOid } from './ber.js';

export type TableValue = { kind: 'string'; text: string } | { kind: 'int'; n: number } | { kind: 'bytes'; hex: string };

export interface BridgePort {
  port: number;
  name: string;
  alias: string;
  vlan: number;
  /** Ids of the devices on this access port. */
  devices: string[];
  /** "router", or the id of the switch at the other end. */
  uplink?: string | undefined;
}

export interface BridgeSpec {
  ports: BridgePort[];
  /** The router's MAC on this segment (learned on the uplink that leads to it). */
  routerMac: string;
}

interface SwitchDevice {
  id: string;
  mac: string;
  sysName: string;
  bridge: BridgeSpec;
}

const hex = (mac: string) => mac.replace(/:/g, '');
const macArcs = (mac: string) => mac.split(':').map((h) => Number.parseInt(h, 16)).join('.');

/** MACs (with their VLAN) reachable from `from` through its neighbour `to`. */
function macsBehind(from: string, to: string, switches: ReadonlyMap<string, SwitchDevice>, macOf: ReadonlyMap<string, string>, uplinkVlan: number, routerMac: string): [string, number][] {
  if (to === 'router') return [[routerMac, uplinkVlan]];
  const sw = switches.get(to);
  if (!sw) return [];
  const out: [string, number][] = [[sw.mac, uplinkVlan]];
  for (const p of sw.bridge.ports) {
    for (const id of p.devices) {
      const mac = macOf.get(id);
      if (mac) out.push([mac, p.vlan]);
    }
    if (p.uplink !== undefined && p.uplink !== from) out.push(...macsBehind(to, p.uplink, switches, macOf, uplinkVlan, routerMac));
  }
  return out;
}

/** OID (dotted) → value, for one switch of the segment. */
export function bridgeTables(self: SwitchDevice, segment: readonly { id: string; mac: string; snmp?: { sysName: string; bridge?: BridgeSpec | undefined } | undefined }[]): [string, TableValue][] {
  const macOf = new Map(segment.map((d) => [d.id, d.mac]));
  const switches = new Map<string, SwitchDevice>();
  for (const d of segment) if (d.snmp?.bridge) switches.set(d.id, { id: d.id, mac: d.mac, sysName: d.snmp.sysName, bridge: d.snmp.bridge });
  const rows: [string, TableValue][] = [
    ['1.3.6.1.2.1.17.1.1.0', { kind: 'bytes', hex: hex(self.mac) }],
    // dot1dBaseNumPorts: what tells a bridge, as real switches answer it.
    ['1.3.6.1.2.1.17.1.2.0', { kind: 'int', n: self.bridge.ports.length }],
  ];
  const vlans = new Set<number>();
  const fdb = new Map<string, number>(); // "vlan.macArcs" → port
  for (const p of self.bridge.ports) {
    rows.push(
      [`1.3.6.1.2.1.17.1.4.1.2.${p.port}`, { kind: 'int', n: p.port }],
      [`1.3.6.1.2.1.2.2.1.2.${p.port}`, { kind: 'string', text: p.name }],
      [`1.3.6.1.2.1.2.2.1.8.${p.port}`, { kind: 'int', n: 1 }],
      [`1.3.6.1.2.1.31.1.1.1.1.${p.port}`, { kind: 'string', text: p.name }],
      [`1.3.6.1.2.1.31.1.1.1.18.${p.port}`, { kind: 'string', text: p.alias }],
      [`1.0.8802.1.1.2.1.3.7.1.3.${p.port}`, { kind: 'string', text: p.name }],
    );
    const learned: [string, number][] = p.devices.flatMap((id) => (macOf.has(id) ? [[macOf.get(id) as string, p.vlan] as [string, number]] : []));
    if (p.uplink !== undefined) {
      learned.push(...macsBehind(self.id, p.uplink, switches, macOf, p.vlan, self.bridge.routerMac));
      const neighbour = switches.get(p.uplink);
      const index = `0.${p.port}.1`;
      rows.push(
        [`1.0.8802.1.1.2.1.4.1.1.5.${index}`, { kind: 'bytes', hex: hex(neighbour?.mac ?? self.bridge.routerMac) }],
        [`1.0.8802.1.1.2.1.4.1.1.9.${index}`, { kind: 'string', text: neighbour?.sysName ?? 'router' }],
        // LldpSystemCapabilitiesMap: bridge 0x20, router 0x08.
        [`1.0.8802.1.1.2.1.4.1.1.12.${index}`, { kind: 'bytes', hex: neighbour ? '2000' : '0800' }],
      );
    }
    for (const [mac, vlan] of learned) {
      vlans.add(vlan);
      fdb.set(`${vlan}.${macArcs(mac)}`, p.port);
    }
  }
  for (const vlan of vlans) rows.push([`1.3.6.1.2.1.17.7.1.4.2.1.3.0.${vlan}`, { kind: 'int', n: vlan }]);
  for (const [index, port] of fdb) {
    rows.push([`1.3.6.1.2.1.17.7.1.2.2.1.2.${index}`, { kind: 'int', n: port }], [`1.3.6.1.2.1.17.7.1.2.2.1.3.${index}`, { kind: 'int', n: 3 }]);
  }
  // Checked here so a cabling mistake fails at start-up, not as a wrong answer.
  for (const [oid] of rows) parseOid(oid);
  return rows;
}
