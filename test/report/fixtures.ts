/** Hand-built report inputs: honest covered and clear devices, and devices whose every string is an attack. */
import type { Evidence } from '../../src/identify/verdict.js';
import { deviceList } from '../../src/report/device-list.js';
import type { ReportDevice } from '../../src/report/report-device.js';
import type { ChangeEvent, ReportInput, ReportMeta, TriageEntry } from '../../src/report/report-input.js';

export const HOSTILE = {
  script: '<script>window.__pwned=1;alert(1)</script>',
  img: '"><img src=x onerror="window.__pwned=2;alert(2)">',
  attr: "' onmouseover='window.__pwned=3' x='",
  svg: '<svg/onload=window.__pwned=4>',
  ansi: '\u001b[2J\u001b[31mRED\u001b[0m\u001b]0;title\u0007',
  nulCrLf: 'cam\u0000era\r\nInjected: header\rline',
  rtl: 'evil\u202egnp.exe\u2066iso\u2069',
  hyperlink: '=HYPERLINK("http://evil.example/x","click")',
  plusCmd: "+cmd|' /C calc'!A0",
  minus: '-1+1',
  at: '@SUM(1)',
  tab: '\t=1+1',
  cr: '\r=1+1',
  mdLink: '[click](http://evil.example) ![x](http://evil.example/i.png) <b>bold</b> | cell | www.evil.example http://evil.example/a user@evil.example',
  mdHeading: '# Heading\n---\n| a | b |',
  backtick: '`code` ```fence```',
  huge: 'A'.repeat(10 * 1024),
  longWord: 'x'.repeat(3000),
} as const;

const at = '2026-11-20T09:30:00.000Z';
const later = '2026-11-27T08:00:00.000Z';

function ev(rule: string, value: string, says: string, entity: Evidence['entity'], certainty = 0.9, kind: Evidence['kind'] = 'mac'): Evidence {
  return { rule, kind, value, source: 'neigh', certainty, says, entity };
}

function device(over: Partial<ReportDevice> & Pick<ReportDevice, 'id' | 'ip'>): ReportDevice {
  return {
    mac: null,
    name: null,
    location: null,
    manufacturer: null,
    manufacturerName: null,
    brand: null,
    model: null,
    serial: null,
    status: 'clear',
    covered: null,
    confidence: 0,
    randomizedMac: false,
    firstSeen: at,
    lastSeen: later,
    evidence: [],
    ...over,
  };
}

export const HIK = device({
  id: 1,
  ip: '10.79.0.50',
  mac: '58:50:ed:1f:e3:85',
  name: 'lobby-cam-1',
  location: { switchName: 'core-sw', switchAddress: '10.79.0.2', port: 'Gi1/0/5', portAlias: 'Lobby camera', vlan: 20, confidence: 'high' },
  manufacturer: 'Hangzhou Hikvision Digital Technology Co.,Ltd.',
  manufacturerName: 'Hikvision',
  model: 'DS-2CD2143G2-I',
  serial: 'DS-2CD2143G2-I20231101AAWRJ12345678',
  status: 'covered',
  covered: 'hikvision',
  confidence: 0.97,
  evidence: [
    ev('oui.registrant', '58:50:ed:1f:e3:85', 'MAC prefix 58:50:ED is registered to Hangzhou Hikvision Digital Technology Co.,Ltd. (Hikvision)', 'hikvision'),
    ev('sadp.model', HOSTILE.script, `SADP reply names model ${HOSTILE.script}`, 'hikvision', 0.95, 'sadp.reply'),
  ],
});

export const AMCREST = device({
  id: 2,
  ip: '10.79.0.51',
  mac: '9c:8e:cd:00:11:22',
  manufacturer: 'Zhejiang Dahua Technology Co., Ltd.',
  manufacturerName: 'Dahua',
  brand: 'Amcrest',
  model: 'IP8M-2496EB',
  status: 'covered',
  covered: 'dahua',
  confidence: 0.9,
  evidence: [ev('dhip.reply', '{"deviceType":"IP8M-2496EB"}', 'Answers Dahua DHIP discovery (Dahua firmware)', 'dahua', 0.9, 'dhip.reply')],
});

/** A covered device whose every field is hostile. */
export const HOSTILE_COVERED = device({
  id: 3,
  ip: '10.79.0.52',
  mac: '08:ed:ed:87:42:7a',
  name: HOSTILE.rtl,
  location: { switchName: HOSTILE.script, switchAddress: '10.79.0.3', port: HOSTILE.ansi, portAlias: HOSTILE.mdLink, vlan: 30, confidence: 'medium' },
  manufacturer: HOSTILE.img,
  manufacturerName: 'Dahua',
  brand: HOSTILE.attr,
  model: HOSTILE.hyperlink,
  serial: HOSTILE.nulCrLf,
  status: 'covered',
  covered: 'dahua',
  confidence: 0.8,
  evidence: [
    ev('dhip.reply', HOSTILE.svg, HOSTILE.mdLink, 'dahua', 0.9, 'dhip.reply'),
    ev('http.title', HOSTILE.ansi, HOSTILE.rtl, 'dahua', 0.7, 'http.title'),
    ev('http.body', HOSTILE.huge, HOSTILE.longWord, null, 0.2, 'http.body'),
    ev('snmp.sysdescr', HOSTILE.mdHeading, HOSTILE.backtick, null, 0.1, 'snmp.sysdescr'),
  ],
});

