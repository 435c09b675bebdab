/**
 * Issue #11, stream and snapshot paths a device's own ONVIF service answers with (oui/rules/http.body.json
 * http.body.dahua.onvif-stream-uri, http.body.hikvision.onvif-stream-uri, …-snapshot-uri). Dahua's
 * /cam/realmonitor path inside the device's own GetStreamUriResponse flags Dahua (its OEMs answer the
 * same: Dahua firmware). Hikvision's ONVIF address forms are copied into clients and camera lists,
 * so alone they reach review. A page that lists other cameras' addresses (a VMS, a recorder's
 * front end, a go2rtc configuration) flags nobody. Judged as a scan judges them: identify() on the
 * device's facts; long answers through the GET / excerpt finder.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { evidenceMarkers } from '../../src/identify/text-markers.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';
import { HEAD_BYTES, pageText } from '../../src/probes/http/body-markers.js';
import { noMac, obs } from './observations.js';

const body = (value: string): Observation => obs('http.body', value, { port: 80, source: 'http' });
const judge = (...values: string[]) => identify(values.map(body), noMac);
const judgeFacts = (...facts: [ObservationKind, string][]) => identify(facts.map(([kind, value]) => obs(kind, value)), noMac);

// Amcrest IP5M-T1277EW-AI (Dahua OEM) GetStreamUri answer, a Go ONVIF client's trimmed capture (code
// search index id 65752726357): tt:Uri, user info in the address. No rule example has either.
const AMCREST_STREAM_URI =
  '<?xml version="1.0" encoding="UTF-8"?>\n<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema">\n<s:Body>\n<trt:GetStreamUriResponse>\n<trt:MediaUri>\n<tt:Uri>rtsp://user:secret@192.168.1.110:554/cam/realmonitor?channel=1&amp;subtype=0&amp;unicast=true&amp;proto=Onvif</tt:Uri>\n<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>\n</trt:MediaUri>\n</trt:GetStreamUriResponse>\n</s:Body>\n</s:Envelope>';
// evercam/ex_nvr@b15be83e3560 apps/ex_nvr/test/fixtures/onvif/GetStreamUriResponse.xml: a gSOAP device's
// envelope opening (2.3 KB of namespaces) and its Media 2 answer.
const GSOAP_ENVELOPE_OPEN = `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope ${Array.from({ length: 48 }, (_, i) => `xmlns:ns${i}="http://www.onvif.org/ver10/ns${i}/wsdl"`).join(' ')}>\n    <SOAP-ENV:Body>\n`;
const EX_NVR_MEDIA2 = '        <tr2:GetStreamUriResponse>\n            <tr2:Uri>rtsp://192.168.8.101:9101/main</tr2:Uri>\n        </tr2:GetStreamUriResponse>\n    </SOAP-ENV:Body>\n</SOAP-ENV:Envelope>';

describe("a device's own ONVIF answer with Dahua's stream path flags Dahua", () => {
  it.each([
    ['an OEM camera (Amcrest) answering GetStreamUri: tt:Uri, user info, ONVIF suffix', AMCREST_STREAM_URI],
    // The Media 2 layout of ex_nvr's fixture (Uri directly under the response) with Dahua's path.
    ['a Media 2 answer (tr2:Uri under the response)', '<tr2:GetStreamUriResponse>\n  <tr2:Uri>rtsp://192.168.1.108:554/cam/realmonitor?channel=1&amp;subtype=1</tr2:Uri>\n</tr2:GetStreamUriResponse>'],
    ['an answer the vendor-path probe stores with CR LF as ".."', '<trt:GetStreamUriResponse>..<trt:MediaUri>..<tt:Uri>rtsp://192.168.1.108:554/cam/realmonitor?channel=4&subtype=0</tt:Uri>'],
    // The same Amcrest capture's GetSnapshotUri answer: Dahua's ONVIF snapshot path.
    [
      'the OEM camera answering GetSnapshotUri',
      '<s:Body>\n<trt:GetSnapshotUriResponse>\n<trt:MediaUri>\n<tt:Uri>http://192.168.1.110/onvifsnapshot/media_service/snapshot?channel=1&amp;subtype=0</tt:Uri>\n</trt:MediaUri>\n</trt:GetSnapshotUriResponse>',
    ],
    // AlexxIT/go2rtc@0de5bd272395 pkg/onvif/onvif_test.go shows Dahua firmware putting the address on its own line.
    ['an indented answer with the address on its own line', '<trt:GetStreamUriResponse>\n    <trt:MediaUri>\n        <tt:Uri>\n            rtsp://192.168.1.108:554/cam/realmonitor?channel=2&amp;subtype=0&amp;unicast=true&amp;proto=Onvif</tt:Uri>'],
  ])('%s', (_label, value) => {
    const verdict = judge(value);
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'dahua']);
  });

  it('keeps the answer when a long envelope pushes it past the page head', () => {
    const answer = Buffer.from(`${GSOAP_ENVELOPE_OPEN}        <trt:GetStreamUriResponse>\n            <trt:MediaUri>\n                <tt:Uri>rtsp://192.168.1.108:554/cam/realmonitor?channel=1&amp;subtype=0&amp;unicast=true&amp;proto=Onvif</tt:Uri>\n            </trt:MediaUri>\n        </trt:GetStreamUriResponse>\n    </SOAP-ENV:Body>\n</SOAP-ENV:Envelope>`);
    expect(answer.indexOf('GetStreamUriResponse')).toBeGreaterThan(HEAD_BYTES);
    const { head, excerpts } = pageText(answer, evidenceMarkers);
    expect(excerpts.some((e) => e.includes('/cam/realmonitor'))).toBe(true);
    const verdict = judge(head, ...excerpts);
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'dahua']);
  });
});

describe("Hikvision's ONVIF address forms reach review, and flag beside another Hikvision voice", () => {
  // A Go ONVIF example's notes on a Hikvision (海康) camera (code search index id 31276531645): what its
  // GetSnapshotUri and GetStreamUri answered. Not the rules' examples (those are another camera's).
  const HIK_STREAM = '<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>rtsp://10.1.1.200:554/Streaming/Channels/101?transportmode=unicast&amp;profile=Profile_1</tt:Uri>';
  const HIK_SNAPSHOT = '<trt:GetSnapshotUriResponse><trt:MediaUri><tt:Uri>http://10.1.1.200/onvif-http/snapshot?Profile_1</tt:Uri>';

  it.each([
    ['the stream address', HIK_STREAM],
    ['the snapshot address', HIK_SNAPSHOT],
  ])('%s alone: review, Hikvision', (_label, value) => {
    const verdict = judge(value);
    expect([verdict.status, verdict.covered]).toEqual(['review', 'hikvision']);
  });

  it('both addresses of one device stay at review: each is capped, since lists carry both', () => {
    const verdict = judge(HIK_STREAM, HIK_SNAPSHOT);
    expect([verdict.status, verdict.covered]).toEqual(['review', 'hikvision']);
  });

  it("beside Hikvision's ONVIF scope layout, itself review alone, the camera flags", () => {
    const scopes = 'onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/location/city/hangzhou';
    expect(judgeFacts(['onvif.scope', scopes]).status).toBe('review');
    const verdict = judgeFacts(['http.body', HIK_STREAM], ['onvif.scope', scopes]);
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'hikvision']);
  });
});

describe('pages that list cameras reach review at most', () => {
  it.each([
    // A VMS's answer listing one camera's ONVIF profiles (a public API write-up's example, code search index
    // id 3561868190), cut before the camera's own product name: both Hikvision addresses, no device's answer.
    [
      "a VMS's list of a camera's ONVIF profiles",
      '\t\t"ProfileName": "mainStream",\n\t\t"RTSPPath": "rtsp://10.43.18.149:554/Streaming/Channels/101?transportmode=unicast\\u0026profile=Profile_1",\n\t\t"ImagePath": "http://10.43.18.149/onvif-http/snapshot?Profile_1",\n\t\t"ProfileToken": "Profile_1"',
    ],
    // An asset-management API listing a camera by its ONVIF-given address (code search index id 6199039162; address and password masked).
    ['an inventory listing a Dahua camera’s ONVIF address', '"address": "rtsp://admin:*****@192.0.2.175:554/cam/realmonitor?channel=1&amp;subtype=0&amp;unicast=true",'],
    ['a go2rtc configuration naming Dahua streams', 'streams:\n  driveway: rtsp://admin:secret@192.168.1.108:554/cam/realmonitor?channel=1&subtype=0\n  driveway_sub: rtsp://admin:secret@192.168.1.108:554/cam/realmonitor?channel=1&subtype=1'],
    ['a scanner’s guess list', '"hikvision": ["/Streaming/channels/1/preview", "/ISAPI/Streaming/channels/101/picture", "/onvif-http/snapshot?Profile_1"],\n"dahua": ["/cam/realmonitor?channel=1&subtype=0"]'],
  ])('%s', (_label, value) => {
    expect(judge(value).status).not.toBe('covered');
  });
});

describe("other makers' ONVIF answers name nobody", () => {
  it.each([
    ['a gSOAP device’s Media 2 answer (ex_nvr fixture)', `${GSOAP_ENVELOPE_OPEN}${EX_NVR_MEDIA2}`],
    // AlexxIT/go2rtc@0de5bd272395 pkg/onvif/onvif_test.go: go2rtc's own ONVIF service re-serving a Dahua camera.
    ['go2rtc answering for a Dahua stream it re-serves', '<trt:GetStreamUriResponse>\n    <trt:MediaUri>\n        <tt:Uri>rtsp://192.168.1.123:8554/rtsp-dahua2</tt:Uri>'],
    // https://github.com/home-assistant/core/issues/66554: an XM530 camera's snapshot answer.
    ['a XiongMai camera’s answer', '<trt:GetSnapshotUriResponse>\n      <trt:MediaUri>\n        <tt:Uri>rtsp://192.168.1.81:554/user=admin_password=redacted_channel=0_stream=0.sdp?real_stream</tt:Uri>'],
    // https://github.com/agsh/onvif/issues/328: an IVSEC recorder's path, Dahua's query on another path.
    ['an IVSEC recorder’s stream path', '<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>rtsp://192.0.2.20:80/rtsp/streaming?channel=1&amp;subtype=0</tt:Uri>'],
    // cdavis-code/easy_onvif_workspace@ceca246f37c4 packages/easy_onvif/test/media1_test.dart: other cameras' answers.
    ['a D-Link camera’s snapshot address', '<trt:GetSnapshotUriResponse><trt:MediaUri><tt:Uri>http://192.168.1.33/dms?nowprofileid=1</tt:Uri>'],
    ['a LAPI camera’s snapshot address', '<trt:GetSnapshotUriResponse><trt:MediaUri><tt:Uri>http://162.191.54.181:80/LAPI/V1.0/Media/Video/Streams/0/Snapshot</tt:Uri>'],
  ])('%s', (_label, value) => {
    expect(judge(value).status).toBe('clear');
  });
});
