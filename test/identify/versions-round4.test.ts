/**
 * Issue #11, firmware version grammars, fourth round: classes of strings the grammars missed.
 * ZTE builds under any head (an operator and country with underscores, no BD_ at all, the model
 * first, MOD after the model); Huawei's release numbering in lower case, the Balong web UI
 * platform 17 and four-digit last fields, and the HiLink web UI's W-build id; Dahua's numbering
 * with its build date in any layout (a space after `build:`, a date glued on, another date
 * layout, no release letter). Each value is a cited string (sources beside it, and in
 * oui/versions.json), or a capture with only its date re-laid as Dahua's Date Format setting
 * offers, said where it is done.
 */
import { describe, expect, it } from 'vitest';
import { defaultVersions, matchVersionsWith } from '../../src/identify/version-grammar.js';
import type { ObservationKind } from '../../src/observations/observation.js';
import { obs, verdictOf } from './observations.js';

const versionRules = (kind: ObservationKind, value: string): string[] => matchVersionsWith(defaultVersions(), obs(kind, value)).map((m) => m.rule);
const summary = (kind: ObservationKind, value: string) => {
  const v = verdictOf(kind, value);
  return { status: v.status, covered: v.covered, firmware: v.firmware, model: v.model };
};

describe('ZTE builds: the model wherever it sits, under any head, and the V<x.y.z>B<nn> tail', () => {
  it.each([
    // stich86/ZTE-MF289F-Recovery enable_volte.md: Vodafone Italy's and T-Mobile Poland's MF289F builds (no BD_).
    ['VDF_IT_MF289FMODV1.0.0B07', 'MF289F'],
    ['TMO_PL_MF289F1MODV1.0.0B03', 'MF289F'],
  ])('%j flags as ZTE and fills model %s', (value, model) => {
    expect(summary('snmp.entity.firmware', value)).toMatchObject({ status: 'covered', covered: 'zte', firmware: value, model });
  });

  it.each([
    // A ZTE U30 Air (MU300) tool's test environment line: the model first, a code after it.
    ['MU300_ZYV1.0.0B09', 'MU300'],
    // The build id of a constructed look-alike (zxic-dongles.test.ts): an MF-like number under a head that is not ZTE's channel naming.
    ['UFI_MF981V1.0.0B01', 'MF981'],
  ])('%j, the model and tail under another head, reaches review with model %s (a ZXIC dongle could name a build so)', (value, model) => {
    expect(summary('snmp.entity.firmware', value)).toMatchObject({ status: 'review', covered: 'zte', firmware: value, model });
  });

  it("a goform answer's build with MOD after the model and its compile time is read from the answer, uncapped (wuseman's MF297D of Telia Sweden)", () => {
    const answer = '{"model_name":"MF297D","wa_inner_version":"BD_TELIASEMF297DMODV1.0.0B03 [Jan  5 2022 18:02:19]"}';
    const [read] = matchVersionsWith(defaultVersions(), obs('http.body', answer)).filter((m) => m.rule === 'version.zte.goform-build');
    expect(read).toMatchObject({ firmware: 'BD_TELIASEMF297DMODV1.0.0B03', model: 'MF297D', certainty: 0.8 });
    expect(read?.ceiling).toBeUndefined();
    // The answer grammar is listed before the build layout it contains, so the text counts by its uncapped reading.
    expect(summary('http.body', answer)).toMatchObject({ status: 'covered', covered: 'zte', firmware: 'BD_TELIASEMF297DMODV1.0.0B03', model: 'MF297D' });
  });

  it("an MC888 Pro's build read off its info page keeps the PRO in the model, at review in a page body (Ju8z/mc888-889 issue 2)", () => {
    expect(summary('http.body', 'WA INNER version: BD_TMOAUTMC888PROMODV1.0.0B01 (Jun 7 2023 18:54:00)')).toMatchObject({ status: 'review', covered: 'zte', model: 'MC888PRO' });
  });

  it.each([
    ['snmp.entity.firmware', 'MC60CAR01A10'], // Quectel MC60 (bacnh85/Quectel_MC60_OpenCPU issue 1)
    ['http.body', 'RG520NEBDCR03A04_XM.zip'], // Quectel in a Xiaomi CPE (4IceG/RM520N-GL issue 23)
    ['telnet.banner', '             model: MC7455\n          revision: SWI9X30C_02.32.11.00'], // Sierra Wireless MC7455 on a MikroTik
    ['snmp.entity.firmware', 'UFI003S_V03_ZX_DD_250226'], // a ZXIC dongle sold under another name (Mio-sha512/openstick-stuff issue 4)
    ['snmp.entity.firmware', 'MC888BHWV1.0.0'], // a ZTE hardware version: no B build, so no version grammar reads it
  ] as const)('%s %j: no ZTE build is read', (kind, value) => {
    expect(versionRules(kind, value).filter((r) => r.startsWith('version.zte.'))).toEqual([]);
  });
});