/** One hostile string per field across review/clear/unidentified devices, for CSV formula cases. */
export const HOSTILE_OTHERS: ReportDevice[] = [
  device({ id: 4, ip: '10.79.0.60', name: HOSTILE.hyperlink, location: { switchName: HOSTILE.plusCmd, switchAddress: '10.79.0.4', port: HOSTILE.at, portAlias: HOSTILE.minus, vlan: null, confidence: 'low' }, manufacturer: HOSTILE.plusCmd, manufacturerName: HOSTILE.minus, brand: HOSTILE.at, model: HOSTILE.tab, status: 'review', confidence: 0.4, evidence: [ev('banner', HOSTILE.cr, HOSTILE.hyperlink, null, 0.3, 'tcp.banner')] }),
  device({ id: 5, ip: '10.79.0.61', mac: '00:14:22:01:02:03', manufacturer: 'Dell Inc.', manufacturerName: 'Dell', model: HOSTILE.cr, serial: HOSTILE.at }),
  device({ id: 6, ip: '10.79.0.62', status: 'unidentified', model: HOSTILE.huge, brand: HOSTILE.rtl, manufacturer: HOSTILE.ansi }),
  device({ id: 7, ip: '10.79.0.9', mac: '3c:ef:8c:00:00:01', manufacturer: 'Zhejiang Dahua Technology Co., Ltd.', manufacturerName: 'Dahua', status: 'covered', covered: 'dahua', confidence: 0.9, evidence: [ev('oui.registrant', '3c:ef:8c:00:00:01', 'MAC prefix 3C:EF:8C is registered to Zhejiang Dahua Technology Co., Ltd. (Dahua)', 'dahua')] }),
  device({ id: 8, ip: '10.79.0.10', mac: '00:e0:fc:00:00:02', manufacturer: 'HUAWEI TECHNOLOGIES CO.,LTD', manufacturerName: 'Huawei', model: 'AR161', status: 'covered', covered: 'huawei', confidence: 0.9, evidence: [ev('oui.registrant', '00:e0:fc:00:00:02', 'MAC prefix 00:E0:FC is registered to HUAWEI TECHNOLOGIES CO.,LTD (Huawei)', 'huawei')] }),
];

export const DEVICES: ReportDevice[] = [HIK, AMCREST, HOSTILE_COVERED, ...HOSTILE_OTHERS];

export const META: ReportMeta = {
  generatedAt: '2026-11-27T10:00:00.000Z',
  tool: { name: 'lanaudit', version: '0.1.0' },
  flaggedOnly: false,
  organization: 'Example Federal Services LLC',
  site: 'Arlington HQ <b>3rd floor</b>',
  contact: 'J. Doe, compliance@example.com',
  contract: 'W91QUZ-25-C-0001',
  orders: ['W91QUZ-25-F-0042'],
  uei: 'ABCDEFGH1234',
  cage: '1ABC2',
  scanWindow: { from: '2026-11-20T09:00:00.000Z', to: '2026-11-27T08:05:00.000Z', scans: 12 },
};

/** Triage: device 7 waived (until 2027), device 8 a false positive, device 2 acknowledged with a hostile note, device 1's waiver expired. */
export const TRIAGE = new Map<number, TriageEntry>([
  [1, { status: 'waiver', note: 'temporary waiver', by: 'CO', at: '2026-01-01T00:00:00.000Z', until: '2026-06-30T00:00:00.000Z' }],
  [2, { status: 'acknowledged', note: `Isolated on VLAN 99; replacement ordered. ${HOSTILE.script}`, by: 'J. Doe', at: '2026-11-21T10:00:00.000Z', until: null }],
  [7, { status: 'waiver', note: 'waiver granted by agency head', by: 'CO', at: '2026-11-22T10:00:00.000Z', until: '2027-06-30T00:00:00.000Z' }],
  [8, { status: 'false-positive', note: 'Device is a lab simulator', by: 'IT', at: '2026-11-22T10:00:00.000Z', until: null }],
]);

export const CHANGES: ChangeEvent[] = [
  { at: '2026-11-26T08:00:00.000Z', deviceId: 3, type: 'new', field: null, old: null, new: null, ip: '10.79.0.52', mac: '08:ed:ed:87:42:7a' },
  { at: '2026-11-26T08:00:00.000Z', deviceId: 5, type: 'changed', field: 'hostname', old: 'pc', new: HOSTILE.img, ip: '10.79.0.61', mac: '00:14:22:01:02:03' },
];

export const INPUT: ReportInput = { meta: META, devices: deviceList(DEVICES) };
export const INPUT_WITH_TRIAGE: ReportInput = { meta: META, devices: deviceList(DEVICES), triage: TRIAGE, changes: CHANGES };
