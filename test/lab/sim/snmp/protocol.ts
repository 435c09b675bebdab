/** SNMP as a unicast UDP responder: one agent per device address on port 161. */
import type { SimDevice, UdpProtocol } from '../udp/protocol.js';
import { TAG, decodeInteger, readTlv } from './ber.js';
import { buildMib, respond } from './agent.js';
import { bridgeTables } from './bridge-tables.js';
import { entityTable } from './entity-table.js';
import { labEngine, respondV3, type Engine } from './usm.js';

/** `segment`: the devices served beside it, whose MACs a switch's tables hold. */
export function snmpProtocol(port: number, segment: readonly SimDevice[] = []): UdpProtocol {
  const mibs = new WeakMap<SimDevice, ReturnType<typeof buildMib>>();
  const engines = new WeakMap<SimDevice, Engine>();
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
      let reply: Buffer | null;
      if (snmp.v3 && isV3(query)) {
        let engine = engines.get(device);
        if (!engine) engines.set(device, (engine = labEngine(device.id)));
        reply = respondV3(query, snmp.v3, engine, mib, snmp.hostileTables === true);
      } else {
        reply = respond(query, snmp.community, mib, snmp.hostileTables === true);
      }
      return reply ? [{ payload: reply }] : [];
    },
  };
}

/** msgVersion 3: the message's first element is INTEGER 3. */
function isV3(query: Buffer): boolean {
  const version = readTlv(readTlv(query, 0).value, 0);
  return version.tag === TAG.integer && decodeInteger(version.value) === 3;
}
