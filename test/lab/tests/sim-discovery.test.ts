import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import dnsPacket from 'dns-packet';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../sim/simulator.js';
import { device, memoryLog } from '../sim/testing/devices.js';
import { queryUdp } from '../sim/testing/udp-client.js';

const run = promisify(execFile);
const HIK = '127.0.0.61';
const DAHUA = '127.0.0.62';
const HUAWEI = '127.0.0.63';
const PORTS = { ssdp: 11900, wsd: 13702, sadp: 17020, dhip: 17810, mdns: 15353 };

const HIK_SCOPES = [
  'onvif://www.onvif.org/type/video_encoder', 'onvif://www.onvif.org/Profile/Streaming',
  'onvif://www.onvif.org/MAC/58:50:ed:1f:e3:85', 'onvif://www.onvif.org/hardware/DS-2CD2385G1-I',
  'onvif://www.onvif.org/name/HIKVISION%20DS-2CD2385G1-I', 'onvif://www.onvif.org/location/city/hangzhou',
];
const DAHUA_INFO = {
  AlarmInputChannels: 0, DeviceClass: 'IPC', DeviceType: 'IPC-HDW1431T1-S4', HttpPort: 80,
  IPv4Address: { DefaultGateway: '192.168.124.1', DhcpEnable: true, IPAddress: '{ip}', SubnetMask: '255.255.255.0' },
  IPv6Address: { IPAddress: '/0' }, Manufacturer: 'Private', Port: 37777, SerialNo: '6C01E93PAG69A7D', Vendor: 'Private', Version: '2.800.0000000.13.R',
};

let sim: Simulator;
const { lines, log } = memoryLog();

beforeAll(async () => {
  sim = await startSimulator(
    [
      device({
        id: 'hik', mac: '58:50:ed:1f:e3:85', ip: HIK, hostname: 'DS-2CD2722FWD-IZS20170321BBWR733050075',
        sadp: { fields: [['DeviceType', '141945'], ['DeviceDescription', 'DS-2CD2385G1-I'], ['DeviceSN', 'DS-2CD2385G1-I20200414AAWRE33842150'],
          ['CommandPort', '8000'], ['MAC', '58:50:ED:1F:E3:85'], ['IPv4Address', '{ip}'], ['IPv4Gateway', ''], ['HCPlatformEnable', 'flase']] },
        onvif: { endpoint: 'urn:uuid:aa85c000-6324-11b3-819e-5850ed1fe385', scopes: HIK_SCOPES, metadataVersion: 10 },
        mdns: [{ type: '_CGI._tcp', name: 'HIKVISION DS-2CD2722FWD-IZS - 733050075', port: 80, txt: { path: '/' } }],
      }),
      device({
        id: 'dahua', mac: '08:ed:ed:87:42:7a', ip: DAHUA,
        dhip: { deviceInfo: DAHUA_INFO },
        onvif: { endpoint: 'uuid:503b687a-b9d7-474f-a2d0-a18c8b25a464', scopes: ['onvif://www.onvif.org/name/Dahua'], types: 'dn:NetworkVideoTransmitter' },
        ssdp: {
          server: 'Linux/3.8.8, UPnP/1.0, ZheJiang Dahua Technology CO.,LTD. Upnp SDK',
          usn: 'uuid:www.dahuatech.com.device_3_0-1L047ACPAW00037::{st}',
          st: ['upnp:rootdevice', 'urn:schemas-upnp-org:device:Basic:1'],
          headers: [['X-User-Agent', 'redsonic']],
          location: { port: 14915, path: '/upnp_device_desc.xml' },
          description: '<?xml version="1.0"?><root><device><manufacturer>Dahua</manufacturer></device></root>',
        },
      }),
      device({ id: 'router', mac: '00:e0:fc:37:25:25', ip: HUAWEI }),
    ],
    { multicast: false, log, ports: PORTS },
  );
});

afterAll(async () => {
  await sim?.stop();
});

