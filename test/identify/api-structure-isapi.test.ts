/**
 * Issue #11, Hikvision ISAPI documents that show no hikvision.com/isapi.org namespace (an excerpt cut
 * after the root, an OEM build): the DeviceInfo fields ISAPI added to PSIA's (<telecontrolID> beside
 * <deviceType> or <supportBeep>, a recorder's <decordChannelNums>) are Hikvision firmware's
 * (http.body.hikvision.device-info-telecontrol). ISAPI 2.0 capabilities answers (a version="2.0" root
 * whose fields list their allowed values in opt="a,b,…") reach review
 * (http.body.hikvision.isapi-capability-options). Generic XML and PSIA documents stay clear.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { evidenceMarkers } from '../../src/identify/text-markers.js';
import { HEAD_BYTES, pageText } from '../../src/probes/http/body-markers.js';
import { noMac, obs } from './observations.js';

const judge = (...values: string[]) => identify(values.map((value) => obs('http.body', value, { port: 80, source: 'http' })), noMac);

// maciej-or/hikvision_next@5c563e2d243b tests/fixtures/ISAPI/System.deviceInfo/ipc1.xml, its root replaced by
// one without a namespace (as an OEM build or a re-serialised answer gives it): no namespace rule reads it.
const IPC_NO_NAMESPACE =
  '<?xml version="1.0" encoding="UTF-8"?>\n<DeviceInfo version="2.0">\n    <deviceName>yard</deviceName>\n    <deviceType>IPCamera</deviceType>\n    <telecontrolID>88</telecontrolID>\n    <supportBeep>false</supportBeep>\n</DeviceInfo>';
// maciej-or/hikvision_next@b1dc1b9477ab tests/fixtures/ISAPI/System.deviceInfo/nvr.xml, the recorder fields only,
// as the vendor-path probe stores CR LF.
const NVR_TAIL = '..  <decordChannelNums>8</decordChannelNums>..  <VGANums>1</VGANums>..  <USBNums>2</USBNums>..  <auxoutNums>0</auxoutNums>..';

describe("ISAPI's own DeviceInfo fields flag Hikvision without a namespace", () => {
  it.each([
    ['a camera DeviceInfo without its namespace', IPC_NO_NAMESPACE],
    ["a recorder's fields in the vendor-path probe's form", NVR_TAIL],
  ])('%s', (_label, value) => {
    const verdict = judge(value);
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'hikvision']);
  });

  it('keeps the fields when they sit past the page head', () => {
    const filler = Array.from({ length: 80 }, (_, i) => `    <!-- channel ${i} -->\n    <extra${i}>0</extra${i}>\n`).join('');
    const page = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<DeviceInfo version="2.0">\n${filler}    <deviceType>NVR</deviceType>\n    <telecontrolID>255</telecontrolID>\n</DeviceInfo>\n`);
    expect(page.indexOf('<telecontrolID>')).toBeGreaterThan(HEAD_BYTES);
    const { head, excerpts } = pageText(page, evidenceMarkers);
    const verdict = judge(head, ...excerpts);
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'hikvision']);
  });
});

describe('ISAPI 2.0 capabilities answers reach review, with or without the namespace', () => {
  it.each([
    // An integration's notes with a device's observed answer to GET /ISAPI/System/time/capabilities (code
    // search index id 56674379024), its isapi.org namespace left out as an excerpt may cut it.
    ['time capabilities', '<?xml version="1.0" encoding="UTF-8"?>\n<Time version="2.0">\n  <timeMode opt="NTP,manual"/>\n  <localTime min="0" max="256"/>\n  <timeZone min="0" max="256"/>\n  <timeType opt="local,UTC"/>\n</Time>'],
  ])('%s', (_label, value) => {
    const verdict = judge(value);
    expect([verdict.status, verdict.covered]).toEqual(['review', 'hikvision']);
  });

  it("flags beside Hikvision's ONVIF stream address, itself review alone", () => {
    const address = 'rtsp://10.1.1.200:554/Streaming/Channels/101?transportmode=unicast&amp;profile=Profile_1';
    expect(judge(address).status).toBe('review');
    const verdict = judge('<Time version="2.0">\n  <timeMode opt="NTP,manual"/>', address);
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'hikvision']);
  });
});

describe('an ISAPI capabilities answer full of names only ISAPI uses flags', () => {
  // The vocabulary of ISAPI's own names (oui/api-vocabularies/hikvision-isapi.json) flags this one, at
  // review before it: its fields are ISAPI's security-capability switches, beyond the version="2.0"
  // options the rule above reads.
  it.each([
    // maciej-or/hikvision_next@74033430cbde tests/fixtures/devices/DS-2CD2386G2-IU.json, System/capabilities'
    // SecurityCap, written back as XML from the dump, namespace left out: a field list before the options.
    [
      'security capabilities',
      '<SecurityCap version="2.0">\n<supportUserNums>32</supportUserNums>\n<userBondIpNums>0</userBondIpNums>\n<userBondMacNums>0</userBondMacNums>\n<isSupCertificate>true</isSupCertificate>\n<issupIllegalLoginLock>true</issupIllegalLoginLock>\n<isSupportOnlineUser>true</isSupportOnlineUser>\n<isSupportAnonymous>false</isSupportAnonymous>\n<isSupportStreamEncryption>false</isSupportStreamEncryption>\n<securityVersion opt="1"/>\n<keyIterateNum>100</keyIterateNum>\n<RSAKeyLength opt="1024,2048" def="2048"/>',
    ],
  ])('%s', (_label, value) => {
    const verdict = judge(value);
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'hikvision']);
    expect(verdict.evidence.map((e) => e.rule)).toContain('api-vocabulary.hikvision.isapi');
  });
});

describe('look-alike XML stays clear', () => {
  it.each([
    ['a PSIA DeviceInfo', '<DeviceInfo version="1.0" xmlns="urn:psialliance-org">\n<deviceName>cam</deviceName>\n<deviceType>camera</deviceType>\n<hardwareVersion>1.0</hardwareVersion>\n</DeviceInfo>'],
    ['a router answer with a device type and a remote id', '<info><deviceType>router</deviceType><remoteId>88</remoteId><supportBeep>1</supportBeep></info>'],
    // elkampu/SKTool SKTool.CCTVProtocols/Hikvision/HikvisionXmlTemplates.cs: a client's request body, plain XML words.
    ['a client-side ISAPI time template', '<Time>\n    <timeMode>manual</timeMode>\n    <localTime>2025-01-01T12:00:00Z</localTime>\n    <timeZone>UTC+00:00</timeZone>\n    <dstMode>off</dstMode>\n</Time>'],
    ['a decoder count spelt right', '<decoderChannelNums>8</decoderChannelNums>'],
    ['an RSS 2.0 feed', '<rss version="2.0">\n<channel>\n<title>News</title>\n<link>https://example.com/</link>\n</channel>\n</rss>'],
    ['a version 2.0 settings file listing options in another attribute', '<Settings version="2.0"><mode options="auto,manual">auto</mode></Settings>'],
    ['a PSIA 1.0 capabilities document', '<Time version="1.0" xmlns="urn:psialliance-org">\n<timeMode opt="NTP,manual">NTP</timeMode>\n</Time>'],
  ])('%s', (_label, value) => {
    expect(judge(value).status).toBe('clear');
  });
});
