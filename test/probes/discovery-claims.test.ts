/**
 * Issue #16 finding 2: a device may only speak for itself. Each discovery protocol's reply is
 * attributed to its UDP source; a reply that names other addresses and never the sender's is one
 * finding about the sender, and nothing of it reaches the sender or the address it names.
 */
import { describe, expect, it } from 'vitest';
import { DHIP, SADP, SSDP, WS_DISCOVERY, type MulticastProbe } from '../../src/probes/multicast/discovery-probes.js';
import type { ProbeContext } from '../../src/probes/probe-context.js';
import type { Scope } from '../../src/scope/types.js';

const n = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const scope: Scope = { ranges: [{ first: n('10.0.0.0'), last: n('10.0.0.255') }], size: 256, labels: ['10.0.0.0/24'], excluded: [] };
const ctx: ProbeContext = { scope, signal: new AbortController().signal, timeoutMs: 100, interfaces: [], now: () => new Date('2026-01-01T00:00:00Z') };
const FRAMER = '10.0.0.5';
const NEIGHBOUR = '10.0.0.9';

const sadp = (ip: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><ProbeMatch><Uuid>1</Uuid>\r\n<Types>inquiry</Types>\r\n<DeviceType>141945</DeviceType>\r\n<DeviceDescription>DS-2CD2043G0-I</DeviceDescription>\r\n<DeviceSN>DS-2CD2043G0-I20200101AAWRC12345678</DeviceSN>\r\n<MAC>ac-cc-8e-00-00-09</MAC>\r\n<IPv4Address>${ip}</IPv4Address>\r\n</ProbeMatch>\r\n`;

function dhip(ip: string): string {
  const body = Buffer.from(
    `{"mac":"3c:ef:8c:00:00:09","method":"client.notifyDevInfo","params":{"deviceInfo":{"DeviceClass":"IPC","DeviceType":"IPC-HDW1431T1-S4","IPv4Address":{"IPAddress":"${ip}","SubnetMask":"255.255.255.0"},"SerialNo":"8E02F11PAG7B3C1","Vendor":"Private"}}}\n\0`,
  );
  const h = Buffer.alloc(32);
  h.writeUInt32LE(32, 0);
  h.write('DHIP', 4);
  h.writeUInt32LE(body.length, 0x10);
  h.writeUInt32LE(body.length, 0x18);
  return Buffer.concat([h, body]).toString('latin1');
}

const wsd = (xaddrs: string) =>
  `<?xml version="1.0"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"><env:Body><d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address>urn:uuid:4b1d2c00-1234-11b4-8f11-ecc89c5a2e17</a:Address></a:EndpointReference><d:Types>dn:NetworkVideoTransmitter</d:Types><d:Scopes>onvif://www.onvif.org/name/HIKVISION%20DS-2CD2043G0-I onvif://www.onvif.org/hardware/DS-2CD2043G0-I</d:Scopes><d:XAddrs>${xaddrs}</d:XAddrs></d:ProbeMatch></d:ProbeMatches></env:Body></env:Envelope>`;

const ssdp = (host: string) => `HTTP/1.1 200 OK\r\nSERVER: Linux/3.10 UPnP/1.0 Hikvision-Webs/1.0\r\nLOCATION: http://${host}:49152/description.xml\r\nUSN: uuid:hik::upnp:rootdevice\r\n\r\n`;

const decode = (probe: MulticastProbe, text: string, from = FRAMER) =>
  probe.decode({ from, port: probe.port, data: Buffer.from(text, probe === DHIP ? 'latin1' : 'utf8'), truncated: false }, ctx);

const cases: [string, MulticastProbe, (ip: string) => string, string][] = [
  ['SADP IPv4Address', SADP, sadp, 'sadp'],
  ['DHIP IPv4Address.IPAddress', DHIP, dhip, 'dhip'],
  ['WS-Discovery XAddrs', WS_DISCOVERY, (ip) => wsd(`http://${ip}/onvif/device_service`), 'onvif'],
  ['SSDP LOCATION', SSDP, ssdp, 'ssdp'],
];

describe('discovery replies speak only for their sender', () => {
  for (const [name, probe, reply, source] of cases) {
    it(`${name}: a reply about a neighbour is one finding about the sender, nothing else`, () => {
      const facts = decode(probe, reply(NEIGHBOUR));
      expect(facts.map((o) => [o.ip, o.kind, o.source])).toEqual([[FRAMER, 'malformed', source]]);
      expect(facts[0]?.value).toMatch(/^speaks for another address \(10\.0\.0\.9\), not attributed: /);
    });

    it(`${name}: a reply naming its own sender is the sender's`, () => {
      const facts = decode(probe, reply(FRAMER));
      expect(facts.length).toBeGreaterThan(0);
      expect(facts.every((o) => o.ip === FRAMER && o.kind !== 'malformed')).toBe(true);
    });
  }

  it('a reply that names no address (empty SADP IPv4Address, host-name XAddrs) is the sender\'s', () => {
    expect(decode(SADP, sadp('').replace('<IPv4Address></IPv4Address>', '<IPv4Address/>')).map((o) => o.kind)).toEqual(['sadp.reply']);
    expect(decode(SADP, sadp('0.0.0.0')).map((o) => o.kind)).toEqual(['sadp.reply']);
    expect(decode(WS_DISCOVERY, wsd('http://cam.local/onvif/device_service')).map((o) => o.kind)).toEqual(['onvif.endpoint', 'onvif.scope']);
  });

  it('a multi-homed device listing its own address among others is the sender\'s', () => {
    const facts = decode(WS_DISCOVERY, wsd(`http://192.168.254.1/onvif/device_service http://${FRAMER}/onvif/device_service`));
    expect(facts.map((o) => [o.ip, o.kind])).toEqual([
      [FRAMER, 'onvif.endpoint'],
      [FRAMER, 'onvif.scope'],
    ]);
  });
});
