import { describe, expect, it } from 'vitest';
import { encodeDhipSearch, parseDhipReply } from '../../src/probes/dhip/dhip-codec.js';
import { encodeSadpInquiry, parseSadpReply } from '../../src/probes/sadp/sadp-codec.js';
import { encodeMSearch, parseDescription, parseSsdpReply } from '../../src/probes/ssdp/ssdp-codec.js';
import { encodeWsdProbe, parseProbeMatch } from '../../src/probes/wsd/wsd-codec.js';

// Field layout of a real DS-2CD2385G1-I reply (fingerprints.md §1), CRLF-separated.
const SADP_REPLY = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<ProbeMatch>',
  '<Uuid>E8ECFE09-1111-2222-3333-444455556666</Uuid>',
  '<Types>inquiry</Types>',
  '<DeviceType>141945</DeviceType>',
  '<DeviceDescription>DS-2CD2385G1-I</DeviceDescription>',
  '<DeviceSN>DS-2CD2385G1-I20200414AAWRE33842150</DeviceSN>',
  '<CommandPort>8000</CommandPort>',
  '<HttpPort>80</HttpPort>',
  '<MAC>58-50-ed-1f-e3-85</MAC>',
  '<IPv4Address>192.168.1.64</IPv4Address>',
  '<SoftwareVersion>V5.6.2build 190701</SoftwareVersion>',
  '<HCPlatformEnable>flase</HCPlatformEnable>',
  '<DetailOEMCode>1</DetailOEMCode>',
  '</ProbeMatch>',
].join('\r\n');

// Body of a real IPC-HDW1431T1-S4 client.notifyDevInfo (fingerprints.md §2a), abbreviated.
const DHIP_BODY =
  '{"mac":"08:ed:ed:87:42:7a","method":"client.notifyDevInfo","params":{"deviceInfo":{"DeviceClass":"IPC","DeviceType":"IPC-HDW1431T1-S4","HttpPort":80,"IPv4Address":{"DefaultGateway":"192.168.1.1","DhcpEnable":false,"IPAddress":"192.168.1.108","SubnetMask":"255.255.255.0"},"Manufacturer":"Private","Port":37777,"SerialNo":"6C01E93PAG69A7D","Vendor":"Private","Version":"2.800.0000000.13.R"}}}';

function dhipPacket(body: string, tail = Buffer.from([0x0a, 0x00])): Buffer {
  const b = Buffer.concat([Buffer.from(body), tail]);
  const h = Buffer.alloc(32);
  h.writeUInt32LE(0x20, 0);
  h.write('DHIP', 4, 'ascii');
  h.writeUInt32LE(b.length, 0x10);
  h.writeUInt32LE(b.length, 0x18);
  return Buffer.concat([h, b]);
}

