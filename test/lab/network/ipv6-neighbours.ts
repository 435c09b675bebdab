/**
 * With a profile's `ipv6`: each router echoes all nodes on its segment once the lab is up, from its
 * link-local address and from its global one (`router.hereIpv6`), so its IPv6 neighbour table (and
 * snmpd's ipNetToPhysicalTable, read from it) holds the segment's hosts by both kinds of address, as
 * a real router's does once its hosts have talked through it. Nothing leaves the segment.
 */
import type { AddressPlan } from './address-plan.js';
import { ifname, labNames } from './naming.js';
import { run } from './run.js';

export async function greetIpv6Neighbours(id: string, plan: AddressPlan): Promise<void> {
  const echo = ['ping', '-6', '-n', '-q', '-c', '2', '-i', '0.2', '-w', '2'];
  const pings = plan.segments
    .filter((s) => s.index !== plan.scannerIndex)
    .flatMap((seg) => {
      const ns = labNames(id).router(seg.index);
      const group = `ff02::1%${ifname.routerHere}`;
      const global = seg.segment.router?.hereIpv6?.split('/')[0];
      return [[ns, ...echo, group], ...(global ? [[ns, ...echo, '-I', global, group]] : [])];
    });
  await Promise.all(pings.map((args) => run('ip', ['netns', 'exec', ...args])));
}