describe('Hikvision SADP', () => {
  const probe = (uuid: string, types = 'inquiry'): Buffer =>
    Buffer.from(`<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>${uuid}</Uuid><Types>${types}</Types></Probe>`);

  it('answers libsadp\'s inquiry with a CRLF-separated ProbeMatch echoing the Uuid', async () => {
    const uuid = randomUUID().toUpperCase();
    const [reply, ...more] = await queryUdp(HIK, PORTS.sadp, probe(uuid), { expect: 1 });
    expect(more).toEqual([]);
    expect(reply?.address).toBe(HIK);
    expect(reply?.payload.toString('utf8')).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><ProbeMatch><Uuid>${uuid}</Uuid>\r\n<Types>inquiry</Types>\r\n` +
      '<DeviceType>141945</DeviceType>\r\n<DeviceDescription>DS-2CD2385G1-I</DeviceDescription>\r\n' +
      '<DeviceSN>DS-2CD2385G1-I20200414AAWRE33842150</DeviceSN>\r\n<CommandPort>8000</CommandPort>\r\n' +
      `<MAC>58-50-ed-1f-e3-85</MAC>\r\n<IPv4Address>${HIK}</IPv4Address>\r\n<IPv4Gateway/>\r\n` +
      '<HCPlatformEnable>flase</HCPlatformEnable>\r\n</ProbeMatch>\r\n',
    );
  });

  it('answers inquiry_v32 and ignores every state-changing Types', async () => {
    const v32 = await queryUdp(HIK, PORTS.sadp, probe('u1', 'inquiry_v32'), { expect: 1 });
    expect(v32[0]?.payload.toString()).toContain('<Types>inquiry_v32</Types>');
    for (const types of ['activate', 'reset', 'update', 'getencryptstring']) {
      expect(await queryUdp(HIK, PORTS.sadp, probe('u2', types), { waitMs: 300 })).toEqual([]);
    }
    expect(lines.filter((l) => l.includes('ignored Types'))).toHaveLength(4);
  });

  it('does not answer for a device without SADP', async () => {
    expect(await queryUdp(DAHUA, PORTS.sadp, probe('u3'), { waitMs: 300 })).toEqual([]);
  });
});

describe('Dahua DHIP', () => {
  // The Go tool's probe body (73 bytes, length byte 0x49), in the 32-byte DHIP header.
  const body = Buffer.from('{ "method" : "DHDiscover.search", "params" : { "mac" : "", "uni" : 1 } }\n');
  const header = (length: number): Buffer => {
    const h = Buffer.alloc(32);
    Buffer.from('2000000044484950', 'hex').copy(h);
    h.writeUInt32LE(length, 0x10);
    h.writeUInt32LE(length, 0x18);
    return h;
  };

  it('answers DHDiscover.search with client.notifyDevInfo: same header, body_len counting the 0a 00 tail', async () => {
    expect(body.length).toBe(0x49);
    const [reply] = await queryUdp(DAHUA, PORTS.dhip, Buffer.concat([header(body.length), body]), { expect: 1 });
    const packet = reply?.payload ?? Buffer.alloc(0);
    expect(reply?.address).toBe(DAHUA);
    expect(packet.subarray(0, 8).toString('hex')).toBe('2000000044484950');
    expect(packet.readUInt32LE(0x10)).toBe(packet.length - 32);
    expect(packet.readUInt32LE(0x18)).toBe(packet.length - 32);
    expect(packet.subarray(8, 16).equals(Buffer.alloc(8))).toBe(true);
    expect(packet.subarray(-2).toString('hex')).toBe('0a00');
    const json = packet.subarray(32, -2).toString('utf8');
    expect(json.startsWith('{"mac":"08:ed:ed:87:42:7a","method":"client.notifyDevInfo","params":{"deviceInfo":{')).toBe(true);
    expect(json).toContain('"IPAddress":"\\/0"');
    const parsed = JSON.parse(json) as { params: { deviceInfo: typeof DAHUA_INFO } };
    expect(parsed.params.deviceInfo).toEqual({ ...DAHUA_INFO, IPv4Address: { ...DAHUA_INFO.IPv4Address, IPAddress: DAHUA } });
  });

  it('accepts the other tools\' probe bodies and ignores other methods and bad headers', async () => {
    for (const text of ['{"method":"DHDiscover.search","params":{"mac":"","uni":0}}\n', '{"method": "DHDiscover.search", "params": {"mac": "", "uni": 1}}']) {
      const b = Buffer.from(text);
      expect(await queryUdp(DAHUA, PORTS.dhip, Buffer.concat([header(b.length), b]), { expect: 1 })).toHaveLength(1);
    }
    const other = Buffer.from('{"method":"DHDiscover.setConfig","params":{}}');
    expect(await queryUdp(DAHUA, PORTS.dhip, Buffer.concat([header(other.length), other]), { waitMs: 300 })).toEqual([]);
    expect(await queryUdp(DAHUA, PORTS.dhip, Buffer.concat([header(5000), body]), { waitMs: 300 })).toEqual([]);
    expect(await queryUdp(DAHUA, PORTS.dhip, Buffer.concat([header(5), Buffer.from('{"met')]), { waitMs: 300 })).toEqual([]);
    expect(lines.filter((l) => l.startsWith('dhip: dahua: malformed query')).length).toBe(2);
  });
});

describe('ONVIF WS-Discovery', () => {
  const probe = (messageId: string, types: string): Buffer => Buffer.from(
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"><s:Header>' +
    '<a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>' +
    `<a:MessageID>${messageId}</a:MessageID><a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>` +
    '<a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header><s:Body>' +
    '<Probe xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery"><d:Types xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" ' +
    `xmlns:dp0="http://www.onvif.org/ver10/network/wsdl">${types}</d:Types></Probe></s:Body></s:Envelope>`);
  const parser = new XMLParser({ removeNSPrefix: true, processEntities: false, parseTagValue: false });

  it('answers UniversalScanner\'s probe with a ProbeMatches envelope field by field', async () => {
    const messageId = `uuid:${randomUUID()}`;
    const [reply] = await queryUdp(HIK, PORTS.wsd, probe(messageId, 'dp0:NetworkVideoTransmitter'), { expect: 1 });
    expect(reply?.address).toBe(HIK);
    const text = reply?.payload.toString('utf8') ?? '';
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><env:Envelope /);
    const doc = parser.parse(text) as { Envelope: { Header: Record<string, unknown>; Body: { ProbeMatches: { ProbeMatch: Record<string, unknown> } } } };
    const header = doc.Envelope.Header;
    expect(header.RelatesTo).toBe(messageId);
    expect(header.MessageID).toMatch(/^uuid:[0-9a-f-]{36}$/);
    expect(header.MessageID).not.toBe(messageId);
    expect(header.Action).toBe('http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches');
    const match = doc.Envelope.Body.ProbeMatches.ProbeMatch;
    expect(match.EndpointReference).toEqual({ Address: 'urn:uuid:aa85c000-6324-11b3-819e-5850ed1fe385' });
    expect(match.Types).toBe('dn:NetworkVideoTransmitter tds:Device');
    expect(match.Scopes).toBe(HIK_SCOPES.join(' '));
    expect(match.XAddrs).toBe(`http://${HIK}/onvif/device_service`);
    expect(match.MetadataVersion).toBe('10');
  });

  it('answers a probe without Types, and not one for types the device lacks', async () => {
    expect(await queryUdp(DAHUA, PORTS.wsd, probe('uuid:1', ''), { expect: 1 })).toHaveLength(1);
    expect(await queryUdp(DAHUA, PORTS.wsd, probe('uuid:2', 'tds:Device'), { waitMs: 300 })).toEqual([]);
    expect(await queryUdp(HIK, PORTS.wsd, Buffer.from('<Probe>no id</Probe>'), { waitMs: 300 })).toEqual([]);
  });
});

