/** SNMP as a unicast UDP responder: one agent per device address on port 161. */
import type { SimDevice, UdpProtocol } from '../udp/protocol.js';
import { buildMib, respond } from './agent.js';

export function snmpProtocol(port: number): UdpProtocol {
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
        mib = buildMib(snmp);
        mibs.set(device, mib);
      }
      const reply = respond(query, snmp.community, mib);
      return reply ? [{ payload: reply }] : [];
    },
  };
}
