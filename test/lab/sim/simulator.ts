/**
 * The lab's device simulator: one process serves every device of a segment, answering by the
 * address a packet was sent to. `startSimulator` binds everything and resolves once all
 * listeners are up; `stop` closes them all.
 */
import pLimit from 'p-limit';
import type { LabDevice } from '../profile-schema.js';
import { dhipProtocol } from './discovery/dhip.js';
import { dnsProtocol } from './discovery/dns.js';
import { mdnsProtocol } from './discovery/mdns.js';
import { netbiosProtocol } from './discovery/netbios.js';
import { sadpProtocol } from './discovery/sadp.js';
import { ssdpProtocol } from './discovery/ssdp.js';
import { wsdProtocol } from './discovery/wsd.js';
import { resolveOptions, type SimOptions } from './options.js';
import { snmpProtocol } from './snmp/protocol.js';
import { listenTcp, type Closable } from './tcp/listener.js';
import { listenerSpecs } from './tcp/services.js';
import { hostUdp } from './udp/host.js';
import type { SimDevice } from './udp/protocol.js';

export interface Simulator {
  stop(): Promise<void>;
}

/** Bounds concurrent openssl runs and binds on a 1,000-host segment. */
const START_CONCURRENCY = 32;

function withAddresses(devices: LabDevice[]): SimDevice[] {
  return devices.map((device) => {
    if (device.ip === undefined) throw new Error(`device ${device.id} has no ip: run the simulator on a resolved profile`);
    return { ...device, ip: device.ip };
  });
}

export async function startSimulator(devices: LabDevice[], simOptions: SimOptions = {}): Promise<Simulator> {
  const options = resolveOptions(simOptions);
  const sim = withAddresses(devices);
  const limit = pLimit(START_CONCURRENCY);
  const tcp: Closable[] = [];
  const stopTcp = async (): Promise<void> => {
    await Promise.all(tcp.map((l) => l.close()));
  };

  try {
    const specs = (await Promise.all(sim.map((d) => limit(() => listenerSpecs(d, options.log))))).flat();
    await Promise.all(
      specs.map((spec) =>
        limit(async () => {
          try {
            tcp.push(await listenTcp(spec, options.limits, options.log));
          } catch (error) {
            throw new Error(`${spec.label}: cannot listen: ${error instanceof Error ? error.message : String(error)}`);
          }
        }),
      ),
    );
    const { ports, log } = options;
    const udp = await hostUdp(
      [snmpProtocol(ports.snmp, sim), ssdpProtocol(ports.ssdp), wsdProtocol(ports.wsd), sadpProtocol(ports.sadp, log), dhipProtocol(ports.dhip), mdnsProtocol(ports.mdns), netbiosProtocol(ports.netbios), dnsProtocol(ports.dns)],
      sim,
      options,
    );
    return {
      async stop() {
        await Promise.all([stopTcp(), udp.close()]);
      },
    };
  } catch (error) {
    await stopTcp();
    throw error;
  }
}
