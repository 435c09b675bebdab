/**
 * A verdict is a function of the SET of facts: ties between equally sure facts, groups and models
 * are broken by a documented key, never by which came first or was seen last.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { Voice } from '../../src/identify/rule-match.js';
import { ENTITY_IDS, type EntityId } from '../../src/identify/verdict.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';
import { macObs, matcherFrom, obs, type MatchSpec } from './observations.js';

const json = (observations: readonly Observation[], options: Parameters<typeof identify>[1]): string =>
  JSON.stringify(identify(observations, options));

describe('ties do not depend on the order of the facts', () => {
  it('two equally sure firmware rules naming different makers give one maker in either order', () => {
    const cisco: MatchSpec = { rule: 'http.server.cisco', certainty: 0.7, voice: 'firmware', vendor: 'Cisco', entity: null, model: 'C2960' };
    const mikrotik: MatchSpec = { rule: 'ssh.banner.mikrotik', certainty: 0.7, voice: 'firmware', vendor: 'MikroTik', entity: null, model: 'RB4011' };
    const a = obs('http.server', 'cisco-IOS', { port: 80 });
    const b = obs('ssh.banner', 'SSH-2.0-ROSSSH', { port: 22 });
    const matcher = matcherFrom([
      ['http.server', a.value, cisco],
      ['ssh.banner', b.value, mikrotik],
    ]);
    const forward = identify([a, b], { matcher });
    expect(JSON.stringify(identify([b, a], { matcher }))).toBe(JSON.stringify(forward));
    // The documented tie-break: equal certainty and voice, then the smaller vendor key.
    expect(forward).toMatchObject({ manufacturerName: 'Cisco', model: 'C2960' });
  });

  it('a rule seen on two ports speaks through the same sighting whichever was seen last', () => {
    const spec: MatchSpec = { rule: 'http.server.hik', certainty: 0.9, voice: 'firmware', vendor: 'Hikvision', entity: 'hikvision' };
    const matcher = matcherFrom([['http.server', 'App-webs/', spec]]);
    const on80 = obs('http.server', 'App-webs/', { port: 80, at: '2026-01-01T10:00:01.000Z' });
    const on8080 = obs('http.server', 'App-webs/', { port: 8080, at: '2026-01-01T10:00:02.000Z' });
    const scan1 = json([on80, on8080], { matcher });
    // The next scan finds the same two, in the other order of time.
    const scan2 = json([{ ...on80, at: '2026-01-02T10:00:02.000Z' }, { ...on8080, at: '2026-01-02T10:00:01.000Z' }], { matcher });
    expect(scan2).toBe(scan1);
  });

  it('serial and firmware: the firmware voice before a label, then the surer fact, then the smaller value, in any order', () => {
    const sadp: MatchSpec = { rule: 'sadp.reply.hik', certainty: 0.95, voice: 'firmware', vendor: 'Hikvision', entity: 'hikvision', serial: 'DS-2CD2142FWD-I20160101AAWR5', firmware: 'V5.4.5' };
    const upnp: MatchSpec = { rule: 'upnp.serial.generic', certainty: 0, voice: 'label', vendor: null, entity: null, serial: 'AAWR5' };
    const realmA: MatchSpec = { rule: 'rtsp.realm.a', certainty: 0.85, voice: 'firmware', vendor: 'Dahua', entity: 'dahua', serial: '6C0B' };
    const realmB: MatchSpec = { rule: 'http.realm.b', certainty: 0.85, voice: 'firmware', vendor: 'Dahua', entity: 'dahua', serial: '4K04' };
    const a = obs('sadp.reply', 'sadp');
    const b = obs('upnp.serial', 'AAWR5');
    const c = obs('rtsp.realm', 'Login to 6C0B');
    const d = obs('http.realm', 'Login to 4K04');
    const matcher = matcherFrom([
      ['sadp.reply', a.value, sadp],
      ['upnp.serial', b.value, upnp],
      ['rtsp.realm', c.value, realmA],
      ['http.realm', d.value, realmB],
    ]);
    for (const order of [[a, b], [b, a]]) expect(identify(order, { matcher })).toMatchObject({ serial: sadp.serial, firmware: 'V5.4.5' });
    expect(identify([b], { matcher })).toMatchObject({ serial: 'AAWR5', firmware: null });
    for (const order of [[c, d], [d, c]]) expect(identify(order, { matcher }).serial).toBe('4K04');
    expect(identify([], { matcher })).toMatchObject({ serial: null, firmware: null });
  });

  it('the MAC speaks through the same probe whichever saw it last', () => {
    const mac = '58:50:ed:1f:e3:85';
    const neigh = { ...macObs(mac), source: 'neigh', at: '2026-01-01T10:00:01.000Z' };
    const nmap = { ...macObs(mac), source: 'nmap', at: '2026-01-01T10:00:02.000Z' };
    const noRules = matcherFrom([]);
    expect(json([neigh, { ...nmap, at: '2026-01-01T10:00:00.000Z' }], { matcher: noRules })).toBe(json([neigh, nmap], { matcher: noRules }));
  });
});

/** Facts with deliberate ties: few certainties, few vendors, the same vendor under several rules and entities. */
const CERTAINTIES = [0.3, 0.4, 0.6, 0.85, 0.9] as const;
const VENDORS = [null, 'Cisco', 'MikroTik', 'Huawei', 'ZTE', 'Hikvision', 'Dahua', 'Amcrest', 'EZVIZ'] as const;
const KINDS: readonly ObservationKind[] = ['http.server', 'ssh.banner', 'upnp.manufacturer', 'snmp.sysdescr'];