describe("Huawei's numbering in other spellings", () => {
  it("a release in lower case (a VRP switch's system software on its flash) reaches review", () => {
    const line = '   10  -rw-     85,051,908  Jun 28 2018 15:55:01   s5720ei-v200r011c10spc600.cc';
    expect(summary('http.body', line)).toMatchObject({ status: 'review', covered: 'huawei', firmware: 'v200r011c10spc600' });
  });

  it.each([
    ['17.100.08.01.546', 'the E8231 web UI of Salamek/huawei-lte-api issue 195: platform 17'],
    ['21.329.63.00.1217', 'an E5770s package (Huawei-LTE-routers-mods issue 3): a four-digit last field'],
  ])('the Balong version %j reaches review (%s)', (value) => {
    expect(summary('snmp.entity.firmware', value)).toMatchObject({ status: 'review', covered: 'huawei', firmware: value });
  });

  it("HiLink's web UI build id flags where the device states it, and the firmware's own build stays the verdict's firmware", () => {
    // An E8372h's api/device/information answer as the probe stores it (the body of its own answer).
    const webui = 'WEBUI 10.0.5.1(W13SP5C7702)';
    expect(summary('snmp.entity.firmware', webui)).toMatchObject({ status: 'covered', covered: 'huawei', firmware: webui });
    const both = '<SoftwareVersion>10.0.5.1(H195SP4C983)</SoftwareVersion>\n  <WebUIVersion>WEBUI 10.0.5.1(W13SP5C7702)</WebUIVersion>';
    expect(versionRules('http.body', both)).toEqual(expect.arrayContaining(['version.huawei.hilink-build', 'version.huawei.hilink-webui']));
    expect(verdictOf('http.body', both).firmware).toBe('10.0.5.1(H195SP4C983)');
  });

  it.each([
    ['http.body', 'Current Firmware Version: V5.13(AAVF.13)C0'], // Zyxel (trejan/VMG3925-B10B issue 3)
    ['snmp.entity.firmware', '1.3.2 Build 20250107 rel.52099(4555)'], // TP-Link
    ['snmp.entity.firmware', '10.0.5.1(W13SP5C7702)'], // the build id without the WEBUI word is not read as a web UI
  ] as const)('%s %j: no web UI build is read', (kind, value) => {
    expect(versionRules(kind, value)).not.toContain('version.huawei.hilink-webui');
  });
});

describe("Dahua's numbering with its build date wherever the date sits", () => {
  it.each([
    // A Dahua probe's test table: getSoftwareVersion as a client writes it, a space after 'build:'.
    ['2.820.0000000.48.R, build: 2023-11-02', '2.820.0000000.48.R'],
    // user2684/imou_life issue 53: an Imou IPC-F42's firmware with the build date glued on.
    ['2.800.0000000.13.R.221108', '2.800.0000000.13.R'],
    // rroller/dahua issue 90's capture with its date laid DD-MM-YYYY, one of the three Date Formats
    // Dahua's web manual offers (DHI-ITC952-AF3F manual, 5.7.1): the label and layout vary, the number does not.
    ['V2.800.0000018.0.R, Build Date: 07-07-2021', '2.800.0000018.0.R'],
    // No release letter (a Dahua client's test table of getSoftwareVersion answers, not a capture):
    // the seven-digit field and the date suffice.
    ['3.140.0000000.0,build:2021-02-01', '3.140.0000000.0'],
    // An RVi-IPC42DNS's ONVIF FirmwareVersion (a scanner's fixture): early ONVIF answers name the customization 'Group 00'.
    ['2.210.Group 00.0.R, build: 2013-10-24(V4.1.1)', '2.210.Group 00.0.R'],
  ])('%j flags as Dahua and fills the firmware', (value, firmware) => {
    expect(summary('snmp.entity.firmware', value)).toMatchObject({ status: 'covered', covered: 'dahua', firmware });
  });

  it('a firmware file name with the date glued on stays at review (a page or a download refers to the firmware)', () => {
    // OpenIPC/firmware issue 1812: an Imou IPC-C22C firmware file.
    expect(summary('snmp.entity.firmware', 'LC_IPC-Consumer-Hai-Euler_Eng_P_V2.680.0000000.16.R.210406_update.img')).toMatchObject({ status: 'review', covered: 'dahua' });
    expect(versionRules('snmp.entity.firmware', 'LC_IPC-Consumer-Hai-Euler_Eng_P_V2.680.0000000.16.R.210406_update.img')).not.toContain('version.dahua.build-date');
  });

  it.each([
    ['http.body', 'OPENIPC_VERSION=2.3.05.06\nGITHUB_VERSION="master+570c995a, 2023-05-06"'], // OpenIPC/firmware issue 1315
    ['http.body', 'Build Date:2017/7/24 15:41:8\nSystem: V4.02.R11.00001906.10012.230100.00000'], // Xiongmai (OpenIPC/coupler issue 35)
    ['snmp.entity.firmware', '3.140.0000000.0'], // without its date nor a release letter the numbering is not read
  ] as const)('%s %j: no Dahua build date is read', (kind, value) => {
    expect(versionRules(kind, value)).not.toContain('version.dahua.build-date');
  });
});

describe('hostile input', () => {
  const long = (unit: string): string => unit.repeat(Math.ceil(5000 / unit.length));
  it.each(['VDF_IT_', 'MF289F1MOD_', 'MU300_ZYV1.0.', 'A1_B2_C3_D4_MF286', '2.800.0000000.1, Build Date ', '2.800.0000000.1 a\n', 'WEBUI 1.1.1.1(W', 'v200r011c10s'])('%j × 5,000 characters is read quickly and names nobody', (unit) => {
    const started = performance.now();
    for (const kind of ['http.body', 'snmp.entity.firmware'] as const) expect(verdictOf(kind, long(unit)).status).toBe('clear');
    // Generous: a linear reading takes milliseconds; a quadratic one would take seconds.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
