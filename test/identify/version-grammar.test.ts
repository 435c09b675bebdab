/**
 * Issue #11, firmware version grammars (oui/versions.json): a covered maker's own numbering of its
 * firmware names that maker wherever the device states it. Judged as a scan judges them, through
 * identify(): a layout only its maker uses flags, a shared one reaches review, other makers'
 * version strings stay clear, a page body that may list other devices caps the reading, and a
 * version never displaces an anchored rule.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { defaultRules } from '../../src/identify/rules/match.js';
import { buildVersionSet, defaultVersions, matchVersionsWith, versionsFileSchema, type VersionGrammarSpec } from '../../src/identify/version-grammar.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';
import { noMac, obs, verdictOf } from './observations.js';

const file = versionsFileSchema.parse(JSON.parse(readFileSync(new URL('../../oui/versions.json', import.meta.url), 'utf8')));
const grammars = file.grammars;
const entityOf = (spec: VersionGrammarSpec): string => defaultRules().vocabulary.get(spec.vendor)!.entity!;
const readings = (kind: ObservationKind, value: string) => matchVersionsWith(defaultVersions(), obs(kind, value));

describe('oui/versions.json', () => {
  it('loads without problems', () => {
    expect(buildVersionSet(file, defaultRules().vocabulary).problems).toEqual([]);
  });

  it('every example and counter-example cites a repository at a commit or a URL, or its note says it does not', () => {
    const cited = (source: string): boolean => /\b[\w.-]+\/[\w.-]+@[0-9a-f]{7,40} \S+|https?:\/\/\S+/.test(source);
    const unowned = grammars.flatMap((g) =>
      [...g.examples.map((e, i) => ['Example', i, e.source] as const), ...g.counterExamples.map((e, i) => ['Counter-example', i, e.source] as const)]
        .filter(([label, i, source]) => !cited(source) && !new RegExp(`\\b${label} ${i + 1}\\b`).test(g.note ?? ''))
        .map(([label, i]) => `${g.id}: ${label} ${i + 1}`),
    );
    expect(unowned).toEqual([]);
  });

  it.each(grammars.flatMap((g) => g.examples.map((e) => [g.id, e.kind, e.value, g, e] as const)))('%s reads %s %j', (id, kind, value, g, e) => {
    const read = readings(kind, value).find((m) => m.rule === `version.${id}`);
    expect(read).toMatchObject({ firmware: e.firmware, vendor: g.vendor, entity: entityOf(g), certainty: g.certainty, voice: 'firmware' });
    expect(read?.model).toBe(e.model);
  });

  it.each(grammars.flatMap((g) => g.counterExamples.map((e) => [g.id, e.kind, e.value, g] as const)))('%s: the look-alike %s %j names nobody', (id, kind, value, g) => {
    expect(readings(kind, value).filter((m) => m.rule === `version.${id}` || m.vendor === g.vendor)).toEqual([]);
    expect(verdictOf(kind, value).status).toBe('clear');
  });
});

describe("other makers' version layouts name nobody", () => {
  // Layouts of makers the grammars must not read, as their products state them (Ruijie: a public
  // 'show version' capture; the others in the form their release notes use), beside the cited
  // counter-examples of oui/versions.json.
  it.each([
    ['snmp.sysdescr', 'System software version : S8600E_RGOS 11.0(4)B8'], // Ruijie RGOS
    ['snmp.entity.firmware', '9.80.3.8'], // Axis AXIS OS
    ['snmp.entity.firmware', 'IPC_G6103-B5031P20D1805'], // Uniview (H3C's B/P/D numbering)
    ['snmp.entity.firmware', 'RP2613'], // FiberHome OLT/ONT releases
    ['snmp.entity.firmware', '4.24.0'], // Inspur BMC
    ['snmp.entity.firmware', 'V300R003B01D003'], // H3C's V/R/B/D numbering, no C part
    ['snmp.sysdescr', 'H3C Comware Software, Version 7.1.064, Release 0427P22'], // Comware 7
    ['snmp.entity.firmware', '1.2.3'], // a semantic version
    ['http.body', 'V1.0.0 build 20200101'], // an eight-digit build date
  ] as const)('%s %j', (kind, value) => {
    expect(readings(kind, value)).toEqual([]);
    expect(verdictOf(kind, value).status).toBe('clear');
  });
});

describe('a version stated alone', () => {
  // The examples that are nothing but the version: their verdict is the grammar's own.
  const bare = grammars.flatMap((g) => g.examples.filter((e) => e.value === e.firmware).map((e) => [g.id, e.kind, e.value, g] as const));

  it.each(bare)('%s: %s %j flags or reaches review as the grammar says, and fills the firmware', (_id, kind, value, g) => {
    const verdict = verdictOf(kind, value);
    expect([verdict.status, verdict.covered, verdict.firmware]).toEqual([g.certainty >= 0.8 ? 'covered' : 'review', entityOf(g), value]);
  });

  it('a ZTE mobile-broadband build fills the model it names', () => {
    // openwrt/firmware_qca-wireless pull request 61: a stock MF286C firmware (a CR_ build).
    expect(verdictOf('snmp.entity.firmware', 'MF286C_CR_TMMYMF286CV1.0.1B03')).toMatchObject({ status: 'covered', covered: 'zte', model: 'MF286C', firmware: 'MF286C_CR_TMMYMF286CV1.0.1B03' });
  });
});

describe('a version inside a longer text is read with its context', () => {
  // OSS_SNMP issue 59: the VRP line of an S6720's sysDescr, without the lines that name Huawei.
  const vrpLine = 'VRP (R) software,Version 5.170 (S6720 V200R010C00SPC600)';

  it("the VRP version beside the release flags: VRP's own way of naming itself", () => {
    const verdict = verdictOf('snmp.sysdescr', vrpLine);
    expect([verdict.status, verdict.covered, verdict.firmware]).toEqual(['covered', 'huawei', 'V200R010C00SPC600']);
    expect(verdict.evidence.map((e) => e.rule)).toContain('version.huawei.vrp-release');
  });

  it('the same release without the VRP version only reaches review (Sigenergy and xFusion number theirs so)', () => {
    expect(verdictOf('snmp.sysdescr', 'software (S6720 V200R010C00SPC600)')).toMatchObject({ status: 'review', covered: 'huawei', firmware: 'V200R010C00SPC600' });
  });

  it('a text naming xFusion, Sigenergy or a HiSilicon SDK vetoes the release', () => {
    for (const value of ['xFusion iBMC V100R005C00SPC253', 'SigenStor gateway V100R001C00SPC108', 'HiSilicon SDK V100R001C02SPC020']) {
      expect(readings('snmp.entity.firmware', value)).toEqual([]);
    }
    // Decision: an iBMC release of a server xFusion sells is not Huawei equipment.
    expect(verdictOf('snmp.entity.firmware', 'xFusion iBMC V100R005C00SPC253').status).toBe('clear');
  });

  it("a release glued to a chip name is not read (HiSilicon's Hi3516CV500R001C02…)", () => {
    expect(readings('http.body', 'Hi3516CV500R001C02SPC010')).toEqual([]);
  });

  it('in a page body, which may list the cameras an NVR records, a Dahua version with its date reaches review only', () => {
    const page = '<tr><td>Front door</td><td>V2.800.0000018.0.R, Build Date: 2021-07-07</td></tr>';
    expect(verdictOf('http.body', page)).toMatchObject({ status: 'review', covered: 'dahua' });
    expect(readings('http.body', page)[0]?.ceiling).toBe('review');
  });

  it("the maker's own version answer flags in a page body; the same key=value line inside a page does not count as the answer", () => {
    // rroller/dahua client.py: getSoftwareVersion's example response.
    const answer = 'version=2.800.0000016.0.R,build:2020-06-05';
    expect(readings('http.body', answer).find((m) => m.rule === 'version.dahua.software-version-answer')?.ceiling).toBeUndefined();
    expect(readings('http.body', `<pre>${answer}</pre>`).map((m) => m.rule)).not.toContain('version.dahua.software-version-answer');
    // teixeluis/zte-lte-modem README: the goform answer; the same build inside a page is read at review only.
    const goform = '{"Language":"pt","cr_version":"","wa_inner_version":"BD_MEOPTMF266V1.0.0B06"}';
    expect(readings('http.body', goform).map((m) => [m.rule, m.ceiling])).toContainEqual(['version.zte.goform-build', undefined]);
    expect(readings('http.body', `<p>${goform}</p>`).every((m) => m.rule !== 'version.zte.goform-build' && m.ceiling === 'review')).toBe(true);
  });

  it('names a user chooses are not read (host names, sysName)', () => {
    expect(readings('hostname', 'V100R001C00SPC135')).toEqual([]);
    expect(readings('snmp.sysname', 'MF286C_CR_TMMYMF286CV1.0.1B03')).toEqual([]);
    expect(verdictOf('hostname', 'V100R001C00SPC135').status).toBe('clear');
  });
});

describe('a version never displaces an anchored rule', () => {
  it('a VRP sysDescr counts through its rule; the version reading adds nothing it did not capture', () => {
    // librenms vrp_ne8000.snmprec sysDescr (first lines).
    const value = 'Huawei Versatile Routing Platform Software\nVRP (R) software, Version 8.200 (NetEngine 8000 V800R012C10SPC300) \r\nCopyright (C) 2012-2020 Huawei Technologies Co., Ltd.';
    const verdict = verdictOf('snmp.sysdescr', value);
    expect(verdict.status).toBe('covered');
    expect(verdict.evidence.filter((e) => e.rule.startsWith('version.'))).toEqual([]);
    expect(verdict.evidence.some((e) => e.rule.startsWith('snmp.sysdescr.huawei.') && e.certainty > 0)).toBe(true);
  });

  it('where the rule naming the maker captured no firmware, the version adds it once, at certainty 0', () => {
    // OSS_SNMP issue 59: the S6720's VRP and copyright lines; the copyright rule names Huawei without a firmware.
    const verdict = verdictOf('snmp.sysdescr', ' VRP (R) software,Version 5.170 (S6720 V200R010C00SPC600) \n Copyright (C) 2007 Huawei Technologies Co., Ltd.');
    expect(verdict).toMatchObject({ status: 'covered', covered: 'huawei', firmware: 'V200R010C00SPC600' });
    expect(verdict.evidence.filter((e) => e.rule.startsWith('version.')).map((e) => e.certainty)).toEqual([0]);
  });

  it('a magicBox answer counts through the Dahua body rule', () => {
    const verdict = verdictOf('http.body', 'version=2.800.0000016.0.R,build:2020-06-05');
    expect(verdict.evidence.filter((e) => e.certainty > 0).map((e) => e.rule)).toEqual(['http.body.dahua.software-version']);
  });
});

describe('hostile input', () => {
  const long = (unit: string): string => unit.repeat(Math.ceil(5000 / unit.length));
  it.each([
    ['V100R001C0', 'a release cut short, repeated'],
    ['Version 5.170 (S S S ', 'VRP words without a release'],
    ['version=2.800.0000000.1', 'a Dahua answer without its date'],
    ['BD_AAAAAAAAAAAAMF2', 'a ZTE build without its version'],
    ['V5.5.5 build 1', 'a build without its date'],
    ['{"cr_version":"BD_', 'goform keys without values'],
    ['9.', 'digits and dots'],
  ])('%j × 5,000 characters (%s) is read quickly and names nobody', (unit) => {
    const started = performance.now();
    for (const kind of ['http.body', 'snmp.sysdescr', 'snmp.entity.firmware'] as const) expect(verdictOf(kind, long(unit)).status).toBe('clear');
    // Generous: a linear reading takes milliseconds; a quadratic one would take seconds.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a release beyond the stored bound is not read', () => {
    expect(readings('http.body', `${' '.repeat(5000)}V100R001C00SPC135`)).toEqual([]);
  });
});

describe('order', () => {
  it("a device's facts give the same verdict bytes in any order", () => {
    const facts: Observation[] = [
      obs('snmp.entity.firmware', 'V100R001C00SPC135'),
      obs('snmp.sysdescr', 'VRP (R) software,Version 5.170 (S6720 V200R010C00SPC600)'),
      obs('http.body', 'version=2.800.0000016.0.R,build:2020-06-05'),
      obs('snmp.entity.firmware', 'V9.0.11P1N13'),
      obs('hostname', 'office-printer'),
    ];
    const orders = [facts, [...facts].reverse(), [facts[2]!, facts[0]!, facts[4]!, facts[1]!, facts[3]!]];
    const bytes = orders.map((order) => JSON.stringify(identify(order, noMac)));
    expect(new Set(bytes).size).toBe(1);
  });
});

describe('the grammar file is checked', () => {
  const spec = grammars[0]!;
  const problems = (change: Partial<VersionGrammarSpec>) => buildVersionSet({ grammars: [{ ...spec, ...change }] }, defaultRules().vocabulary).problems;

  it('a kind a user names, an unknown maker, a missing group or a broken pattern is a problem', () => {
    expect(problems({ kinds: [...spec.kinds, 'hostname'] })).toEqual([expect.stringContaining('kind hostname')]);
    expect(problems({ vendor: 'Nobody Inc' })).toEqual([expect.stringContaining('not in oui/vendors.json')]);
    expect(problems({ firmware: 3 })).toEqual([expect.stringContaining('capture group')]);
    expect(problems({ pattern: '(' })).toEqual([expect.stringContaining('does not compile')]);
  });
});
