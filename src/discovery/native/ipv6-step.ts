/**
 * The scan's IPv6 step on the attached segments: all nodes are echoed on each interface whose IPv4
 * subnet holds part of the scope (ipv6-neighbours.ts) as discovery starts, so the echo's 2 s wait
 * runs beside the sweep (#15); once discovery is done the neighbour table is read, and each IPv6
 * neighbour whose MAC is that of a host this scan found over IPv4 becomes an `ipv6` fact of that
 * host: one device, both families. A host seen only over IPv6 is left out (the scope, and so a
 * device's presence, is IPv4), and an IPv6 address never makes an IPv4 host alive.
 */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { Observation } from '../../observations/observation.js';
import { parseIpv4 } from '../../scope/ipv4.js';
import type { Scope } from '../../scope/types.js';
import { echoAllNodes, ipv6ByIpv4, readIpv6Neighbours, type RunCommand } from './ipv6-neighbours.js';

/**
 * Called as discovery starts (the echo goes out then); the function it returns is given the MAC of
 * each IPv4 host found (address → MAC) once discovery is done, and gives the `ipv6` facts about them.
 */
export type Ipv6Step = (signal: AbortSignal) => (found: ReadonlyMap<string, string>) => Promise<Observation[]>;

/** Interface name → its global IPv6 addresses, for the interfaces whose IPv4 subnet overlaps the scope. */
export function ipv6InterfacesInScope(scope: Scope, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, entries = []] of Object.entries(interfaces)) {
    const inScope = entries.some((e) => {
      const address = e.family === 'IPv4' && !e.internal ? parseIpv4(e.address) : null;
      const mask = parseIpv4(e.netmask);
      if (address === null || mask === null) return false;
      const first = (address & mask) >>> 0;
      const last = (first | (~mask >>> 0)) >>> 0;
      return scope.ranges.some((r) => r.first <= last && r.last >= first);
    });
    if (!inScope) continue;
    // Link-local addresses carry a zone (scopeid); the global ones are echoed from as well.
    out.set(name, entries.filter((e) => e.family === 'IPv6' && !e.internal && e.scopeid === 0).map((e) => e.address));
  }
  return out;
}

export interface Ipv6StepDeps {
  readonly interfaces?: NodeJS.Dict<NetworkInterfaceInfo[]>;
  readonly run?: RunCommand;
  readonly now?: () => Date;
}

/** The step for a scan, or undefined when no interface is on a subnet in scope (routed targets only). */
export function ipv6Step(scope: Scope, deps: Ipv6StepDeps = {}): Ipv6Step | undefined {
  const interfaces = ipv6InterfacesInScope(scope, deps.interfaces);
  if (interfaces.size === 0) return undefined;
  return (signal) => {
    // Nothing of the echo depends on what discovery finds: the kernel keeps the answers (REACHABLE, then STALE) for the read.
    const echoed = signal.aborted ? Promise.resolve() : echoAllNodes(interfaces, deps.run);
    return async (found) => {
      if (found.size === 0 || signal.aborted) return [];
      await echoed;
      const neighbours = await readIpv6Neighbours(interfaces, deps.run);
      const at = (deps.now?.() ?? new Date()).toISOString();
      const hosts = [...found].map(([ip, mac]) => ({ ip, mac }));
      return [...ipv6ByIpv4(hosts, neighbours)].flatMap(([ip, addresses]) =>
        addresses.map((value): Observation => ({ ip, kind: 'ipv6', value, source: 'neigh6', at })),
      );
    };
  };
}
