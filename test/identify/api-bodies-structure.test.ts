/**
 * Issue #11, API answers that name neither maker nor model: their structure is one maker's API
 * (Hikvision's ISAPI status answers and PSIA extension, Dahua's configManager and software-version
 * lines, Huawei HiLink's version fields and error codes, ZTE's goform cmd_process endpoints).
 * Strings are the rules' cited examples and counter-examples (oui/rules/http.body.json), judged as
 * a scan judges them: identify() on the device's facts; long pages through the GET / excerpt finder.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { evidenceMarkers } from '../../src/identify/text-markers.js';
import type { Observation } from '../../src/observations/observation.js';
import { HEAD_BYTES, pageText } from '../../src/probes/http/body-markers.js';

const body = (value: string): Observation => ({ ip: '192.0.2.10', port: 80, kind: 'http.body', value, source: 'http', at: '2026-12-05T00:00:00Z' });
const judge = (...values: string[]) => identify(values.map(body));

// evercam/evercam-server#63: a camera's ISAPI answer in the PSIA namespace.
const PSIA_NS_STATUS =
  '<ResponseStatus xmlns="urn:psialliance-org" version="1.0">\n<requestURL>/ISAPI/Streaming/channels/201/picture</requestURL>\n<statusCode>3</statusCode>\n<statusString>Device Error</statusString>\n<subStatusCode>deviceError</subStatusCode>\n</ResponseStatus>';
// maciej-or/hikvision_next@a7c82fcdead3 tests/fixtures/ISAPI/EventNotificationAlert/pir.xml, first lines.
const PIR_ALERT_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<EventNotificationAlert version="1.0"\n  xmlns="urn:psialliance-org">\n  <ipAddress>1.0.0.255</ipAddress>\n  <protocolType>HTTP</protocolType>';
const PIR_ALERT_EXTENSION = '  <Extensions version="1.0"\n    xmlns="urn:psialliance-org">\n    <serialNumber xmlns="urn:selfextension:psiaext-ver10-xsd">DS-2CD2443G0-IW00000000AAWRE00000000</serialNumber>';
// ZTETool/ZTE-MU5001-HACK@5638cedf3efe hack.js: a ZTE web UI script calling its own status endpoint.
const ZTE_STATUS_CALL = '  $.ajax({\n    type: "GET",\n    url: "/goform/goform_get_cmd_process",\n    data: {';

describe("one maker's API structure flags that maker", () => {
  it.each([
    ['a Hikvision ISAPI status answer in the PSIA namespace (the /ISAPI/ request path)', 'hikvision', PSIA_NS_STATUS],
    [
      'a Hikvision ISAPI status answer with no namespace',
      'hikvision',
      '<ResponseStatus>\n  <requestURL>/ISAPI/System/reboot</requestURL>\n  <statusCode>1</statusCode>\n  <statusString>OK</statusString>\n  <subStatusCode>ok</subStatusCode>\n</ResponseStatus>',
    ],
    ["a PSIA alert carrying Hikvision's own extension namespace", 'hikvision', `${PIR_ALERT_HEAD}\n${PIR_ALERT_EXTENSION}`],
    [
      "Hikvision DeviceInfo's encoder build lines, no namespace in sight",
      'hikvision',
      '    <firmwareVersion>V5.7.18</firmwareVersion>\n    <firmwareReleasedDate>build 240826</firmwareReleasedDate>\n    <encoderVersion>V7.3</encoderVersion>\n    <encoderReleasedDate>build 240801</encoderReleasedDate>\n    <bootVersion>V1.3.4</bootVersion>',
    ],
    ["Dahua's configManager table lines", 'dahua', 'table.MotionDetect[0].DetectVersion=V3.0\ntable.MotionDetect[0].Enable=true'],
    ["Dahua's configManager table lines as the vendor-path probe stores them", 'dahua', '/cgi-bin/configManager.cgi?action=getConfig&name=SmartMotionDetect: table.SmartMotionDetect[0].Enable=true..table.SmartMotionDetect[0].ObjectTypes.Human=true..'],
    ['HiLink version fields without a DeviceName', 'huawei', '<HardwareVersion>WL2B520M</HardwareVersion>\n<SoftwareVersion>11.189.63.00.74</SoftwareVersion>\n<WebUIVersion>21.100.44.00.03</WebUIVersion>'],
  ])('%s', (_label, entity, value) => {
    const verdict = judge(value);
    expect([verdict.status, verdict.covered]).toEqual(['covered', entity]);
  });

  it("reads Dahua's software version as the firmware", () => {
    const verdict = judge('version=2.800.0000016.0.R,build:2020-06-05');
    expect([verdict.status, verdict.covered, verdict.firmware]).toEqual(['covered', 'dahua', '2.800.0000016.0.R']);
  });

  it.each([
    ['a PSIA alert with no Hikvision extension (the standard other makers may implement)', 'hikvision', PIR_ALERT_HEAD],
    ["a HiLink error answer (six-digit HiLink code, short structure)", 'huawei', '<?xml version="1.0" encoding="UTF-8"?>\n<error>\n<code>100002</code>\n<message></message>\n</error>'],
    // ZTE's reference web UI: other makers' ZXIC dongles serve it too (test/identify/zxic-dongles.test.ts).
    ["ZTE's goform cmd_process endpoint in the web UI's script", 'zte', ZTE_STATUS_CALL],
  ])('sends %s to review, not a flag', (_label, entity, value) => {
    const verdict = judge(value);
    expect([verdict.status, verdict.covered]).toEqual(['review', entity]);
  });
});

describe('look-alikes of those structures stay clear', () => {
  it.each([
    ["a PSIA-compliant camera's status answer (a /PSIA/ path, the PSIA namespace)", '<ResponseStatus version="1.0" xmlns="urn:psialliance-org">\n<requestURL>/PSIA/System/reboot</requestURL>\n<statusCode>1</statusCode>\n<statusString>OK</statusString>\n</ResponseStatus>'],
    ['the PSIA namespace on another document', '<DeviceInfo version="1.0" xmlns="urn:psialliance-org">'],
    ['an ISAPI path in another document', '<response><requestURL>/ISAPI/System/deviceInfo</requestURL></response>'],
    ['a generic firmware date element', '<firmwareVersion>1.2.3</firmwareVersion>\n<firmwareReleaseDate>2021-03-01</firmwareReleaseDate>\n<hardwareVersion>A</hardwareVersion>'],
    ["Axis VAPIX parameters (another maker's key=value CGI answer)", 'root.Brand.Brand=AXIS\nroot.Brand.ProdNbr=M3045-V'],
    ["a script's member chain", 'this.table.Rows.length=0;'],
    // configManager's table. keys begin their lines: a script's statement on a variable named table is not one (flagged before).
    ["a script's statement on a variable named table", '<script>var table = new Grid("#list"); table.Options.pageSize=20; table.Render();</script>'],
    ['another version=…,build: shape', 'version=2.8.0,build:2020-06-05'],
    ['a Mobile WiFi imitating HiLink with an empty WebUIVersion', '<HardwareVersion>LD825-TS_V1.0</HardwareVersion>\n<SoftwareVersion>LD825_V1.0_20180508</SoftwareVersion>\n<WebUIVersion></WebUIVersion>'],
    ["another router's XML version fields", '<HardwareVersion>1.0</HardwareVersion>\n<SoftwareVersion>1.0.2</SoftwareVersion>\n<WebUIVersion>1.0</WebUIVersion>'],
    ["a payment API's error document", '<errors><error><code>000Test</code><message></message></error></errors>'],
    ["Amazon S3's error document", '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>'],
    ['an error with an HTTP-like code', '<error><code>404</code><message>Not Found</message></error>'],
    ["a GoAhead form handler (many makers' firmware)", '<form method="post" action="/goform/formLogin">'],
    ['another goform handler', '<a href="/goform/WifiBasicSet">'],
    // Dahua getSystemInfo's keys begin their lines: a web UI script's member assignments are not its answer (flagged
    // Dahua at 0.85 before, with the model 'response').
    ["a web page script's member assignments", '<script>function show(response){var dev={};dev.deviceType=response.deviceType;dev.serialNumber=response.serialNumber;render(dev);}</script>'],
    ["a script elsewhere naming a ZTE router's address", 'curl "http://192.168.0.1/goform/goform_get_cmd_process?isTest=false&cmd=wa_inner_version"'],
  ])('%s', (_label, value) => {
    expect(judge(value).status).toBe('clear');
  });
});

describe('the GET / excerpt finder keeps these markers deep in a page', () => {
  // Names nobody: a long page script before the marker.
  const FILLER = Array.from({ length: 120 }, (_, i) => `\tvar szItem${i} = $("#item${i}").val();\n`).join('');

  it.each([
    ["ZTE's goform endpoint (review: ZTE's reference web UI)", 'zte', ZTE_STATUS_CALL, '/goform/goform_get_cmd_process', 'review'],
    ["Hikvision's ISAPI status answer", 'hikvision', PSIA_NS_STATUS, '<requestURL>/ISAPI/', 'covered'],
    ["Hikvision's PSIA extension", 'hikvision', PIR_ALERT_EXTENSION, 'urn:selfextension:psiaext-ver10-xsd', 'covered'],
  ])('%s past the page head is kept and judged', (_label, entity, marker, kept, status) => {
    const page = Buffer.from(`<html>\n<head>\n<script type="text/javascript">\n${FILLER}${marker}\n</script>\n</head>\n</html>\n`);
    expect(page.indexOf(kept)).toBeGreaterThan(HEAD_BYTES);
    const { head, excerpts } = pageText(page, evidenceMarkers);
    expect(excerpts.some((e) => e.includes(kept))).toBe(true);
    const verdict = judge(head, ...excerpts);
    expect([verdict.status, verdict.covered]).toEqual([status, entity]);
  });
});
