/**
 * A device that sends a new value every scan must not make every later scan read its whole past:
 * identification reads at most MAX_FACTS_PER_KIND distinct facts of each kind, the newest, chosen
 * so that the verdict still does not depend on the order of the observations.
 */
import { describe, expect, it } from 'vitest';
import { MAX_FACTS_PER_KIND } from '../../src/identify/facts.js';
import { identify, type RuleMatcher } from '../../src/identify/identify.js';
import type { Observation } from '../../src/observations/observation.js';
import { macObs, obs } from './observations.js';

const at = (i: number): string => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();

/** 200 scans, each with a new server banner (as a hostile or broken device sends), and a steady MAC. */
const noisy: Observation[] = [
  macObs('58:50:ed:1f:e3:85'),
  ...Array.from({ length: 200 }, (_, i) => obs('http.server', `junk-${String(i).padStart(3, '0')}`, { port: 80, at: at(i) })),
];

/** Matches every banner with one rule per value, and records what it was asked. */
function recording(): { matcher: RuleMatcher; asked: string[] } {
  const asked: string[] = [];
  const matcher: RuleMatcher = (o) => {
    if (o.kind !== 'http.server') return [];
    asked.push(o.value);
    return [{ rule: `http.server.${o.value}`, observation: o, certainty: 0.1, voice: 'firmware', vendor: null, entity: null, says: 'junk' }];
  };
  return { matcher, asked };
}

describe('distinct facts per device and kind are capped', () => {
  it(`reads only the newest ${MAX_FACTS_PER_KIND} banners of a device that sent 200`, () => {
    const { matcher, asked } = recording();
    const v = identify(noisy, { matcher });
    expect(asked).toHaveLength(MAX_FACTS_PER_KIND);
    const newest = Array.from({ length: MAX_FACTS_PER_KIND }, (_, i) => `junk-${String(199 - i).padStart(3, '0')}`);
    expect([...asked].sort()).toEqual([...newest].sort());
    // The MAC, another kind, is not crowded out.
    expect(v).toMatchObject({ covered: 'hikvision', status: 'covered' });
  });

  it('keeps the same facts whatever the order, and a value seen again takes one place, not two', () => {
    const { matcher } = recording();
    const expected = JSON.stringify(identify(noisy, { matcher }));
    expect(JSON.stringify(identify([...noisy].reverse(), { matcher }))).toBe(expected);
    const interleaved = noisy.filter((_, i) => i % 2 === 0).concat(noisy.filter((_, i) => i % 2 === 1));
    expect(JSON.stringify(identify(interleaved, { matcher }))).toBe(expected);
    const repeated = [...noisy, ...noisy.slice(150)];
    expect(JSON.stringify(identify(repeated, { matcher }))).toBe(expected);
  });

  it('leaves a device under the cap alone', () => {
    const { matcher, asked } = recording();
    identify(noisy.slice(0, 11), { matcher });
    expect(asked).toHaveLength(10);
  });
});