describe('SADP', () => {
  it('sends only the read-only inquiry, in libsadp format', () => {
    const text = encodeSadpInquiry('abc-123').toString();
    expect(text).toBe('<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>ABC-123</Uuid><Types>inquiry</Types></Probe>');
  });
  it('reads model, serial, MAC, firmware and claimed address of a ProbeMatch', () => {
    expect(parseSadpReply(SADP_REPLY)).toEqual({
      uuid: 'E8ECFE09-1111-2222-3333-444455556666',
      model: 'DS-2CD2385G1-I',
      serial: 'DS-2CD2385G1-I20200414AAWRE33842150',
      mac: '58:50:ed:1f:e3:85',
      firmware: 'V5.6.2build 190701',
      oemCode: '1',
      ipv4: '192.168.1.64',
    });
  });
  it('accepts the <Probematch> spelling and rejects what is not a ProbeMatch', () => {
    expect(parseSadpReply('<Probematch><DeviceDescription>X</DeviceDescription></Probematch>')?.model).toBe('X');
    expect(parseSadpReply('<Probe><Types>inquiry</Types></Probe>')).toBeNull();
    expect(parseSadpReply('\u0000\u0001garbage')).toBeNull();
  });
  it('never expands entities (billion laughs, external entities)', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY xxe SYSTEM "file:///etc/passwd">]><ProbeMatch><DeviceDescription>&b;</DeviceDescription><DeviceSN>&xxe;</DeviceSN></ProbeMatch>`;
    const r = parseSadpReply(bomb);
    expect(r?.model ?? '').not.toContain('aaaa');
    expect(r?.serial ?? '').not.toContain('root:');
  });
});

describe('DHIP', () => {
  it('builds the 32-byte header with the body length twice', () => {
    const p = encodeDhipSearch();
    expect(p.subarray(0, 8)).toEqual(Buffer.from([0x20, 0, 0, 0, 0x44, 0x48, 0x49, 0x50]));
    const len = p.readUInt32LE(0x10);
    expect(p.readUInt32LE(0x18)).toBe(len);
    expect(p.length).toBe(32 + len);
    expect(JSON.parse(p.subarray(32).toString()).method).toBe('DHDiscover.search');
  });
  it('reads client.notifyDevInfo, body length including the 0a 00 tail', () => {
    const r = parseDhipReply(dhipPacket(DHIP_BODY));
    expect(r.ok && r.info).toEqual({
      mac: '08:ed:ed:87:42:7a',
      deviceType: 'IPC-HDW1431T1-S4',
      deviceClass: 'IPC',
      serial: '6C01E93PAG69A7D',
      vendor: 'Private',
      version: '2.800.0000000.13.R',
      ipv4: '192.168.1.108',
    });
  });
  it('says why a reply is not DHIP', () => {
    expect(parseDhipReply(Buffer.from('short'))).toEqual({ ok: false, reason: 'shorter than the 32-byte DHIP header' });
    expect(parseDhipReply(dhipPacket('not json'))).toEqual({ ok: false, reason: 'body is not JSON' });
    expect(parseDhipReply(dhipPacket('{"method":"other"}'))).toEqual({ ok: false, reason: 'not a client.notifyDevInfo message' });
    const huge = dhipPacket('{}');
    huge.writeUInt32LE(0x7fffffff, 0x10);
    expect(parseDhipReply(huge).ok).toBe(false);
  });
});

describe('WS-Discovery', () => {
  it('probes for NetworkVideoTransmitter with a fresh MessageID', () => {
    const text = encodeWsdProbe('1234').toString();
    expect(text).toContain('<a:MessageID>uuid:1234</a:MessageID>');
    expect(text).toContain('http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe');
    expect(text).toContain('dp0:NetworkVideoTransmitter');
  });
  it('reads endpoint, ordered scopes and XAddrs of a Hikvision ProbeMatch', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:wsadis="http://schemas.xmlsoap.org/ws/2004/08/addressing"><env:Header><wsadis:RelatesTo>uuid:1234</wsadis:RelatesTo></env:Header><env:Body><d:ProbeMatches><d:ProbeMatch><wsadis:EndpointReference><wsadis:Address>urn:uuid:aa85c000-6324-11b3-819e-5850ed1fe385</wsadis:Address></wsadis:EndpointReference><d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types><d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/hardware/DS-2CD2385G1-I onvif://www.onvif.org/name/HIKVISION%20DS-2CD2385G1-I onvif://www.onvif.org/location/city/hangzhou</d:Scopes><d:XAddrs>http://10.0.0.5/onvif/device_service</d:XAddrs><d:MetadataVersion>10</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></env:Body></env:Envelope>`;
    expect(parseProbeMatch(xml)).toEqual({
      endpoint: 'urn:uuid:aa85c000-6324-11b3-819e-5850ed1fe385',
      types: 'dn:NetworkVideoTransmitter tds:Device',
      scopes: [
        'onvif://www.onvif.org/type/video_encoder',
        'onvif://www.onvif.org/hardware/DS-2CD2385G1-I',
        'onvif://www.onvif.org/name/HIKVISION%20DS-2CD2385G1-I',
        'onvif://www.onvif.org/location/city/hangzhou',
      ],
      xaddrs: ['http://10.0.0.5/onvif/device_service'],
    });
  });
  it('returns null for anything else', () => {
    expect(parseProbeMatch('<a><b/></a>')).toBeNull();
    expect(parseProbeMatch('<<<')).toBeNull();
  });
});

describe('SSDP', () => {
  it('sends an ssdp:all M-SEARCH', () => {
    expect(encodeMSearch().toString()).toMatch(/^M-SEARCH \* HTTP\/1\.1\r\n[\s\S]*MAN: "ssdp:discover"\r\n[\s\S]*ST: ssdp:all\r\n\r\n$/);
  });
  it('reads the headers of a Dahua reply (home-assistant/core#46822)', () => {
    const r = parseSsdpReply(
      'HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nLOCATION: http://192.168.1.20:49152/upnp_device_desc.xml\r\nSERVER: Linux/3.8.8, UPnP/1.0, ZheJiang Dahua Technology CO.,LTD. Upnp SDK\r\nUSN: uuid:www.dahuatech.com.device_3_0-1L047ACPAW00037\r\n\r\n',
    );
    expect(r?.headers.get('server')).toBe('Linux/3.8.8, UPnP/1.0, ZheJiang Dahua Technology CO.,LTD. Upnp SDK');
    expect(r?.headers.get('location')).toBe('http://192.168.1.20:49152/upnp_device_desc.xml');
    expect(parseSsdpReply('NOTIFY * HTTP/1.1\r\n\r\n')).toBeNull();
  });
  it('reads the root device of a description (Huawei HG531, tailscale tests)', () => {
    const xml = `<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType><friendlyName>HG531</friendlyName><manufacturer>Huawei Technologies Co., Ltd.</manufacturer><modelDescription>Huawei Home Gateway</modelDescription><modelName>HG531 V1</modelName><serialNumber>G6J8W15326003974</serialNumber><UDN>uuid:00e0fc37-2626-2828-2600-587f668bdd9a</UDN><deviceList><device><manufacturer>Other</manufacturer></device></deviceList></device></root>`;
    expect(parseDescription(xml)).toEqual({
      manufacturer: 'Huawei Technologies Co., Ltd.',
      modelName: 'HG531 V1',
      modelNumber: null,
      serialNumber: 'G6J8W15326003974',
      udn: 'uuid:00e0fc37-2626-2828-2600-587f668bdd9a',
      friendlyName: 'HG531',
    });
  });
});
