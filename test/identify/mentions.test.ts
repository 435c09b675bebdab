/**
 * Maker mentions (oui/mentions.json): every template reads its examples with the right maker and
 * none of its counter-examples; word boundaries and traps keep look-alikes out (AZTEC, ZTEST,
 * Huaweicloud, Shanghai Dahua Scale Factory, Huawei-3Com); software on a host is a note, never
 * evidence; the work per observation stays linear at the cap; and through identify() a bare
 * "HUAWEI HG8245H" title reaches at least review with the right entity and model.
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { matchFamilies } from '../../src/identify/families.js';
import { identify } from '../../src/identify/identify.js';
import { buildMentionSet, defaultMentions, matchMentions, matchMentionsWith } from '../../src/identify/mentions.js';
import { defaultRules } from '../../src/identify/rules/match.js';
import { MAX_VALUE_LENGTH, type Observation, type ObservationKind } from '../../src/observations/observation.js';
import { obs } from './observations.js';

const set = defaultMentions();
const vocabulary = defaultRules().vocabulary;
const positive = (kind: ObservationKind, value: string) => matchMentions(obs(kind, value)).filter((m) => m.certainty > 0);
const noMac = { lookup: () => null };

describe('maker mention templates', () => {
  for (const template of set.templates) {
    const { spec } = template;
    it(`${spec.id}: reads every example and none of the counter-examples`, () => {
      for (const example of spec.examples) {
        const matches = matchMentions(obs(example.kind, example.value));
        const found = matches.find((m) => m.rule.startsWith(`mention.${spec.id}.`));
        expect(found, `${spec.id} example ${JSON.stringify(example.value)}`).toBeDefined();
        if (spec.certainty === 0) {
          // A note names no vendor and no entity: it must not make the host anyone's device.
          expect(found?.certainty).toBe(0);
          expect(found?.entity).toBeNull();
          expect(found?.vendor).toBeNull();
          expect(found?.says).toContain(example.vendor);
        } else {
          expect(found?.vendor).toBe(example.vendor);
          expect(found?.entity).toBe(vocabulary.get(example.vendor)?.entity);
          expect(found?.certainty).toBe(spec.certainty);
        }
        if (example.model !== undefined) expect(found?.model).toBe(example.model);
      }
      for (const counter of spec.counterExamples) {
        const found = matchMentions(obs(counter.kind, counter.value)).find((m) => m.rule.startsWith(`mention.${spec.id}.`));
        expect(found, `${spec.id} counter-example ${JSON.stringify(counter.value)}`).toBeUndefined();
      }
    });
  }

  it('a bare mention is review-level evidence for the right entity', () => {
    const [found] = positive('hostname', 'dahua-lobby');
    expect(found?.rule).toBe('mention.bare.dahua.hostname');
    expect(found?.entity).toBe('dahua');
    expect(found?.voice).toBe('label');
    expect(found?.certainty).toBeGreaterThanOrEqual(0.3);
    expect(found?.certainty).toBeLessThan(0.8);
  });

  it('names the maker in Chinese too', () => {
    expect(positive('http.title', '海康威视 网络摄像机')[0]?.entity).toBe('hikvision');
    expect(positive('http.body', '版权所有 华为技术有限公司')[0]?.entity).toBe('huawei');
  });
});

describe('look-alikes and traps', () => {
  const clean: Array<[ObservationKind, string]> = [
    ['http.title', 'AZTEC Online Store'],
    ['hostname', 'ztest-runner'],
    ['http.title', 'Aztech DSL5001EN'],
    ['upnp.manufacturer', 'ZTEC Instruments, Inc.'],
    ['http.title', 'Huaweicloud console'],
    ['upnp.manufacturer', 'Shanghai Dahua Scale Factory'],
    ['snmp.sysdescr', 'HUAWEI-3COM WBR-204g'],
    ['snmp.sysdescr', 'Huawei-3Com Versatile Routing Platform Software'],
    ['upnp.manufacturer', 'Teltronic AG'],
    ['upnp.manufacturer', 'Teltronics, Inc.'],
    ['http.title', 'Shenzhen Hikeen Technology'],
    ['http.title', 'Hikari Trading'],
    ['http.title', 'dahuatech-mirror'],
  ];
  for (const [kind, value] of clean) {
    it(`${JSON.stringify(value)} names no covered maker`, () => {
      expect(positive(kind, value)).toEqual([]);
    });
  }

  it('a CamelCase join still counts as the maker ("HuaweiHomeGateway")', () => {
    expect(positive('http.realm', 'HuaweiHomeGateway')[0]?.entity).toBe('huawei');
  });

  it('HiSilicon (a chip maker) may only send to review', () => {
    const found = positive('http.title', 'Hisilicon DVR Web Server');
    expect(found.length).toBeGreaterThan(0);
    for (const m of found) expect(m.ceiling).toBe('review');
  });

  it('reports an unknown maker and a broken template instead of loading them', () => {
    const { problems } = buildMentionSet(
      {
        makers: [{ vendor: 'Nobody' }],
        bare: { certainty: 0.4, description: 'x' },
        templates: [{ id: 'broken', description: 'x', certainty: 0.5, after: '^(', examples: [{ kind: 'http.title', value: 'Huawei', vendor: 'Huawei', source: 'x' }] }],
      },
      vocabulary,
    );
    expect(problems.some((p) => p.includes('Nobody'))).toBe(true);
    expect(problems.some((p) => p.includes('broken') && p.includes('does not compile'))).toBe(true);
  });

  it("refuses othersText on a template that is no note: only a note may say the text is someone else's", () => {
    const { problems } = buildMentionSet(
      {
        bare: { certainty: 0.4, description: 'x' },
        templates: [{ id: 'loud', description: 'x', certainty: 0.85, othersText: true, lead: true, examples: [{ kind: 'http.title', value: 'Huawei', vendor: 'Huawei', source: 'x' }] }],
      },
      vocabulary,
    );
    expect(problems.some((p) => p.includes('loud') && p.includes('othersText'))).toBe(true);
  });
});

describe('mentions on hostile text', () => {
  // Generous: the whole observation (trap pass, name pass, ≤32 mentions × windowed templates) in
  // well under a millisecond normally; a super-linear template would take tens of milliseconds.
  const BOUND_MS = 50;
  const units = ['Huawei ', 'Huawei', 'ZTE-', 'Copyright (c) ', '© ', 'for ', 'O=', 'Hikvision DS-', 'a', ' ', 'Dahua Technology Co., ', 'x.com ', 'Shanghai Dahua Scale ', 'HuaweiHuawei'];
  const kinds: ObservationKind[] = ['http.title', 'snmp.sysdescr', 'tls.subject', 'http.body', 'hostname'];
  it(`every kind stays linear at ${MAX_VALUE_LENGTH} characters`, () => {
    for (const unit of units) {
      const run = unit.repeat(Math.ceil(MAX_VALUE_LENGTH / unit.length)).slice(0, MAX_VALUE_LENGTH);
      for (const text of [run, `${run.slice(0, -1)}\u0001`, `${run.slice(0, -40)}Huawei HG8245H Web Server`]) {
        for (const kind of kinds) {
          const start = performance.now();
          matchMentionsWith(set, obs(kind, text));
          const took = performance.now() - start;
          if (took > BOUND_MS) {
            const again = performance.now();
            matchMentionsWith(set, obs(kind, text));
            expect(performance.now() - again, `${kind} on ${JSON.stringify(unit)}×`).toBeLessThan(BOUND_MS);
          }
        }
      }
    }
  });
});

describe('mentions through identify() as scans call it (default matcher)', () => {
  const mineOnly = (o: Observation) => [...matchMentions(o), ...matchFamilies(o)];

  it('a title "HUAWEI HG8245H" alone reaches at least review, entity huawei, model HG8245H', () => {
    const verdict = identify([obs('http.title', 'HUAWEI HG8245H')], noMac);
    expect(['review', 'covered']).toContain(verdict.status);
    expect(verdict.covered).toBe('huawei');
    expect(verdict.model).toBe('HG8245H');
  });

  it('the Huawei MAS SNMP agent on Windows stays clear and keeps a note', () => {
    const verdict = identify([obs('snmp.sysdescr', 'MAS 1.0 Huawei Technologies Co., Ltd on Windows NT 5.0')], { matcher: mineOnly, ...noMac });
    expect(verdict.status).toBe('clear');
    expect(verdict.covered).toBeNull();
    expect(verdict.manufacturer).toBeNull();
    expect(verdict.evidence.some((e) => e.rule.startsWith('mention.software.huawei') && e.certainty === 0)).toBe(true);
  });

  it('a Hikvision VMS client on a PC and a compatibility list stay clear', () => {
    for (const [kind, value] of [
      ['http.title', 'iVMS-4200 Hikvision Client'],
      ['http.title', 'ONVIF viewer - compatible with Hikvision, Dahua and Axis'],
    ] as const) {
      expect(identify([obs(kind, value)], noMac).status, value).toBe('clear');
    }
  });

  it("a covered maker's software on a general-purpose host is a note, however it is phrased (on/for an OS, the OS's own layout, a phone suite)", () => {
    for (const [kind, value] of [
      // rapid7/recog@00145cdfd327 xml/snmp_sysdescr.xml: Huawei's MAS agent on SuSE Linux.
      ['snmp.sysdescr', 'MAS 1.0 (Intel X86) Copyright (c) 1998-2006 Huawei Technologies Co., Ltd on SUSE LINUX 9.0'],
      // Windows' own sysDescr layout, a covered maker's agent named after it.
      ['snmp.sysdescr', 'Hardware: Intel64 Family 6 Model 85 Stepping 7 AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build 17763 Multiprocessor Free) Huawei agent'],
      ['http.title', 'HUAWEI HiSuite for Windows'],
      ['http.title', 'Hikvision client for macOS'],
      ['snmp.sysdescr', 'Huawei eSpace agent on Red Hat Enterprise Linux'],
    ] as const) {
      const verdict = identify([obs(kind, value)], { matcher: mineOnly, ...noMac });
      expect(verdict.status, value).toBe('clear');
      expect(verdict.evidence.some((e) => e.rule.startsWith('mention.software.') && e.certainty === 0), value).toBe(true);
    }
  });

  it("a copyright line in Chinese with the maker's city before its name flags (版权所有 … 杭州海康威视…)", () => {
    for (const value of ['版权所有 (C), 2001-2015, 杭州海康威视数字技术股份有限公司', '版权信息：版权所有 (c) 2015, 杭州海康威视数字技术股份有限公司, 保留所有权利']) {
      const verdict = identify([obs('http.body', value)], { matcher: mineOnly, ...noMac });
      expect(verdict.status, value).toBe('covered');
      expect(verdict.covered).toBe('hikvision');
    }
  });

  it("an SSH server whose software name is the maker's flags, however the version is spelled (banners no rule lists)", () => {
    for (const [value, entity] of [
      ['SSH-2.0-ZTE-SSH-1.0', 'zte'],
      ['SSH-1.99-Huawei_VRP_5.70', 'huawei'],
      ['SSH-2.0-HIKVISION_SSH', 'hikvision'],
    ] as const) {
      expect(identify([obs('ssh.banner', value)], { matcher: mineOnly, ...noMac }), value).toMatchObject({ status: 'covered', covered: entity });
    }
    // The maker named after another sshd's name is no self-description.
    expect(identify([obs('ssh.banner', 'SSH-2.0-OpenSSH_8.4 Huawei')], { matcher: mineOnly, ...noMac }).status).not.toBe('covered');
  });

  it('a self-description in the firmware flags on its own', () => {
    const verdict = identify([obs('telnet.banner', 'Welcome Visiting Huawei Home Gateway\nCopyright by Huawei Technologies Co., Ltd.')], { matcher: mineOnly, ...noMac });
    expect(verdict.status).toBe('covered');
    expect(verdict.covered).toBe('huawei');
  });
});
