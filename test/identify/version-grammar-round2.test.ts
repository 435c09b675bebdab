/**
 * Issue #11, firmware version grammars, second round: Huawei's mobile-broadband builds
 * (10.0.1.11(H302SP17C00)), its Balong five-part versions (22.250.04.00.186), its home routers'
 * 10.0.5.9(C506) and its SmartAX OLT releases (MA5600V800R015C00), and ZTE home gateways under
 * zte.ont-version. Judged through identify(): a layout only Huawei uses flags, a shared or plain
 * one reaches review, other makers' versions (Honor's since 2020 among them) stay clear, and no
 * new grammar reads a clean row of the banner corpus. Third round (a survey of the covered lines
 * still unread): Dahua's numbering with a lettered customization field (15OG004 of a Dahua-branded
 * camera, the OEM code of Amcrest's 00AC000) was read by no grammar; dahua.build-date and
 * dahua.version now read it and are checked here beside the second round's grammars.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultVersions, matchVersionsWith } from '../../src/identify/version-grammar.js';
import type { ObservationKind } from '../../src/observations/observation.js';
import { obs, verdictOf } from './observations.js';

// Grammars added in the second round, and the Dahua grammars the third round widened.
const NEW = ['huawei.hilink-build', 'huawei.balong-version', 'huawei.router-release', 'huawei.access-release', 'dahua.build-date', 'dahua.version'].map((id) => `version.${id}`);
const readings = (kind: ObservationKind, value: string) => matchVersionsWith(defaultVersions(), obs(kind, value));
const newReadings = (kind: ObservationKind, value: string) => readings(kind, value).filter((m) => NEW.includes(m.rule));

describe("Huawei's own layouts flag where the firmware states them", () => {
  it('a HiLink build id (qyyd5g issue 87: an H112-370 5G CPE) flags and fills the firmware', () => {
    expect(verdictOf('snmp.entity.firmware', '10.0.1.11(H302SP17C00)')).toMatchObject({ status: 'covered', covered: 'huawei', firmware: '10.0.1.11(H302SP17C00)' });
  });

  it("HiLink's XML answer writes the parentheses as character references: the firmware is read with them decoded, at review in a page body", () => {
    // trackIT-Systems/tsOS-vhf issue 3: an E3372h-320's api/device/information, its SoftwareVersion.
    const [read] = newReadings('http.body', '<SoftwareVersion>11.0.1.1&#40;H697SP1C983&#41;</SoftwareVersion>');
    expect(read).toMatchObject({ rule: 'version.huawei.hilink-build', firmware: '11.0.1.1(H697SP1C983)', ceiling: 'review' });
  });

  it('a SmartAX OLT release glued to its platform flags (huawei.vrc needs a boundary before the V)', () => {
    const verdict = verdictOf('snmp.entity.firmware', 'MA5600V800R015C00');
    expect(verdict).toMatchObject({ status: 'covered', covered: 'huawei', firmware: 'MA5600V800R015C00' });
    expect(readings('snmp.entity.firmware', 'MA5600V800R015C00').map((m) => m.rule)).toEqual(['version.huawei.access-release']);
  });
});

describe("Dahua's numbering with a lettered customization field (third round)", () => {
  it.each([
    // home-assistant/core issue 68272: an Amcrest IP4M-1051 (Dahua-made), the OEM code AC.
    ['V2.620.00AC000.3.R, Build Date: 2019-08-03', '2.620.00AC000.3.R'],
    // A Dahua IPC-HDW5442T-ZE's own firmware (quoted in scottlamb's RTSP client).
    ['V2.800.15OG004.0.T, Build Date: 2020-11-23', '2.800.15OG004.0.T'],
  ])('with its build date it flags as Dahua: %j', (value, firmware) => {
    expect(verdictOf('snmp.entity.firmware', value)).toMatchObject({ status: 'covered', covered: 'dahua', firmware });
  });

  it("an OEM's firmware file name states it without the date: review, and the firmware is filled", () => {
    // Amcrest's firmware download for the IP4M-1051 (sup-files.s3.us-east-2.amazonaws.com).
    const verdict = verdictOf('http.body', 'Amcrest_IPC-AWXX-V2-Rhea_Eng_NP_AMCREST_V2.620.00AC000.3.R.20191218.bin');
    expect([verdict.status, verdict.covered, verdict.firmware]).toEqual(['review', 'dahua', '2.620.00AC000.3.R']);
    expect(verdict.evidence.map((e) => e.rule)).toContain('version.dahua.version');
  });
});

describe('surveyed lines already read keep their readings (third round)', () => {
  it.each([
    // EZVIZ (Hikvision's consumer brand): a C3WN, home-assistant/addons issue 3315.
    ['V5.3.2 build 230112', 'hikvision', 'version.hikvision.build'],
    // Huawei SmartLogger3000: bolliy/ioBroker.sun2000 issue 41.
    ['V300R023C10SPC311', 'huawei', 'version.huawei.vrc'],
  ])('%j reaches review', (value, covered, rule) => {
    const verdict = verdictOf('snmp.entity.firmware', value);
    expect([verdict.status, verdict.covered, verdict.firmware]).toEqual(['review', covered, value]);
    expect(verdict.evidence.map((e) => e.rule)).toContain(rule);
  });
});

describe('shared or plain layouts reach review only', () => {
  it.each([
    ['11.189.63.00.74', 'version.huawei.balong-version'], // jinxo13/HuaweiB525Router README: a B525s-65a
    ['22.250.04.00.186', 'version.huawei.balong-version'], // huawei-hilink-status README: an E3276
    ['10.0.5.9(C506)', 'version.huawei.router-release'], // anlix-io/flashman pull request 160: a WS5200-21
  ])('%j', (value, rule) => {
    const verdict = verdictOf('snmp.entity.firmware', value);
    expect([verdict.status, verdict.covered, verdict.firmware]).toEqual(['review', 'huawei', value]);
    expect(verdict.evidence.map((e) => e.rule)).toContain(rule);
  });

  it('a ZTE home gateway states its software in the ONT layout, with an operator suffix (mkst/zte-config-utility issue 43: a ZXHN H188A)', () => {
    expect(verdictOf('snmp.entity.firmware', 'V6.0.10P3N3_TE')).toMatchObject({ status: 'review', covered: 'zte', firmware: 'V6.0.10P3N3' });
  });
});

describe('what the new grammars must not read', () => {
  // Other makers' versions in the form their devices state them (Honor: getActivity/AndroidSystemPropertyCollect
  // issue 21; TP-Link: AlexandrErohin/home-assistant-tplink-router issue 210; Reolink: starkillerOG/reolink_aio
  // pull request 97; the others as their release notes write them).
  it.each([
    ['http.body', 'VNE-AN00 6.1.0.183(C00E159R1P4)'], // Honor MagicUI 6.1 (Honor's own since November 2020): Huawei's phone build layout
    ['snmp.entity.firmware', '1.3.2 Build 20250107 rel.52099(4555)'], // TP-Link
    ['snmp.entity.firmware', 'V1.0.0.48_1.0.34'], // Netgear
    ['snmp.entity.firmware', 'SWI9X30C_02.33.03.00'], // Sierra Wireless
    ['snmp.entity.firmware', 'EC25EFAR06A06M4G'], // Quectel
    ['snmp.entity.firmware', 'RP2613'], // FiberHome
    ['snmp.entity.firmware', '3FE49362IJHK46'], // Nokia ONT
    ['snmp.sysdescr', 'H3C Comware Software, Version 7.1.064, Release 0427P22'], // H3C
    ['snmp.entity.firmware', 'IPC_G6103-B5031P20D1805'], // Uniview
    ['snmp.entity.firmware', 'v3.1.0.4054_2409131251'], // Reolink
    ['snmp.entity.firmware', '11.0.1.0'], // Axis AXIS OS
    ['http.body', 'MiWiFi Rom 1.0.168 stable'], // Xiaomi
    ['snmp.sysdescr', 'Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(4)E7'], // Cisco
    ['http.body', 'XGS1210-12_V1.00(ABTY.5)C0.bix'], // Zyxel firmware file
    ['http.body', '192.168.8.1'], // an address
    ['http.body', 'software V5.00.R02.000659MB.10010.140d00.0020000'], // Xiongmai: digits then MB in one field
    ['snmp.entity.firmware', 'V3.2.1.677800'], // a Dahua-made camera's web UI version: plain
    ['snmp.entity.firmware', '16.12(V2.4.3.651299)'], // and its ONVIF version
    ['snmp.entity.firmware', '2.800.00AC000'], // Dahua's numbering cut short: no build, no release letter
    ['snmp.entity.firmware', '2.800.0AC0000.0.R'], // letters out of the OEM code's place
  ] as const)('%s %j', (kind, value) => {
    expect(newReadings(kind, value)).toEqual([]);
    expect(verdictOf(kind, value).status).toBe('clear');
  });

  it('no new grammar reads a clean row of test/corpus/banners.jsonl', () => {
    const rows = readFileSync(new URL('../corpus/banners.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { kind: ObservationKind; value: string; truth: { covered: string | null } });
    const clean = rows.filter((r) => r.truth.covered === null);
    expect(clean.length).toBeGreaterThan(300);
    expect(clean.filter((r) => newReadings(r.kind, r.value).length > 0).map((r) => r.value)).toEqual([]);
  });

  it('names a user chooses are not read', () => {
    expect(newReadings('hostname', '10.0.1.11(H302SP17C00)')).toEqual([]);
    expect(newReadings('snmp.sysname', 'MA5600V800R015C00')).toEqual([]);
  });
});

describe('hostile input', () => {
  const long = (unit: string): string => unit.repeat(Math.ceil(5000 / unit.length));
  it.each(['11.0.1.1(H', '21.329.62.00.', '10.0.5.9(C', 'MA5600V800R0', '&#40;', '2.800.00AC', '2.620.15OG004.0.'])('%j × 5,000 characters is read quickly and names nobody', (unit) => {
    const started = performance.now();
    for (const kind of ['http.body', 'snmp.sysdescr', 'snmp.entity.firmware'] as const) expect(verdictOf(kind, long(unit)).status).toBe('clear');
    // Generous: a linear reading takes milliseconds; a quadratic one would take seconds.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