const fact = fc.record({
  rule: fc.constantFrom('r.a', 'r.b', 'r.c', 'r.d', 'r.e', 'r.f', 'r.g', 'r.h'),
  kind: fc.constantFrom(...KINDS),
  value: fc.constantFrom('one', 'two', 'three'),
  port: fc.option(fc.constantFrom(80, 443, 8080), { nil: undefined }),
  source: fc.constantFrom('http', 'nmap', 'tcp'),
  at: fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'),
  certainty: fc.constantFrom(...CERTAINTIES),
  voice: fc.constantFrom<Voice>('label', 'firmware'),
  vendor: fc.constantFrom(...VENDORS),
  entity: fc.option(fc.constantFrom<EntityId>(...ENTITY_IDS), { nil: null }),
  model: fc.option(fc.constantFrom('M1', 'M2'), { nil: undefined }),
  serial: fc.option(fc.constantFrom('S1', 'S2'), { nil: undefined }),
  firmware: fc.option(fc.constantFrom('V1', 'V2'), { nil: undefined }),
  brand: fc.option(fc.constantFrom('Amcrest', 'LTS', 'Acme'), { nil: undefined }),
  ceiling: fc.option(fc.constant('review' as const), { nil: undefined, freq: 4 }),
});

const MACS = ['58:50:ed:1f:e3:85', '6c:77:42:a7:a1:65', '08:ed:ed:87:42:7a', '00:00:5e:00:01:0a', 'da:a1:19:00:00:01', '3c:22:fb:00:00:01'];

describe('identify(permutation) is byte-identical (property)', () => {
  it('for facts with certainty ties and equal-certainty different vendors', () => {
    fc.assert(
      fc.property(
        fc.array(fact, { minLength: 1, maxLength: 8 }),
        fc.subarray(MACS, { maxLength: 2 }),
        fc.array(fc.nat(), { minLength: 16, maxLength: 16 }),
        (facts, macs, order) => {
          // One rule reads one kind (as in oui/rules), and answers the same for the same value.
          const specs = new Map<string, (typeof facts)[number]>();
          for (const f of facts) if (!specs.has(f.rule)) specs.set(f.rule, f);
          const observations: Observation[] = facts.map((f) => {
            const spec = specs.get(f.rule)!;
            return obs(spec.kind, `${f.rule} ${f.value}`, { source: f.source, at: f.at, ...(f.port === undefined ? {} : { port: f.port }) });
          });
          for (const [i, mac] of macs.entries()) observations.push({ ...macObs(mac), at: `2026-01-0${i + 1}T00:00:00.000Z` });
          const matcher = matcherFrom(
            observations
              .filter((o) => o.kind !== 'mac')
              .map((o) => {
                const f = specs.get(o.value.split(' ')[0]!)!;
                const spec: MatchSpec = {
                  rule: f.rule,
                  certainty: f.certainty,
                  voice: f.voice,
                  vendor: f.vendor,
                  entity: f.entity,
                  ...(f.model === undefined ? {} : { model: f.model }),
                  ...(f.serial === undefined ? {} : { serial: f.serial }),
                  ...(f.firmware === undefined ? {} : { firmware: f.firmware }),
                  ...(f.brand === undefined ? {} : { brand: f.brand }),
                  ...(f.ceiling === undefined ? {} : { ceiling: f.ceiling }),
                };
                return [o.kind, o.value, spec] as const;
              }),
          );
          const forward = json(observations, { matcher });
          expect(json([...observations].reverse(), { matcher })).toBe(forward);
          // A shuffle from the generated numbers (Fisher-Yates), so fast-check can shrink it.
          const shuffled = [...observations];
          for (let i = shuffled.length - 1; i > 0; i -= 1) {
            const j = order[i % order.length]! % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
          }
          expect(json(shuffled, { matcher })).toBe(forward);
        },
      ),
      { numRuns: 500 },
    );
  });
});