describe('SSDP', () => {
  const msearch = (st: string): Buffer =>
    Buffer.from(`M-SEARCH * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\nMan: "ssdp:discover"\r\nMX: 5\r\nST: ${st}\r\n\r\n`);

  it('answers nmap\'s ssdp:all M-SEARCH with one reply per search target', async () => {
    const replies = await queryUdp(DAHUA, PORTS.ssdp, msearch('ssdp:all'), { expect: 2 });
    expect(replies.map((r) => r.address)).toEqual([DAHUA, DAHUA]);
    expect(replies[0]?.payload.toString()).toBe(
      'HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n' +
      `LOCATION: http://${DAHUA}:14915/upnp_device_desc.xml\r\n` +
      'SERVER: Linux/3.8.8, UPnP/1.0, ZheJiang Dahua Technology CO.,LTD. Upnp SDK\r\nST: upnp:rootdevice\r\n' +
      'USN: uuid:www.dahuatech.com.device_3_0-1L047ACPAW00037::upnp:rootdevice\r\nX-User-Agent: redsonic\r\n\r\n',
    );
    expect(replies[1]?.payload.toString()).toContain('ST: urn:schemas-upnp-org:device:Basic:1\r\n');
  });

  it('answers a specific target once, and nothing for targets it lacks', async () => {
    expect(await queryUdp(DAHUA, PORTS.ssdp, msearch('upnp:rootdevice'), { waitMs: 400 })).toHaveLength(1);
    expect(await queryUdp(DAHUA, PORTS.ssdp, msearch('urn:schemas-upnp-org:device:InternetGatewayDevice:1'), { waitMs: 300 })).toEqual([]);
  });

  it('serves the description XML where LOCATION points', async () => {
    const { stdout } = await run('curl', ['-si', `http://${DAHUA}:14915/upnp_device_desc.xml`]);
    expect(stdout).toContain('CONTENT-TYPE: text/xml; charset="utf-8"');
    expect(stdout.endsWith('<manufacturer>Dahua</manufacturer></device></root>')).toBe(true);
  });
});

