/**
 * Model-number grammars (oui/families.json): each reads its examples' models and none of its
 * counter-examples (Synology/Brother/Epson DS-, H3C S5xxx, TP-Link NVR1004H …), the data is
 * checked at load, every pattern stays linear on hostile text at the observation cap, and a model
 * number alone reaches identify()'s verdict with the right entity and model.
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { buildFamilySet, defaultFamilies, matchFamilies, matchFamiliesWith } from '../../src/identify/families.js';
import { identify } from '../../src/identify/identify.js';
import { matchMentions } from '../../src/identify/mentions.js';
import { defaultRules } from '../../src/identify/rules/match.js';
import { MAX_VALUE_LENGTH } from '../../src/observations/observation.js';
import { hostileInputs, SIZES } from './hostile-text.js';
import { obs } from './observations.js';
import type { Observation } from '../../src/observations/observation.js';

const families = defaultFamilies().families;
const noMac = { lookup: () => null };

describe('model families data', () => {
  it('loads every family of oui/families.json, each with a source, years and examples', () => {
    expect(families.length).toBeGreaterThanOrEqual(20);
    for (const { spec } of families) {
      expect(spec.sources.length, spec.id).toBeGreaterThan(0);
      expect(spec.years, spec.id).not.toBe('');
    }
    const entities = new Set(families.map((f) => f.entity));
    for (const entity of ['huawei', 'zte', 'hikvision', 'dahua', 'hytera']) expect(entities.has(entity as never), entity).toBe(true);
  });

  for (const { spec } of families) {
    it(`${spec.id}: reads the model of every example and none of the counter-examples`, () => {
      for (const example of spec.examples) {
        const found = matchFamilies(obs(example.kind, example.value)).find((m) => m.rule === `family.${spec.id}`);
        expect(found, `${spec.id} example ${JSON.stringify(example.value)}`).toBeDefined();
        expect(found?.model).toBe(example.model);
        expect(found?.vendor).toBe(spec.vendor);
      }
      for (const counter of spec.counterExamples) {
        const found = matchFamilies(obs(counter.kind, counter.value)).find((m) => m.rule === `family.${spec.id}`);
        expect(found, `${spec.id} counter-example ${JSON.stringify(counter.value)}`).toBeUndefined();
      }
    });
  }

  it('reports unknown vendors, broken patterns and missing groups instead of loading them', () => {
    const base = { family: 'x', years: '2020-', certainty: 0.5, why: 'x', sources: ['x'], examples: [{ kind: 'http.title', value: 'X1', model: 'X1', source: 'x' }] };
    const { problems } = buildFamilySet(
      {
        families: [
          { ...base, id: 'nobody.x', vendor: 'Nobody', pattern: '(X1)', model: 1 },
          { ...base, id: 'huawei.broken', vendor: 'Huawei', pattern: '(X1', model: 1 },
          { ...base, id: 'huawei.groups', vendor: 'Huawei', pattern: 'X1', model: 2 },
        ],
      },
      defaultRules().vocabulary,
    );
    expect(problems.some((p) => p.includes('nobody.x') && p.includes('not in oui/vendors.json'))).toBe(true);
    expect(problems.some((p) => p.includes('huawei.broken') && p.includes('does not compile'))).toBe(true);
    expect(problems.some((p) => p.includes('huawei.groups') && p.includes('fewer groups'))).toBe(true);
  });
});

describe('model families on hostile text', () => {
  // Generous: a linear pattern takes microseconds at the cap, a quadratic one tens of milliseconds.
  const BOUND_MS = 25;
  const units = ['A', '1', '-', 'DS-2', 'DS-7608', 'S57', 'IPC-HDW1', 'NVR41', 'ZXHN ', 'HG8245', 'MF1', ' ', '%20', 'A-1', 'RD98', 'CE68', 'NVR4104-', '-1P', 'SD49', 'CS-C6N-A0-', 'AirEngine 5760-', 'HUAWEI_nova_', 'S5735-L24', 'B535-', 'SUN2000-'];
  for (const { spec, regex } of families) {
    it(`${spec.id} stays linear at ${MAX_VALUE_LENGTH} characters`, () => {
      const inputs = new Set<string>();
      for (const unit of [...units, ...spec.examples.map((e) => e.value)]) {
        const run = unit.repeat(Math.ceil(MAX_VALUE_LENGTH / unit.length)).slice(0, MAX_VALUE_LENGTH);
        inputs.add(run);
        inputs.add(`${run.slice(0, -1)}\u0001`);
      }
      for (const text of inputs) {
        const start = performance.now();
        regex.exec(text);
        matchFamiliesWith(defaultFamilies(), obs('http.title', text));
        const took = performance.now() - start;
        if (took > BOUND_MS) {
          // Re-time once: a GC pause or a busy core is not a slow pattern.
          const again = performance.now();
          regex.exec(text);
          expect(performance.now() - again, `${spec.id} on ${JSON.stringify(text.slice(0, 24))}…`).toBeLessThan(BOUND_MS);
        }
      }
    });
  }
});

describe('model families on the rules\' hostile text', () => {
  // The same near-miss inputs the rule patterns meet (rules-redos.test.ts), for every family's
  // pattern, its caseless form and its veto: a family runs on the same device text as a rule.
  const BOUND_MS = 5;
  const median = (regex: RegExp, text: string): number => {
    const time = () => {
      const start = performance.now();
      regex.exec(text);
      return performance.now() - start;
    };
    if (time() < BOUND_MS) return 0;
    return Array.from({ length: 5 }, time).sort((a, b) => a - b)[2]!;
  };
  const slowest = (regexes: readonly (RegExp | undefined)[], examples: readonly string[]): string | null => {
    for (const size of SIZES) {
      for (const text of hostileInputs(examples, size)) {
        for (const regex of regexes) {
          if (regex === undefined) continue;
          const took = median(regex, text);
          if (took >= BOUND_MS) return `/${regex.source}/${regex.flags}: ${took.toFixed(1)} ms on ${text.length} chars ${JSON.stringify(text.slice(0, 40))}…`;
        }
      }
    }
    return null;
  };

  it(`every family pattern, caseless form and veto stays under ${BOUND_MS} ms per match up to ${MAX_VALUE_LENGTH} characters`, () => {
    const slow = families.flatMap(({ spec, regex, caseless, unless }) => {
      const found = slowest([regex, caseless, unless], [...spec.examples, ...spec.counterExamples].map((e) => e.value));
      return found === null ? [] : [`${spec.id}: ${found}`];
    });
    expect(slow.join('\n')).toBe('');
  }, 120_000);

  it('catches a quadratic family pattern (the test can fail)', () => {
    expect(slowest([/(?<![A-Za-z0-9-])(DS-[\w-]*\d[\w-]*)(?=\s|$)/], ['DS-2CD2385G1-I'])).toMatch(/ms on/);
  });
});

describe('model families through identify() as scans call it (default matcher)', () => {

  it('an OEM camera betrays itself by its Hikvision hardware scope: flagged, model read', () => {
    const verdict = identify([obs('onvif.scope', 'onvif://www.onvif.org/name/LTS onvif://www.onvif.org/hardware/DS-2CD2142FWD-I')], {
      matcher: (o) => [...matchMentions(o), ...matchFamilies(o)],
      ...noMac,
    });
    expect(verdict.status).toBe('covered');
    expect(verdict.covered).toBe('hikvision');
    expect(verdict.model).toBe('DS-2CD2142FWD-I');
  });

  it('a Dahua recorder sysDescr alone flags Dahua with its model', () => {
    const verdict = identify([obs('snmp.sysdescr', 'DH-NVR4108HS-8P-4KS2')], noMac);
    expect(verdict.status).toBe('covered');
    expect(verdict.covered).toBe('dahua');
    expect(verdict.model).toBe('DH-NVR4108HS-8P-4KS2');
  });

  it('an H3C Comware switch and a Brother scanner stay clear', () => {
    for (const [kind, value] of [
      ['snmp.sysdescr', 'H3C Comware Platform Software, Software Version 7.1.045, Release 1121\nH3C S5560-54C-EI\nCopyright (c) 2004-2016 Hangzhou H3C Tech. Co., Ltd. All rights reserved.'],
      ['http.title', 'Brother DS-940DW'],
      ['upnp.model', 'DS918+'],
    ] as const) {
      const verdict = identify([obs(kind, value)], noMac);
      expect(verdict.status, value).toBe('clear');
    }
  });
});

// DHCP and DNS watchers fold host names to lower case (home-assistant/core@4d05fe3442e9
// homeassistant/components/dhcp/__init__.py: hostname.lower(); AdguardTeam/AdGuardHome issue #3096),
// so a camera that sends DS-2CD2143G0-I may be seen as ds-2cd2143g0-i.
describe('model numbers in lower-cased host names', () => {
  it.each([
    ['hostname', 'ds-2cd2143g0-i', 'hikvision', 'DS-2CD2143G0-I'],
    ['hostname', 'hikvision-ds-2cd2143g0-i', 'hikvision', 'DS-2CD2143G0-I'],
    ['hostname', 'zxhn-f670l', 'zte', 'ZXHN-F670L'],
    ['hostname', 'hg8245h.lan', 'huawei', 'HG8245H'],
    ['hostname', 'ipc-hfw2431s-s-s2', 'dahua', 'IPC-HFW2431S-S-S2'],
    ['mdns.instance', 'dh-ipc-hdw1230t2', 'dahua', 'DH-IPC-HDW1230T2'],
  ] as const)('%s %s flags %s with the model in its usual case', (kind, value, entity, model) => {
    expect(identify([obs(kind, value)], noMac)).toMatchObject({ status: 'covered', covered: entity, model });
  });

  it.each([
    'ds-218play', // Synology DS218play
    'ds218play',
    'ds-1630', // Epson DS-1630 scanner
    'ws-c2960x-48', // Cisco Catalyst part number
    'hs100', // TP-Link plug
    'kp115',
    'zxan', // a line name without a number is a word
    'ipc', // Reolink and others
    'ds-kit',
  ])('the look-alike host name %s stays clear', (value) => {
    expect(identify([obs('hostname', value)], noMac).status).toBe('clear');
  });

  it('reads without case only host names with no capital letter, and only host-name kinds', () => {
    // A title keeps its case: a lower-case one is no DS- model number.
    expect(identify([obs('http.title', 'ds-2cd2143g0-i')], noMac).status).toBe('clear');
    // A host name with capitals was not folded: its case is the device's own.
    expect(identify([obs('hostname', 'Ds-2cd2143g0-i')], noMac).status).toBe('clear');
  });
});


describe('a product line or the software is no model number (families with model null)', () => {
  const sysDescr = (value: string): Observation => ({ ip: '192.0.2.7', kind: 'snmp.sysdescr', value, source: 'test', at: '2026-12-05T00:00:00Z' });

  it("VRP's software line fills no model: the switch's model in its version does (a FAR report's model number)", () => {
    // librenms/librenms@15f945c0d793 tests/snmpsim/vrp.snmprec has the full sysDescr; LLDP and CLI captures often carry this line alone.
    const verdict = identify([sysDescr('VRP (R) software, Version 5.170 (S5720 V200R011C10SPC600)')]);
    expect([verdict.status, verdict.covered, verdict.model]).toEqual(['covered', 'huawei', 'S5720']);
  });

  it('a line name alone flags the maker and leaves the model unknown', () => {
    const verdict = identify([{ ...sysDescr('OceanStor DeviceManager'), kind: 'http.title' }]);
    expect([verdict.status, verdict.covered, verdict.model]).toEqual(['covered', 'huawei', null]);
  });

  it('examples of such a family may not name a model, nor may a model family omit one', () => {
    const base = { family: 'x', years: '2020-', certainty: 0.5, why: 'x', sources: ['x'] };
    const { problems } = buildFamilySet(
      {
        families: [
          { ...base, id: 'huawei.line', vendor: 'Huawei', pattern: 'Line', model: null, examples: [{ kind: 'http.title', value: 'Line', model: 'Line', source: 'x' }] },
          { ...base, id: 'huawei.model', vendor: 'Huawei', pattern: '(X1)', model: 1, examples: [{ kind: 'http.title', value: 'X1', source: 'x' }] },
        ],
      },
      defaultRules().vocabulary,
    );
    expect(problems).toHaveLength(2);
    expect(problems.every((p) => p.includes('examples name a model exactly when the grammar reads one'))).toBe(true);
  });
});
