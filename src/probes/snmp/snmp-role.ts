/**
 * Whether a host that answered the SNMP probe says it is a router or a switch (config
 * infrastructure.discover): IP-MIB ipForwarding.0 = 1 ("forwarding"), or BRIDGE-MIB
 * dot1dBaseNumPorts.0 > 0. Pure: the varbinds come from the network, so anything of another
 * type or out of range counts as "no".
 */

/** RFC 4293 ipForwarding (1 forwarding, 2 notForwarding) and RFC 4188 dot1dBaseNumPorts. */
export const ROLE_OBJECTS = { ipForwarding: '1.3.6.1.2.1.4.1.0', dot1dBaseNumPorts: '1.3.6.1.2.1.17.1.2.0' } as const;

export interface SnmpRole {
  readonly forwarding: boolean;
  /** Bridge ports the agent says it has; 0 when it has no BRIDGE-MIB. */
  readonly bridgePorts: number;
}

/** A host that answered the probe, with what it says it is. The community is a secret: held in memory, never recorded. */
export interface SnmpAnswer extends SnmpRole {
  readonly ip: string;
  readonly community: string;
}

const INTEGER = 2;
/** dot1dBaseNumPorts is an Integer32; more ports than any chassis has is not believed. */
const MAX_PORTS = 65_535;

export function roleOf(varbinds: readonly unknown[]): SnmpRole {
  let forwarding = false;
  let bridgePorts = 0;
  for (const vb of varbinds.slice(0, 2)) {
    if (!vb || typeof vb !== 'object') continue;
    const { oid, type, value } = vb as { oid?: unknown; type?: unknown; value?: unknown };
    if (typeof oid !== 'string' || type !== INTEGER || typeof value !== 'number' || !Number.isInteger(value)) continue;
    const name = oid.replace(/^\./, '');
    if (name === ROLE_OBJECTS.ipForwarding) forwarding = value === 1;
    else if (name === ROLE_OBJECTS.dot1dBaseNumPorts && value > 0 && value <= MAX_PORTS) bridgePorts = value;
  }
  return { forwarding, bridgePorts };
}
