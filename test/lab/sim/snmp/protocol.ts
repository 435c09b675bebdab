/** SNMP as a unicast UDP responder: one agent per device address on port 161. */
import type { SimDevice, UdpProtocol } from '../udp/protocol.js';
import { buildMib, respond } from './agent.js';
import { bridgeTables } from './bridge-tables.js';
import { entityTable } from './entity-table.js';

/** `segment`: the devices served beside it, whose MACs a switch's tables hold. */
export function snmpProtocol(port: number, segment: readonly SimDevice[] = []): UdpProtocol {
  const mibs = new WeakMap<SimDevice, ReturnType<typeof buildMib>>();
  return {
    name: 'snmp',
    port,
    groups: [],
    serves: (device) => device.snmp !== undefined,
    answer(query, device) {
      const snmp = device.snmp;
      if (!snmp) return [];
      let mib = mibs.get(device);
      if (!mib) {
        const bridge = snmp.bridge;
        const tables = [
          ...(bridge ? bridgeTables({ id: device.id, mac: device.mac, sysName: snmp.sysName, bridge }, segment) : []),
          ...entityTable(snmp.entity ?? []),
        ];
        mib = buildMib({ ...snmp, tables });
        mibs.set(device, mib);
      }
      const reply = respond(query, snmp.community, mib, snmp.hostileTables === true);
      return reply ? [{ payload: reply }] : [];
    },
  };
}
