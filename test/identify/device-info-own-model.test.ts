/**
 * Issue #11: a model a device states in the own field of its device-information answer (Dahua
 * magicBox getDeviceType/getSystemInfo, a DeviceInfo document in any namespace, a HiLink
 * api/device/information answer) is the device's own model, so the model grammars' reading there
 * flags as it would in a UPnP model; anywhere else in a page body (an NVR's camera channels, a
 * router's USB devices, an inventory page) it stays capped at review, since a page may list
 * other devices (src/identify/text-evidence.ts mayListOthers).
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { matchFamilies } from '../../src/identify/families.js';
import { identify } from '../../src/identify/identify.js';
import { defaultMentions } from '../../src/identify/mentions.js';
import { ownAnswersSchema, ownFieldValues } from '../../src/identify/text-evidence.js';
import { obs, noMac } from './observations.js';
import mentionsFile from '../../oui/mentions.json' with { type: 'json' };

const body = (value: string) => identify([obs('http.body', value)], noMac);

const answers = ownAnswersSchema.parse(mentionsFile.ownAnswers);

describe('oui/mentions.json ownAnswers: each structure reads its examples\' own field and none of its counter-examples\'', () => {
  for (const spec of [...answers.documents, ...answers.lines]) {
    it(spec.id, () => {
      for (const example of spec.examples) expect(ownFieldValues(example.value, defaultMentions().ownAnswers), example.value).toContain(example.own);
      for (const counter of spec.counterExamples) expect(ownFieldValues(counter.value, defaultMentions().ownAnswers), counter.value).toEqual([]);
    });
  }
});

describe("a device-information answer's own model field flags, with the model", () => {
  it.each([
    // rroller/dahua@5350331688af custom_components/dahua/client.py get_device_type: "Example response: type=IPC-HDW5831R-ZE".
    ['getDeviceType, bare', 'type=IPC-HDW5831R-ZE\r\n', 'dahua', 'IPC-HDW5831R-ZE'],
    ['getDeviceType, as the vendor-path probe stores it', '/cgi-bin/magicBox.cgi?action=getDeviceType: type=IPC-HDW5831R-ZE..', 'dahua', 'IPC-HDW5831R-ZE'],
    // The fields of maciej-or/hikvision_next@b1dc1b9477ab tests/fixtures/ISAPI/System.deviceInfo/nvr.xml, in PSIA's
    // namespace instead of Hikvision's (older and OEM firmwares), which the namespace rule does not read.
    [
      'a DeviceInfo document in another namespace',
      '<?xml version="1.0" encoding="UTF-8"?>.<DeviceInfo version="1.0" xmlns="urn:psialliance-org">.<deviceName>nvr</deviceName>.<deviceID>484a3831-3130-0000-0000-000c0000f00e</deviceID>.<model>DS-7608NXI-I2/8P/S</model>.<serialNumber>DS-7608NXI-I0/0P/S0000000000CCRRJ00000000WCVU</serialNumber>.<firmwareVersion>V4.62.210</firmwareVersion>.</DeviceInfo>',
      'hikvision',
      'DS-7608NXI-I2/8P/S',
    ],
    // HiLink api/device/information fields (Salamek/huawei-lte-api@10f4d7353086 huawei_lte_api/api/Device.py) of a
    // firmware that sends no WebUIVersion, ProductFamily or Classify, which the HiLink body rule needs.
    [
      'a HiLink device information answer without WebUIVersion',
      '<?xml version="1.0" encoding="UTF-8"?><response><DeviceName>E5577Cs-321</DeviceName><SerialNumber>G4P7S15A22000000</SerialNumber><Imei>860000000000000</Imei><HardwareVersion>CL1E5377CSM</HardwareVersion><SoftwareVersion>21.180.99.00.00</SoftwareVersion></response>',
      'huawei',
      'E5577Cs-321',
    ],
  ] as const)('%s', (_, value, entity, model) => {
    expect(body(value)).toMatchObject({ status: 'covered', covered: entity, model });
  });
});

describe('a model listed in a page body stays at review', () => {
  it("an NVR's camera channel: <model>, <serialNumber> and <firmwareVersion> one level down keep the camera's model capped", () => {
    // Public repository file, search index id 52494787669 (a Hikvision NVR's InputProxyChannel answer in a control tool's test).
    const channel =
      '<InputProxyChannel version="1.0" xmlns="http://www.hikvision.com/ver20/XMLSchema"><id>6</id><name>inside</name><sourceInputPortDescriptor><proxyProtocol>HIKVISION</proxyProtocol><addressingFormatType>ipaddress</addressingFormatType><ipAddress>192.0.2.1</ipAddress><model>DS-2CD2T63G0-I5</model><serialNumber>DS-2CD2T63G0-AABBCC</serialNumber><firmwareVersion>V1.0.0 build 123456</firmwareVersion><deviceID></deviceID></sourceInputPortDescriptor></InputProxyChannel>';
    const readings = matchFamilies(obs('http.body', channel));
    expect(readings.length).toBeGreaterThan(0);
    for (const reading of readings) expect(reading.ceiling).toBe('review');
    // Without Hikvision's namespace (a third party's recorder listing a Hikvision camera) the device is not flagged.
    expect(body(channel.replace(' xmlns="http://www.hikvision.com/ver20/XMLSchema"', '')).status).not.toBe('covered');
  });

  it.each([
    ['a DeviceInfo with only a model (no field only the device states)', '<DeviceInfo><deviceName>lobby</deviceName><model>DS-2CD2142FWD-I</model></DeviceInfo>'],
    ["a router's USB devices: a modem's DeviceName nested below the answer's root", '<response><UsbDevices><Device><DeviceName>E5577Cs-321</DeviceName><SerialNumber>G4P7S15A22000000</SerialNumber></Device></UsbDevices></response>'],
    ['a VMS inventory page listing cameras', '<table><tr><td>Dahua</td><td>IPC-HDW5831R-ZE</td><td>4X7C5A1ZAG21L3F</td></tr></table>'],
    // An NVR's remote-device configuration (public repository file, search index id 37454037322: table.RemoteDevice keys), dotted keys.
    ['an NVR remote-device table', 'table.RemoteDevice.uuid:System_CONFIG_NETCAMERA_INFO_3.DeviceType=IPC-HDW5831R-ZE\r\ntable.RemoteDevice.uuid:System_CONFIG_NETCAMERA_INFO_3.SerialNo=4X7C5A1ZAG21L3F\r\n'],
    // The structure is read at the document's root only: a list wrapping DeviceInfo or <response> elements (a
    // recorder's or VMS's device list, a gateway relaying an answer inside its own envelope) lists other devices.
    [
      'a list whose items are DeviceInfo elements',
      '<?xml version="1.0" encoding="UTF-8"?>.<DeviceList><DeviceInfo><deviceName>lobby</deviceName><model>DS-2CD2142FWD-I</model><serialNumber>DS-2CD2142FWD-I20170101AAWR123456789</serialNumber></DeviceInfo></DeviceList>',
    ],
    ['a HiLink-shaped <response> inside another document', '<envelope><body><response><DeviceName>E5577Cs-321</DeviceName><SerialNumber>G4P7S15A22000000</SerialNumber></response></body></envelope>'],
    // Dotted configuration keys (a recorder's or VMS's list of cameras) are not a getSystemInfo answer, whose keys
    // begin their lines: neither the Dahua getSystemInfo rule nor the own-field reading takes them (flagged before).
    ['dotted configuration keys naming a camera', 'count=2\r\nRemoteDevice.0.deviceType=IPC-HDW5831R-ZE\r\nRemoteDevice.0.serialNumber=4X7C5A1ZAG21L3F\r\n'],
    ['the same keys as the vendor-path probe stores them', '/cgi-bin/configManager.cgi?action=getConfig: count=2..RemoteDevice.0.deviceType=IPC-HDW5831R-ZE..RemoteDevice.0.serialNumber=4X7C5A1ZAG21L3F..'],
    ['a type= line inside a longer page', '<p>Camera added: type=IPC-HDW5831R-ZE</p><p>Camera added: type=IPC-HFW2431S-S-S2</p>'],
  ] as const)('%s', (_, value) => {
    // Worth a person's look (the page names a covered model), never a flag.
    expect(body(value).status).toBe('review');
  });
});

describe('hostile device-information look-alikes', () => {
  it('deeply nested, unclosed or repeated structures at the observation cap read no own field and stay linear', () => {
    const values = [
      '<DeviceInfo>' + '<a>'.repeat(1300),
      '<response>' + '<DeviceName>E5577Cs-321</DeviceName>'.repeat(120),
      'deviceType=IPC-HDW5831R-ZE.'.repeat(160),
      'type=' + 'A'.repeat(4000),
      '<DeviceInfo ' + 'x'.repeat(4000),
    ];
    const started = performance.now();
    for (const value of values) expect(body(value).status).not.toBe('covered');
    // Generous: proves no quadratic blow-up, not a speed goal.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
