/**
 * The site's DNS server, reverse zone only: a PTR question for an address the device's zone
 * holds gets the name, any other question NXDOMAIN. Lets the lab show the names a scanner reads
 * from the system resolver (the scanner namespace's resolv.conf points here).
 */
import dnsPacket from 'dns-packet';
import type { UdpProtocol, UdpReply } from '../udp/protocol.js';

const REVERSE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa$/i;

export function dnsProtocol(port: number): UdpProtocol {
  return {
    name: 'dns',
    port,
    groups: [],
    serves: (device) => device.dns !== undefined,
    answer(query, device): UdpReply[] {
      const packet = dnsPacket.decode(query);
      if (packet.type !== 'query') return [];
      const question = packet.questions?.[0];
      const m = question ? REVERSE.exec(question.name) : null;
      const name = m && question?.type === 'PTR' ? device.dns?.ptr[`${m[4]}.${m[3]}.${m[2]}.${m[1]}`] : undefined;
      const reply = dnsPacket.encode({
        type: 'response',
        id: packet.id ?? 0,
        flags: dnsPacket.AUTHORITATIVE_ANSWER | ((packet.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | (name ? 0 : 3),
        questions: packet.questions ?? [],
        answers: name && question ? [{ type: 'PTR', name: question.name, class: 'IN', ttl: 3600, data: name }] : [],
      });
      return [{ payload: reply }];
    },
  };
}