describe('mDNS / DNS-SD', () => {
  it('answers dig\'s PTR query for _CGI._tcp with PTR, SRV, TXT and A as the Hikvision captures show', async () => {
    const { stdout } = await run('dig', ['+norecurse', '+time=2', '+tries=1', `@${HIK}`, '-p', String(PORTS.mdns), '_CGI._tcp.local', 'PTR']);
    expect(stdout).toMatch(/_CGI\._tcp\.local\.\s+4500\s+IN\s+PTR\s+HIKVISION\\032DS-2CD2722FWD-IZS\\032-\\032733050075\._CGI\._tcp\.local\./);
    expect(stdout).toMatch(/\s120\s+IN\s+SRV\s+0 0 80 DS-2CD2722FWD-IZS20170321BBWR733050075\.local\./);
    expect(stdout).toMatch(/\s4500\s+IN\s+TXT\s+"path=\/"/);
    expect(stdout).toMatch(new RegExp(`DS-2CD2722FWD-IZS20170321BBWR733050075\\.local\\.\\s+120\\s+IN\\s+A\\s+${HIK.replaceAll('.', '\\.')}`));
  });

  it('lists service types for the DNS-SD meta-query and echoes the query id to a legacy asker', async () => {
    const query = dnsPacket.encode({ type: 'query', id: 4242, questions: [{ name: '_services._dns-sd._udp.local', type: 'PTR' }] });
    const [reply] = await queryUdp(HIK, PORTS.mdns, query, { expect: 1 });
    const packet = dnsPacket.decode(reply?.payload ?? Buffer.alloc(0));
    expect(packet.id).toBe(4242);
    expect(packet.answers?.map((a) => [a.type, a.name, 'data' in a ? a.data : null])).toEqual([['PTR', '_services._dns-sd._udp.local', '_CGI._tcp.local']]);
  });

  it('stays silent for services it does not have and ignores malformed packets', async () => {
    const query = dnsPacket.encode({ type: 'query', id: 1, questions: [{ name: '_ipp._tcp.local', type: 'PTR' }] });
    expect(await queryUdp(HIK, PORTS.mdns, query, { waitMs: 300 })).toEqual([]);
    expect(await queryUdp(HIK, PORTS.mdns, Buffer.from('0001000000010000', 'hex'), { waitMs: 300 })).toEqual([]);
    expect(lines.some((l) => l.startsWith('mdns: hik: malformed query'))).toBe(true);
  });
});
