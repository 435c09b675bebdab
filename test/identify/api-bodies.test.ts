/**
 * Issue #11, device-API answers that name neither maker nor model, filed as http.body: Hikvision ISAPI
 * event alerts read by the fields ISAPI added to PSIA's alert (http.body.hikvision.isapi-alert-elements),
 * whatever namespace they show; Huawei iBMC's Redfish resources keyed "Oem": {"Huawei": {…}}
 * (http.body.huawei.redfish-oem: xFusion's own builds key xFusion); HiLink's product fields in HiLink's
 * order without the model (http.body.huawei.hilink-product-fields); ZTE goform answers by their field names
 * (http.body.zte.goform-answer-fields, review: ZXIC clones serve the same stack); and Huawei SCharger's OCPP 1.6 BootNotification with model ACChargePoint
 * and an empty vendor (http.body.huawei.ocpp-boot-ac-charge-point, review). Other makers' BootNotifications
 * and Redfish OEM keys stay clear. Strings are the rules' cited examples and counter-examples.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { evidenceMarkers } from '../../src/identify/text-markers.js';
import { HEAD_BYTES, pageText } from '../../src/probes/http/body-markers.js';
import { noMac, obs } from './observations.js';

const judge = (...values: string[]) => identify(values.map((value) => obs('http.body', value, { port: 443, source: 'http' })), noMac);

// maciej-or/hikvision_next@4392eb1e6e25 tests/fixtures/ISAPI/EventNotificationAlert/vmd.xml, its fields.
const VMD_FIELDS =
  '  <macAddress>a6:63:9e:f8:01:09</macAddress>\n  <dynChannelID>1</dynChannelID>\n  <dateTime>2025-03-05T10:47:40+00:00</dateTime>\n  <activePostCount>1</activePostCount>\n  <eventType>VMD</eventType>';
// maciej-or/hikvision_next@39955dfbd76f tests/fixtures/ISAPI/EventNotificationAlert/cam1_DS-2CD2346G2-ISU_io_notification.xml.
const IO_ALERT_TAIL = '<eventState>active</eventState>\n<eventDescription>IO alarm</eventDescription>\n<inputIOPortID>1</inputIOPortID>\n<channelName>Cam 1</channelName>\n</EventNotificationAlert>';

describe("ISAPI's own alert fields flag Hikvision", () => {
  it.each([
    ["a recorder's motion alert, no root in sight", VMD_FIELDS],
    ["a camera's IO alarm, its last fields", IO_ALERT_TAIL],
    ['the same recorder fields under the PSIA namespace (the namespace alone reaches review only)', `<EventNotificationAlert version="1.0" xmlns="urn:psialliance-org">\n${VMD_FIELDS}`],
    ["the IO alarm as the vendor-path probe stores CR LF", IO_ALERT_TAIL.replaceAll('\n', '..')],
  ])('%s', (_label, value) => {
    const verdict = judge(value);
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'hikvision']);
  });
});

// hejunlin3678/https-iBMC.code@915a65c49076 application/src/resource/config/redfish/v1/accountservice/index.json.
const IBMC_ACCOUNT_SERVICE =
  '"@odata.id": "/redfish/v1/AccountService",\n        "@odata.type": "#AccountService.v1_1_0.AccountService",\n        "Id": "AccountService",\n        "Name": "Account Service",\n        "MinPasswordLength": 8,\n        "MaxPasswordLength": 20,\n        "AccountLockoutThreshold": 5,\n        "AccountLockoutDuration": 30,\n\t\t"Oem": {\n\t\t\t"Huawei": {\n                "AccountInactiveTimelimit":3,\n                "CLISessionTimeoutMinutes":15,';

describe("Huawei iBMC's Redfish OEM extension flags Huawei", () => {
  it.each([
    ["iBMC's AccountService resource", IBMC_ACCOUNT_SERVICE],
    ['the key written compactly, on a system resource', '{"@odata.id":"/redfish/v1/Systems/1","Model":"2288H V5","Oem":{"Huawei":{"ProductName":"2288H V5"}}}'],
  ])('%s', (_label, value) => {
    const verdict = judge(value);
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'huawei']);
  });

  it('reads the maker named in prose as no Oem key (a bare mention: review at most)', () => {
    expect(judge('Oem: Huawei (compatible)').status).toBe('review');
  });
});

describe("HiLink's product fields flag Huawei without the model", () => {
  it.each([
    // https://github.com/trackIT-Systems/tsOS-vhf/issues/3: an E3372h-320's api/device/information.
    ['device/information', '<ProductFamily>LTE</ProductFamily>\n<Classify>hilink</Classify>\n<supportmode>LTE|WCDMA|GSM</supportmode>\n<workmode>LTE</workmode>'],
    // Public repository file, search index id 27390169281: a B525s-23a's api/device/basic_information.
    ['basic_information', '<response>\n\t\t\t<productfamily>LTE</productfamily>\n\t\t\t<classify>cpe</classify>\n\t\t\t<multimode>0</multimode>'],
    // Public repository file, search index id 25257783711: an E3372's basic_information, middle fields.
    ['basic_information cut before its model', '<multimode>0</multimode>\n<restore_default_status>1</restore_default_status>\n<sim_save_pin_enable>0</sim_save_pin_enable>'],
    // Public repository file, search index id 54365204452: an E8372h-320's basic_information, the family cut.
    ['basic_information from its classify', '  <classify>wingle</classify>\n  <multimode>0</multimode>\n  <restore_default_status>0</restore_default_status>'],
  ])('%s', (_label, value) => {
    const verdict = judge(value);
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'huawei']);
  });
});

describe("ZTE's goform answers reach review by their field names", () => {
  it.each([
    // teixeluis/zte-lte-modem@06236cdec8b9 README.md: a ZTE MF266's login nonces.
    ['the LD nonce answer', '{"LD":"0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"}'],
    ['the RD nonce answer', '{"RD":"0123456789abcdef0123456789abcdef"}'],
    // Public repository file, search index id 46222890313: an operator-branded modem's documented status answer.
    ['a status answer', '{"modem_main_state":"modem_init_complete","pin_status":"0","loginfo":"no","new_version_state":"0","current_upgrade_state":"","is_mandatory":""}'],
    // Public repository file, search index id 61188176949: a ZTE MF79U with no SIM, verbatim.
    ['a status answer without a SIM', '{"modem_main_state":"modem_sim_undetected","ppp_status":"ppp_disconnected","signalbar":"","apn_name":""}'],
    // Public repository file, search index id 23198049246: a net_select answer, its last fields cut.
    ['a network selection answer', '{"current_network_mode":"","m_netselect_save":"","net_select_mode":"","m_netselect_contents":"","net_select":"NETWORK_auto"}'],
  ])('%s', (_label, value) => {
    const verdict = judge(value);
    expect([verdict.status, verdict.covered]).toEqual(['review', 'zte']);
  });
});

describe("Huawei SCharger's BootNotification reaches review", () => {
  it.each([
    // https://github.com/evcc-io/evcc/pull/19001
    ['a SCharger on T160 firmware', '[2,"67e83c4c0000003e003a","BootNotification",{"chargePointModel":"ACChargePoint","chargePointSerialNumber":"test","chargePointVendor":""}]'],
  ])('%s', (_label, value) => {
    const verdict = judge(value);
    expect([verdict.status, verdict.covered]).toEqual(['review', 'huawei']);
  });
});

describe('look-alikes stay clear', () => {
  it.each([
    // PSIA's own alert fields, shared by every PSIA maker (the cam1 IO alarm's head).
    ["a PSIA alert's standard fields", '<ipAddress>192.168.1.151</ipAddress>\n<portNo>443</portNo>\n<protocol>HTTPS</protocol>\n<macAddress>4f:e4:2f:81:cd:1b</macAddress>\n<channelID>1</channelID>\n<dateTime>2024-11-19T16:53:28+01:00</dateTime>'],
    ['a channel name alone', '<camera><channelName>Cam 1</channelName><channelNo>1</channelNo></camera>'],
    ['an LD825 Mobile WiFi imitating HiLink, its product family empty', '<WebUIVersion></WebUIVersion>\n<ProductFamily></ProductFamily>\n<Classify>mobile-wifi</Classify>\n</response>'],
    ["a Qualcomm UFI dongle's status answer", '{"reply":"ok","params":{"bsid":"25002","cellid":134318388,"cputemp":57,"wifinum":0,"ethnum":0,"SIGNAL":-96}}'],
    ['generic modem status words', '{"signalbar":"4","network_type":"LTE","ppp_status":"connected","pin_status":"0"}'],
    ['a token answer of the same length', '{"token":"0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"}'],
    ["a client's request setting one HiLink field", '<?xml Version="1.0" encoding="UTF-8"?><request><restore_default_status>0</restore_default_status></request>'],
    // public repository file, search index id 71136074926: xFusion keys its own iBMC builds as xFusion.
    ["an xFusion server's manager", '{"@odata.id": "/redfish/v1/Managers/1", "FirmwareVersion": "3.08.05.85", "Oem": {"xFusion": {"SecurityService": {"@odata.id": "/redfish/v1/Managers/1/SecurityService"}}}}'],
    // https://github.com/bb-Ricardo/check_redfish/issues/20
    ["a Fujitsu PRIMERGY's service root", '{"@odata.id":"\\/redfish\\/v1\\/","@odata.type":"#ServiceRoot.v1_4_2.ServiceRoot","Oem":{"ts_fujitsu":{"@odata.type":"#FTSServiceRoot.v1_2_1.FTSServiceRoot"'],
    ["an HPE resource's Oem object", '"Id": "TelemetryService",\n"Oem": {\n    "Hpe": {\n        "ServiceEnabled": true,'],
    ["a Dell iDRAC resource's Oem object", '"Oem": {"Dell": {"@odata.type": "#DellOem.v1_3_0.DellOemResources"'],
    ["a Lenovo XClarity resource's Oem object", '"Oem": {"Lenovo": {"FrontPanelUSB": {"PortSwitchingTo": "BMC"}}}'],
    // https://github.com/ConnectorIO/connectorio-addons/pull/148
    ["a Wallbox charger's BootNotification", '[2,"19223201","BootNotification",{"chargePointVendor":"Wall Box Chargers","chargePointModel":"PLP1-0-2-4","firmwareVersion":"6.7.38"}]'],
    ["a Phoenix Contact charger's BootNotification", '[2,"1","BootNotification",{"chargePointVendor":"Phoenix Contact GmbH & Co. KG","chargePointModel":"EV-CC-AC1-M3-CBC-RCM-ETH-3PN-SER"}]'],
    ['an empty vendor with another model', '[2,"1","BootNotification",{"chargePointVendor":"","chargePointModel":"AC22"}]'],
  ])('%s', (_label, value) => {
    expect(judge(value).status).toBe('clear');
  });
});

describe('the excerpt finder keeps these markers deep in a long answer', () => {
  // A long Redfish resource or ISAPI/HiLink answer: the structure sits past the 2 KB head the probe keeps whole.
  const FILLER = Array.from({ length: 60 }, (_, i) => `    "Field${i}": "value ${i} of a long resource",\n`).join('');

  it.each([
    ["Huawei iBMC's Oem object", IBMC_ACCOUNT_SERVICE, '"Huawei"', 'huawei'],
    ["an ISAPI alert's dynChannelID", VMD_FIELDS, '<dynChannelID>', 'hikvision'],
  ])('%s past the head is kept and judged', (_label, marker, kept, entity) => {
    const body = Buffer.from(`{\n${FILLER}${marker}\n}\n`);
    expect(body.indexOf(kept)).toBeGreaterThan(HEAD_BYTES);
    const { head, excerpts } = pageText(body, evidenceMarkers);
    expect(excerpts.some((e) => e.includes(kept))).toBe(true);
    const verdict = judge(head, ...excerpts);
    expect([verdict.status, verdict.covered]).toEqual(['covered', entity]);
  });
});
