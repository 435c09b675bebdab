/**
 * Issue #11, device-API answers that name neither maker nor model, filed as http.body: Huawei SCharger's
 * OCPP 1.6 BootNotification with model ACChargePoint and an empty vendor
 * (http.body.huawei.ocpp-boot-ac-charge-point, review). Other makers' BootNotifications, and other
 * makers' Redfish OEM keys (beside Huawei iBMC's "Oem": {"Huawei": …}, a bare mention at review), stay
 * clear. Strings are the rules' cited examples and counter-examples.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { noMac, obs } from './observations.js';

const judge = (...values: string[]) => identify(values.map((value) => obs('http.body', value, { port: 443, source: 'http' })), noMac);

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
