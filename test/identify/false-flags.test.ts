// False flags the generalizing readings (#11: maker mentions, model grammars) must not make on
// devices of the world: software that lists covered makers, a maker's cloud service, a CA that signed
// a certificate, a name the user chose. A false flag on a compliance report is worse than a miss, so
// each of these may at most send the device to review, and the device's own voice still flags.
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';

const at = '2026-12-05T07:00:00.000Z';
const o = (kind: ObservationKind, value: string): Observation => ({ ip: '10.0.0.9', kind, value, port: 80, source: 'test', at });
const noMac = { lookup: () => null };
const status = (kind: ObservationKind, value: string): string => identify([o(kind, value)], noMac).status;

describe('a page body that lists other devices (an NVR, a VMS, a router, a NAS)', () => {
  it.each([
    // A VMS or NVR page naming the cameras it records.
    'Monitor: Front Door (Hikvision DS-2CD2143G0-I)',
    '<td>Front gate</td><td>Dahua IPC-HFW2431S</td>',
    'Camera brand: Dahua Model: IPC-HFW1230S',
    // A router page naming the LTE modem plugged into it.
    'USB modem: Huawei E3372',
    '3G/4G modem Huawei E3372 detected',
    // A third party's product page written as prose.
    'AXIS P3245-V can be added to a Hikvision NVR via ONVIF',
    // A directory listing of someone's firmware archive.
    '<h1>Index of /hikvision/</h1><a href="DS-2CD2143G0-I_firmware.zip">DS-2CD2143G0-I_firmware.zip</a>',
  ])('%s: review at most, never covered', (body) => {
    expect(status('http.body', body)).not.toBe('covered');
  });

  it('a page body still adds its reading to another voice: with the camera\'s own title it flags', () => {
    const v = identify([o('http.body', 'Monitor: Front Door (Hikvision DS-2CD2143G0-I)'), o('http.title', 'HIKVISION NVR')], noMac);
    expect(v).toMatchObject({ status: 'covered', covered: 'hikvision' });
  });

  it("the device's own copyright line in its page still flags", () => {
    expect(status('http.body', '<script src="/js/dahua.js"></script><p>Copyright 2019 Zhejiang Dahua Technology Co., Ltd.</p>')).toBe('covered');
  });

  it('a page body model number capped at review never displaces an anchored rule that flags', () => {
    // The cited Hikvision ISAPI DeviceInfo answer: its body rule flags, the DS- grammar reads the same text.
    const deviceInfo =
      '/ISAPI/System/deviceInfo: <?xml version="1.0" encoding="UTF-8"?> <DeviceInfo version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema"> <deviceName>IP CAMERA</deviceName> <model>DS-2CD2142FWD-I</model> <serialNumber>DS-2CD2142FWD-I20170101AAWR123456789</serialNumber> <firmwareVersion>V5.5.0</firmwareVersion> </DeviceInfo>';
    expect(identify([o('http.body', deviceInfo)], noMac)).toMatchObject({ status: 'covered', covered: 'hikvision', model: 'DS-2CD2142FWD-I' });
  });
});

describe('a page body that names a maker without being its device is clear', () => {
  it.each([
    // Real camera-brand pickers (search index ids 14280018892, 61662264082, 60823916873).
    ['a brand drop-down', '<select name="merk" class="form-select" required>\n<option value="">-- Pilih Merk --</option>\n<option value="Hikvision">Hikvision</option>\n<option value="Dahua">Dahua</option>\n<option value="Hilook">Hilook</option>\n</select>'],
    ['a brand drop-down', '<option value="generic">Generic</option><option value="hikvision">Hikvision</option><option value="dahua">Dahua</option><option value="uniview">Uniview</option>'],
    ['a brand drop-down', '<option>Hikvision</option>'],
    // A third party listing what it works with (and naming no relabeler that would send it to review).
    ['a supported list', '<p>Supported cameras: Hikvision, Dahua, Axis and more than 8000 IP cameras</p>'],
    ['a supported list', 'Supported brands: Lorex, Amcrest and Swann'],
    // Huawei LiteOS's BSD-3 header (LiteOS/LiteOS@8d3ba41aba22 targets/Cloud_STM32L431RxTx_IoTClub/Inc/sys_init.h).
    ['a licence notice', '<pre>Copyright (c) <2016-2018>, <Huawei Technologies Co., Ltd>\nAll rights reserved.\nRedistribution and use in source and binary forms, with or without modification,\nare permitted provided that the following conditions are met:</pre>'],
    // An Apache-2.0 header as Huawei's open-source code carries it (OpenHarmony, MindSpore).
    ['a licence notice', '<p>Open source notice</p><pre>Copyright 2021 Huawei Technologies Co., Ltd\nLicensed under the Apache License, Version 2.0</pre>'],
  ])('%s: %s', (_, body) => {
    expect(status('http.body', body)).toBe('clear');
  });

  it("the device's own footer beside a link to its open-source notice still flags", () => {
    const footer = '<div id="footer">Copyright &copy; Huawei Technologies Co., Ltd. 2012-2019. All rights reserved. | <a href="/opensource.html">Open Source Software Notice</a></div>';
    expect(status('http.body', footer)).toBe('covered');
  });
});

describe("a covered maker's cloud service is not the device answering", () => {
  it.each([
    ['http.body', 'Web Application Firewall - HUAWEI CLOUD'],
    ['http.server', 'HuaweiCloud-WAF'],
    ['http.server', 'Huawei Cloud'],
    ['http.body', 'Your request has been blocked by Huawei Cloud Web Application Firewall'],
  ] as const)('%s %s is not covered', (kind, value) => {
    expect(status(kind, value)).not.toBe('covered');
  });

  it('CloudEngine is a Huawei switch line, not the cloud', () => {
    expect(status('snmp.sysdescr', 'Huawei CloudEngine S5735-L24T4S Huawei Versatile Routing Platform Software')).toBe('covered');
  });
});

