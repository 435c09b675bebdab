/**
 * The MAC reading is cached per 36-bit block for the shipped registry lookup. Any other lookup is
 * asked for every device: so a wrapper around the same lookup must give the very same verdicts.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { lookupOui } from '../../src/identify/oui-lookup.js';
import { parseObservationLine } from '../../src/ingest/observation-line.js';
import type { Observation } from '../../src/observations/observation.js';
import { variedLines } from '../ingest/varied-observations.js';

function devices(count: number, seed: number): Observation[][] {
  const groups = new Map<string, Observation[]>();
  for (const line of variedLines(count, seed)) {
    const parsed = parseObservationLine(line.trim());
    if (!parsed.ok) throw new Error(`generated a bad line: ${line}`);
    let group = groups.get(parsed.device);
    if (group === undefined) groups.set(parsed.device, (group = []));
    group.push(parsed.observation);
  }
  return [...groups.values()];
}

describe('MAC readings cached per registry block', () => {
  it('give the verdicts a fresh lookup per device gives, for MACs from all over the registry', () => {
    const uncached = { lookup: (mac: string) => lookupOui(mac) };
    for (const group of devices(1_500, 23)) {
      expect(identify(group)).toEqual(identify(group, uncached));
    }
  });

  it('name each device by its own MAC when devices share a block', () => {
    const a = identify([{ ip: '', kind: 'mac', value: '58:50:ed:00:00:01', source: 'neigh', at: '2026-01-01T00:00:00.000Z' }]);
    const b = identify([{ ip: '', kind: 'mac', value: '58:50:ed:00:00:02', source: 'arp', at: '2026-01-01T00:00:00.000Z' }]);
    expect(a.evidence[0]).toMatchObject({ value: '58:50:ed:00:00:01', source: 'neigh' });
    expect(b.evidence[0]).toMatchObject({ value: '58:50:ed:00:00:02', source: 'arp' });
    expect(a.evidence[0]?.says).toBe(b.evidence[0]?.says);
  });
});
