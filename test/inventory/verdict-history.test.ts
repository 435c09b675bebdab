/**
 * History records changes, not repetitions: scans that find the same facts (in whatever order the
 * probes happened to answer) leave one verdict row.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { Inventory } from '../../src/inventory/inventory.js';
import type { Observation } from '../../src/observations/observation.js';
import { HIKVISION_EVIDENCE, HIKVISION_VERDICT, scopeOf, tempDbPath, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
const ip = '10.0.0.7';
const mac = '58:50:ed:1f:e3:85';

/** One scan's facts; `flip` swaps which port and which MAC source answered last, as probe timing does. */
function scanFacts(day: number, flip: boolean): Observation[] {
  const at = (second: number): string => `2026-03-0${day}T10:00:0${second}.000Z`;
  const [early, late] = flip ? [2, 1] : [1, 2];
  return [
    { ip, mac, kind: 'mac', value: mac, source: 'neigh', at: at(early) },
    { ip, mac, kind: 'mac', value: mac, source: 'nmap', at: at(late) },
    { ip, kind: 'http.server', value: 'App-webs/', port: 80, source: 'http', at: at(early) },
    { ip, kind: 'http.server', value: 'App-webs/', port: 8080, source: 'http', at: at(late) },
  ];
}

describe('verdict history of an unchanged device', () => {
  it('three scans with the same facts leave one verdict row', () => {
    const inv = Inventory.open(tempDbPath(tempDir));
    try {
      for (const [day, flip] of [
        [1, false],
        [2, true],
        [3, false],
      ] as const) {
        const scan = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'test' });
        inv.observations.record(scan, scanFacts(day, flip));
        for (const id of inv.observations.resolveDevices(scan)) inv.verdicts.save(id, scan, identify(inv.devices.observations(id)));
        inv.scans.finish(scan, 'complete', { hosts: 1, flagged: 1 });
      }
      const device = inv.devices.find(ip);
      expect(device?.verdict).toMatchObject({ status: 'covered', covered: 'hikvision' });
      expect(inv.verdicts.history(device!.id)).toHaveLength(1);
    } finally {
      inv.close();
    }
  });

  it('a row stored with the same evidence in another order is no change (rows written before evidence was canonical)', () => {
    const inv = Inventory.open(tempDbPath(tempDir));
    try {
      const scan = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'test' });
      inv.observations.record(scan, [{ ip, mac, kind: 'mac', value: mac, source: 'neigh', at: '2026-03-01T10:00:00.000Z' }]);
      const [device] = inv.observations.resolveDevices(scan);
      const banner = { ...HIKVISION_EVIDENCE, rule: 'http.server.hikvision.app-webs', kind: 'http.server' as const, value: 'App-webs/', port: 80 };
      expect(inv.verdicts.save(device!, scan, { ...HIKVISION_VERDICT, evidence: [banner, HIKVISION_EVIDENCE] })).toBe(true);
      expect(inv.verdicts.save(device!, scan, { ...HIKVISION_VERDICT, evidence: [HIKVISION_EVIDENCE, banner] })).toBe(false);
      // A real change in the evidence still counts.
      expect(inv.verdicts.save(device!, scan, { ...HIKVISION_VERDICT, evidence: [HIKVISION_EVIDENCE, { ...banner, port: 8080 }] })).toBe(true);
      expect(inv.verdicts.history(device!)).toHaveLength(2);
    } finally {
      inv.close();
    }
  });
});
