/** Migration 4: the verdict's serial and firmware are stored, read back, listed, and count as a change. */
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { HIKVISION_VERDICT, macObs, scopeOf, tempDbPath, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

describe('verdict serial and firmware', () => {
  it('round-trip through the inventory, in the device listing too, and a new serial is a new verdict', () => {
    const inv = Inventory.open(tempDbPath(tempDir));
    const scan = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
    inv.observations.record(scan, [macObs('10.0.0.5', '58:50:ed:00:00:01', '2026-03-01T10:00:00Z')]);
    const [device] = inv.observations.resolveDevices(scan);
    const stated = { ...HIKVISION_VERDICT, serial: 'DS-2CD2385G1-I20200414AAWRE33842150', firmware: 'V5.6.2build 190701' };
    expect(inv.verdicts.save(device!, scan, HIKVISION_VERDICT)).toBe(true);
    expect(inv.verdicts.save(device!, scan, stated)).toBe(true);
    expect(inv.verdicts.save(device!, scan, JSON.parse(JSON.stringify(stated)))).toBe(false);
    expect(inv.devices.find('10.0.0.5')?.verdict).toEqual(stated);
    expect(inv.verdicts.history(device!).map((h) => h.verdict.serial)).toEqual([null, stated.serial]);
    expect([...inv.devices.list()].map((d) => d.verdict?.firmware)).toEqual([stated.firmware]);
    inv.close();
  });
});
