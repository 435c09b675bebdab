/** Identification from the MAC alone, on real prefixes from the registry. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { DEFAULT_POLICY_PATH } from '../../src/identify/policy.js';
import type { EntityId, Verdict } from '../../src/identify/verdict.js';
import { macIn, prefixesOf, unassignedIn } from './registry.js';
import { macObs, noRules } from './observations.js';

interface FileShape {
  entities: Array<{ id: EntityId; registrants: Array<{ name: string; certainty: string; ceiling?: string }> }>;
  informational: Array<{ registrants: Array<{ name: string }> }>;
  traps: Array<{ names: string[]; resembles: string }>;
}
const file = JSON.parse(readFileSync(DEFAULT_POLICY_PATH, 'utf8')) as FileShape;

const byMac = (mac: string): Verdict => identify([macObs(mac)], { matcher: noRules });
const firstPrefix = (name: string): string => {
  const [prefix] = prefixesOf(name);
  if (prefix === undefined) throw new Error(`${name} has no prefix in oui-data`);
  return prefix;
};

describe('identify from the MAC registrant', () => {
  const registrants = file.entities.flatMap((e) => e.registrants.map((r) => ({ entity: e.id, ...r })));

  it.each(registrants)('$name points to $entity', ({ entity, name, certainty, ceiling }) => {
    const verdict = byMac(macIn(firstPrefix(name)));
    expect(verdict.covered).toBe(entity);
    expect(verdict.status).toBe(certainty === 'certain' && ceiling === undefined ? 'covered' : 'review');
    expect(verdict.manufacturer).toBe(name);
    expect(verdict.randomizedMac).toBe(false);
    const [evidence] = verdict.evidence;
    expect(evidence).toMatchObject({ rule: 'oui.registrant', kind: 'mac', entity, source: 'neigh' });
    expect(evidence?.says).toContain(name);
  });

  it.each(file.traps.flatMap((t) => t.names.map((name) => ({ name, resembles: t.resembles }))))(
    'trap $name (looks like $resembles) never flags',
    ({ name }) => {
      const verdict = byMac(macIn(firstPrefix(name)));
      expect(verdict.status).toBe('clear');
      expect(verdict.covered).toBeNull();
      expect(verdict.evidence.every((e) => e.entity === null)).toBe(true);
      expect(verdict.manufacturer).toBe(name);
      expect(verdict.evidence[0]?.says).toMatch(/which is not|never flagged/);
    },
  );

  it.each(file.informational.flatMap((i) => i.registrants))('informational $name adds a note and never flags', ({ name }) => {
    const verdict = byMac(macIn(firstPrefix(name)));
    expect(verdict.status).toBe('clear');
    expect(verdict.covered).toBeNull();
    expect(verdict.evidence[0]?.entity).toBeNull();
    expect(verdict.evidence[0]?.says).toMatch(/never flagged/);
  });

  it('names an ordinary maker without flagging it', () => {
    const verdict = byMac(macIn(firstPrefix('Axis Communications AB')));
    expect(verdict).toMatchObject({ status: 'clear', covered: null, manufacturer: 'Axis Communications AB', manufacturerName: 'Axis' });
  });

  it('says the maker is unknown, never "IEEE Registration Authority", for an unassigned slot of an IEEE-RA block', () => {
    const hole = unassignedIn('70B3D5');
    expect(hole).toBeDefined();
    const verdict = byMac(macIn(hole!));
    expect(verdict).toMatchObject({ status: 'clear', manufacturer: null, manufacturerName: null, brand: null });
    expect(verdict.evidence[0]).toMatchObject({ rule: 'oui.unknown', entity: null, certainty: 0 });
    expect(verdict.evidence[0]?.says).toMatch(/IEEE Registration Authority.*maker is unknown/);
  });
});

describe('locally administered MACs', () => {
  // A real Hikvision prefix (58:50:ED) with the local bit set reads 5A:50:ED: no one registered that.
  it.each(['5a:50:ed:1f:e3:85', '02:00:00:00:00:01', '16:7f:20:aa:bb:cc', 'da:a1:19:00:00:01', 'fe:50:ed:00:00:01'])(
    '%s is marked randomized, never attributed, and never flags',
    (mac) => {
      const verdict = byMac(mac);
      expect(verdict).toMatchObject({ randomizedMac: true, status: 'clear', covered: null, manufacturer: null });
      expect(verdict.evidence).toHaveLength(1);
      expect(verdict.evidence[0]).toMatchObject({ rule: 'oui.randomized', entity: null, certainty: 0 });
      expect(verdict.evidence[0]?.says).toMatch(/locally administered/);
    },
  );

  it('still reads the universally administered twin of the same prefix', () => {
    expect(byMac('58:50:ed:1f:e3:85')).toMatchObject({ randomizedMac: false, covered: 'hikvision' });
  });
});
