/**
 * Where each MAC is plugged in. A MAC is learned on every switch between it and the rest of the
 * network: on its own access port and on each uplink it is seen across. The rule, in order:
 *
 *  1. A port is an uplink when it hears an LLDP neighbour that forwards frames (bridge or router,
 *     not a phone), or when it has learned the MAC of a switch or router lanaudit read.
 *  2. Of the ports a MAC is learned on, edge ports (not uplinks) with at most EDGE_MAX_MACS MACs
 *     come first, then other non-uplinks (an unmanaged switch or a hub below), uplinks last;
 *     within a class, the port with the fewest MACs, then the lowest switch address and port.
 *  3. Confidence: high for the only edge port that learned it; medium for an edge port shared
 *     with another candidate of the same class, or a crowded port without an LLDP switch;
 *     low when it was seen on uplinks only (the switch it hangs from was not read).
 *
 * Pure: same tables, same placements, whatever order the switches were read in.
 */
import type { PortInfo, SwitchTables } from './switch-tables.js';

/** "One or few" MACs on a port: a host, a phone with its PC, a small desk switch. */
export const EDGE_MAX_MACS = 4;

export type Confidence = 'high' | 'medium' | 'low';

export interface Placement {
  readonly switchName: string;
  readonly switchAddress: string;
  readonly port: string;
  readonly portAlias: string;
  readonly vlan: number | null;
  readonly confidence: Confidence;
}

interface Candidate {
  readonly sw: SwitchTables;
  readonly port: PortInfo;
  readonly vlan: number | null;
  readonly macs: number;
  /** 0 edge, 1 crowded non-uplink, 2 uplink. */
  readonly rank: 0 | 1 | 2;
}

function compareAddresses(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return a.localeCompare(b);
}

function byPreference(a: Candidate, b: Candidate): number {
  return a.rank - b.rank || a.macs - b.macs || compareAddresses(a.sw.address, b.sw.address) || a.port.port - b.port.port;
}

/**
 * @param switches the switches read this scan
 * @param infrastructureMacs MACs of routers and switches (from their ARP entries and bridge addresses): a port that learned one leads to them
 */
export function placeDevices(switches: readonly SwitchTables[], infrastructureMacs: ReadonlySet<string> = new Set()): Map<string, Placement> {
  const infraMacs = new Set(infrastructureMacs);
  for (const sw of switches) if (sw.ownMac) infraMacs.add(sw.ownMac);

  const candidates = new Map<string, Candidate[]>();
  for (const sw of switches) {
    const macsOn = new Map<number, Set<string>>();
    for (const e of sw.fdb) {
      let set = macsOn.get(e.port);
      if (!set) macsOn.set(e.port, (set = new Set()));
      set.add(e.mac);
    }
    const uplinks = new Set(sw.neighbours.filter((n) => n.infrastructure).map((n) => n.port));
    for (const [port, macs] of macsOn) if ([...macs].some((m) => infraMacs.has(m) && m !== sw.ownMac)) uplinks.add(port);

    const seen = new Set<string>();
    for (const e of sw.fdb) {
      // One candidate per switch and port, even when a MAC is listed in several VLANs.
      const key = `${e.mac}|${e.port}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const macs = macsOn.get(e.port)?.size ?? 0;
      const port = sw.ports.get(e.port) ?? { port: e.port, name: `port ${e.port}`, alias: '' };
      const rank = uplinks.has(e.port) ? 2 : macs <= EDGE_MAX_MACS ? 0 : 1;
      const list = candidates.get(e.mac) ?? [];
      list.push({ sw, port, vlan: e.vlan, macs, rank });
      candidates.set(e.mac, list);
    }
  }

  const placements = new Map<string, Placement>();
  for (const [mac, list] of candidates) {
    // A router's or switch's own MAC is learned everywhere it talks: its place is not an access port.
    if (infraMacs.has(mac)) continue;
    const sorted = [...list].sort(byPreference);
    const best = sorted[0];
    if (!best) continue;
    const rivals = sorted.filter((c) => c.rank === best.rank).length;
    const confidence: Confidence = best.rank === 2 ? 'low' : best.rank === 0 && rivals === 1 ? 'high' : 'medium';
    placements.set(mac, {
      switchName: best.sw.name,
      switchAddress: best.sw.address,
      port: best.port.name,
      portAlias: best.port.alias,
      vlan: best.vlan,
      confidence,
    });
  }
  return placements;
}
