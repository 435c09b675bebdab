/**
 * The hostile profile's discovery attacks (issue #16), checked with plain clients on loopback:
 * the mDNS flooder's large answers, the SSDP flooder's distinct LOCATIONs, and claims about
 * another device's address (mDNS A record, SSDP LOCATION host).
 */
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../sim/simulator.js';
import { device, memoryLog } from '../sim/testing/devices.js';
import { queryUdp } from '../sim/testing/udp-client.js';

const FLOODER = '127.0.0.71';
const FRAMER = '127.0.0.72';
const NEIGHBOUR = '127.0.0.73';
const PORTS = { ssdp: 21900, wsd: 23702, sadp: 27020, dhip: 27810, mdns: 25353 };

let sim: Simulator;
const { log } = memoryLog();

beforeAll(async () => {
  sim = await startSimulator(
    [
      device({ id: 'mdns-flooder', mac: '02:4c:00:00:00:71', ip: FLOODER, hostname: 'flood', mdnsFlood: { answers: 5, services: 17 } }),
      device({
        id: 'framer', mac: 'dc:a6:32:9e:41:08', ip: FRAMER, hostname: 'framer',
        mdns: [{ type: '_CGI._tcp', name: 'HIKVISION DS-2CD2043G0-I - 1', port: 80, txt: {}, address: NEIGHBOUR }],
        ssdp: {
          server: 'Hikvision-Webs', usn: 'uuid:1::{st}', st: ['upnp:rootdevice'], headers: [],
          location: { host: NEIGHBOUR, port: 49152, path: '/d.xml' }, floodLocations: 300, description: '<root/>',
        },
      }),
    ],
    { ports: PORTS, multicast: false, log },
  );
});

afterAll(async () => {
  await sim?.stop();
});

const addresses = (payload: Buffer): unknown[] => (dnsPacket.decode(payload).additionals ?? []).flatMap((a) => (a.type === 'A' ? [a.data] : []));

const browse = dnsPacket.encode({ type: 'query', id: 7, questions: [{ type: 'PTR', name: '_CGI._tcp.local' }] });

describe('hostile discovery answers', () => {
  it('the mDNS flooder answers one query with many large responses of fresh instances', async () => {
    const replies = await queryUdp(FLOODER, PORTS.mdns, browse, { expect: 5 });
    expect(replies).toHaveLength(5);
    const instances = new Set<string>();
    for (const r of replies) {
      expect(r.payload.length).toBeGreaterThan(7000);
      expect(r.payload.length).toBeLessThanOrEqual(9000);
      const packet = dnsPacket.decode(r.payload);
      for (const a of packet.answers ?? []) if (a.type === 'PTR') instances.add(a.data);
      expect(addresses(r.payload)).toEqual([FLOODER]);
    }
    expect(instances.size).toBe(5 * 17);
  });

  it('an mDNS A record and an SSDP LOCATION can name another device, and LOCATIONs can flood', async () => {
    const [mdns] = await queryUdp(FRAMER, PORTS.mdns, browse, { expect: 1 });
    expect(mdns?.address).toBe(FRAMER);
    expect(addresses(mdns!.payload)).toEqual([NEIGHBOUR]);
    const msearch = Buffer.from('M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: upnp:rootdevice\r\n\r\n');
    const ssdp = await queryUdp(FRAMER, PORTS.ssdp, msearch, { expect: 301, waitMs: 3000 });
    const locations = ssdp.map((r) => /LOCATION: (\S+)/.exec(r.payload.toString())?.[1]);
    expect(locations[0]).toBe(`http://${NEIGHBOUR}:49152/d.xml`);
    // Loopback may drop a few of a burst; most arrive, all distinct, all on the framer's own address.
    expect(new Set(locations.slice(1)).size).toBeGreaterThan(200);
    expect(locations.slice(1).every((l) => l?.startsWith(`http://${FRAMER}:`))).toBe(true);
  });
});
