/** The location rule (device-labels.ts): the surest placement of the newest scan that placed the device, whatever the order of its facts. */
import { describe, expect, it } from 'vitest';
import { encodeLocation } from '../../src/infrastructure/location.js';
import { currentLocation, deviceLabels, type LabelFact } from '../../src/inventory/device-labels.js';

const at = (scanId: number | null, port: string, confidence: 'high' | 'medium' | 'low', seen = '2026-03-01T10:00:00.000Z'): LabelFact => ({
  kind: 'location',
  source: 'snmp-fdb:10.0.0.250',
  value: encodeLocation({ switchName: 'sw', switchAddress: '10.0.0.250', port, portAlias: '', vlan: 20, confidence }),
  at: seen,
  scanId,
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

describe('currentLocation', () => {
  it('newest scan first, then confidence, then the least value; the same in any order', () => {
    const facts = [at(3, 'Gi1/0/5', 'high'), at(4, 'Gi1/0/48', 'low'), at(4, 'Gi1/0/7', 'medium'), at(4, 'Gi1/0/6', 'medium'), at(null, 'Gi1/0/1', 'high', '2027-01-01T00:00:00.000Z')];
    for (const order of permutations(facts)) expect(currentLocation(order)?.port).toBe('Gi1/0/6');
  });

  it('facts with no scan are older than any scan, the later sighting first; undecodable values are skipped', () => {
    expect(currentLocation([at(null, 'A', 'high', '2026-01-01T00:00:00.000Z'), at(null, 'B', 'low', '2026-02-01T00:00:00.000Z')])?.port).toBe('B');
    expect(currentLocation([{ ...at(9, 'X', 'high'), value: 'not json' }, at(1, 'Y', 'low')])?.port).toBe('Y');
    expect(currentLocation([])).toBeNull();
  });

  it('a name and a location from one set of facts', () => {
    const name: LabelFact = { kind: 'hostname', source: 'netbios', value: 'ACCOUNTS-PC', at: '2026-03-01T10:00:00.000Z', scanId: 1 };
    expect(deviceLabels([name, at(1, 'Gi1/0/5', 'high')])).toMatchObject({ name: 'ACCOUNTS-PC', location: { port: 'Gi1/0/5' } });
  });
});