describe("a certificate's issuer names who signed it, not who made the device", () => {
  it.each(['CN=ZTE Root CA, O=ZTE Corporation, C=CN', 'CN=Huawei Equipment CA, O=Huawei, C=CN'])('issuer %s alone is not covered', (issuer) => {
    expect(status('tls.issuer', issuer)).not.toBe('covered');
  });

  it("the device's own subject O= still flags (a self-signed certificate says it there too)", () => {
    expect(status('tls.subject', 'C=CN, O=Huawei, OU=Wireless Network Product Line, CN=huawei.com')).toBe('covered');
  });
});

describe('a name the user chose is a label, not a self-description', () => {
  it.each([
    ['hostname', 'dahua-nvr-proxy'],
    ['mdns.instance', 'Front Door Hikvision Camera'],
  ] as const)('%s %s is not covered', (kind, value) => {
    expect(status(kind, value)).not.toBe('covered');
  });
});

describe('a name the user chose beside a page that lists devices', () => {
  // Each is at most review alone; together they used to flag (a capped page-body reading lifted a
  // bare mention past the threshold). Found by review on 2026-12-05.
  it.each([
    [['hostname', 'dahua-nvr-proxy'], ['http.body', '<td>Front gate</td><td>Dahua IPC-HFW2431S</td>']],
    [['mdns.instance', 'Front Door Hikvision Camera'], ['http.body', 'Monitor: Front Door (Hikvision DS-2CD2143G0-I)']],
    [['hostname', 'frigate-dahua'], ['http.body', 'Camera brand: Dahua Model: IPC-HFW1230S']],
  ] as const)('%j with %j is not covered', (a, b) => {
    expect(identify([o(a[0], a[1]), o(b[0], b[1])], noMac).status).not.toBe('covered');
  });
});

describe("Shanghai Dahua Scale's brand is not Dahua Technology", () => {
  it('a title "Dahua Scale DS-980" is clear', () => {
    expect(status('http.title', 'Dahua Scale DS-980')).toBe('clear');
  });
});

// Network-management, VMS and tool software that covered makers sell to run on servers and PCs
// (product names as the makers' pages give them: ZTE NetNumen U31 and ElasticNet UME, https://www.zte.com.cn/global/;
// Huawei iManager U2000/M2000, FusionAccess, ManageOne, SmartKit, https://e.huawei.com/en/; Hikvision
// Hik-ProConnect and SADP Tool, https://www.hikvision.com/en/support/download/software/; Dahua
// ConfigTool, DoLynk and Toolbox, https://www.dahuasecurity.com/; Hytera SmartDispatch and its radios'
// Customer Programming Software, https://www.hytera.com/).
describe("a covered maker's management or tool software names its maker, not the host's", () => {
  it.each([
    ['upnp.manufacturer', 'Hytera Radio Programming Software'],
    ['http.title', 'Hytera Customer Programming Software'],
    ['http.title', 'Dahua Toolbox'],
    ['http.title', 'Huawei Network Management Tools'],
    ['http.title', 'ZTE NetNumen U31'],
    ['http.title', 'Huawei iManager U2000'],
    ['snmp.sysdescr', 'Huawei iManager U2000 on SunOS 5.10'],
    ['http.title', 'Huawei iManager M2000'],
    ['http.title', 'HUAWEI FusionAccess'],
    ['http.title', 'Huawei ManageOne'],
    ['http.title', 'Huawei SmartKit'],
    ['http.title', 'ZTE ElasticNet UME'],
    ['http.title', 'Hikvision SADP Tool'],
    ['http.title', 'Dahua ConfigTool'],
    ['http.title', 'Dahua DoLynk Care'],
    ['http.title', 'Hytera SmartDispatch'],
  ] as const)('%s %s is clear', (kind, value) => {
    expect(status(kind, value)).toBe('clear');
  });

  it("the maker's storage array naming its own management UI still flags", () => {
    expect(status('http.title', 'Huawei OceanStor DeviceManager')).toBe('covered');
  });
});


// A title that begins with a covered maker is a self-description when the maker stands alone or with
// an access technology ('Huawei xDSL'); when it goes on in other words it is as often software someone
// named after the maker, run on a PC, a NAS or a Raspberry Pi: review at most (mentions.json title-leads).
describe('a page title that begins with a covered maker and goes on naming software', () => {
  it.each([
    // bkbilly/Hikvision-Site@aa47afc9188b web/index.html: a self-hosted app for a Hikvision camera's recordings.
    'Hikvision Hub',
    // Flask, Node and Go apps that serve these titles at GET / (search index ids 57079176828, 69192179363, 20122328771, 40932239434, 48219033858, 52517715288).
    'Huawei SMS Sender',
    'Dahua Bridger backend',
    'Hikvision Kamera Canlı İzleme',
    'Huawei Lab Inventory',
    'Huawei Health',
    'DahuaBridge Admin',
    // Huawei's own software and services that also run on other makers' hosts.
    'Huawei Share',
    'HUAWEI AppGallery',
  ])('%s: review at most, never covered', (title) => {
    expect(status('http.title', title)).not.toBe('covered');
  });

  it("the maker alone with its access technology is still the device's own title", () => {
    // nmap 7.93 nmap-service-probes line 11594 (<title>Huawei xDSL</title>).
    expect(identify([o('http.title', 'Huawei xDSL')], noMac)).toMatchObject({ status: 'covered', covered: 'huawei' });
  });
});
