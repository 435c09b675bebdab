/**
 * Test helper run inside a throwaway namespace: sends each discovery protocol's documented
 * probe to its multicast group from --from, and prints every reply (source address and port,
 * payload as base64) as one JSON object on stdout.
 *   node --import tsx multicast-client.ts --from 10.98.0.100
 */
import { parseArgs } from 'node:util';
import dnsPacket from 'dns-packet';
import { queryUdp, type Received } from './udp-client.js';

const { values } = parseArgs({ options: { from: { type: 'string' } } });
const from = values.from ?? '0.0.0.0';

const dhipBody = Buffer.from('{"method":"DHDiscover.search","params":{"mac":"","uni":0}}\n');
const dhipHeader = Buffer.alloc(32);
Buffer.from('2000000044484950', 'hex').copy(dhipHeader);
dhipHeader.writeUInt32LE(dhipBody.length, 0x10);
dhipHeader.writeUInt32LE(dhipBody.length, 0x18);

const probes: Record<string, { group: string; port: number; payload: Buffer; fromPort?: number }> = {
  ssdp: { group: '239.255.255.250', port: 1900, payload: Buffer.from('M-SEARCH * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\nMan: "ssdp:discover"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n') },
  sadp: { group: '239.255.255.250', port: 37020, payload: Buffer.from('<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>5B7A1D0C-0E3F-4A57-9C3B-7D2E4F1A9B10</Uuid><Types>inquiry</Types></Probe>') },
  wsd: {
    group: '239.255.255.250', port: 3702,
    payload: Buffer.from('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"><s:Header><a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action><a:MessageID>uuid:0d9d5e8e-1111-4a1e-9a5b-000000000001</a:MessageID></s:Header><s:Body><Probe xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery"/></s:Body></s:Envelope>'),
  },
  dhip: { group: '239.255.255.251', port: 37810, payload: Buffer.concat([dhipHeader, dhipBody]) },
  mdns: { group: '224.0.0.251', port: 5353, fromPort: 5353, payload: dnsPacket.encode({ type: 'query', id: 0, questions: [{ name: '_CGI._tcp.local', type: 'PTR' }] }) },
};

const out: Record<string, { address: string; port: number; payload: string }[]> = {};
for (const [name, probe] of Object.entries(probes)) {
  // Sent twice: the copy must not earn a second answer. mDNS asks from 5353 on the wildcard
  // address, the only socket that hears the group's answers.
  const options = probe.fromPort === undefined
    ? { from, waitMs: 1500, repeat: 2 }
    : { from: '0.0.0.0', fromPort: probe.fromPort, multicastInterface: from, waitMs: 1500, repeat: 2 };
  const replies = await queryUdp(probe.group, probe.port, probe.payload, options);
  out[name] = replies
    .filter((r: Received) => !r.payload.equals(probe.payload))
    .map((r: Received) => ({ address: r.address, port: r.port, payload: r.payload.toString('base64') }));
}
process.stdout.write(`${JSON.stringify(out)}\n`);
