/**
 * Infrastructure discovery (config infrastructure.discover): the hosts the scan's SNMP probe found
 * to route or bridge become devices to read, with the v2c community each answered to, unless the
 * configuration names them already (then they are read as named there, v3 included).
 */
import { parseTarget } from '../scope/parse-target.js';
import { parseIpv4 } from '../scope/ipv4.js';
import type { InfrastructureEntry } from './read-infrastructure.js';

/** What the SNMP probe tells of a host that answered it (probes/snmp/snmp-role.ts's SnmpAnswer). */
export interface AnsweredHost {
  readonly ip: string;
  readonly community: string;
  readonly forwarding: boolean;
  readonly bridgePorts: number;
}

/** A router (IP forwarding on) or a switch (a bridge with ports). */
export function isRouterOrSwitch(host: Pick<AnsweredHost, 'forwarding' | 'bridgePorts'>): boolean {
  return host.forwarding || host.bridgePorts > 0;
}

/** Collects the probe's answers during a scan; `entries` once the probes are done. */
export class DiscoveredInfrastructure {
  private readonly hosts = new Map<string, AnsweredHost>();

  readonly note = (host: AnsweredHost): void => {
    if (isRouterOrSwitch(host) && parseIpv4(host.ip) !== null) this.hosts.set(host.ip, host);
  };

  /** One entry per router or switch found, in address order, none that `configured` names (a range included). */
  entries(configured: readonly InfrastructureEntry[]): InfrastructureEntry[] {
    const named = configured.flatMap((e) => e.targets.map((t) => parseTarget(t, 'exclusion')));
    return [...this.hosts.values()]
      .map((host) => ({ host, n: parseIpv4(host.ip) ?? 0 }))
      .filter(({ n }) => !named.some((r) => n >= r.first && n <= r.last))
      .sort((a, b) => a.n - b.n)
      .map(({ host }) => ({ targets: [host.ip], credentials: { version: '2c' as const, community: host.community }, discovered: true }));
  }
}
