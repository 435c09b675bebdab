import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { HIKVISION_EVIDENCE, HIKVISION_VERDICT, macObs, scopeOf, tempDbPath, useTempDirs, verdict } from './helpers.js';

const tempDir = useTempDirs();

function withDevice(): { inv: Inventory; device: number; scan: number } {
  const inv = Inventory.open(tempDbPath(tempDir));
  const scan = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
  inv.observations.record(scan, [macObs('10.0.0.5', '58:50:ed:00:00:01', '2026-03-01T10:00:00Z')]);
  const [device] = inv.observations.resolveDevices(scan);
  return { inv, device: device!, scan };
}

describe('verdict history', () => {
  it('a device has no verdict until one is saved', () => {
    const { inv, device } = withDevice();
    expect(inv.devices.find('10.0.0.5')?.verdict).toBeNull();
    expect(inv.verdicts.history(device)).toEqual([]);
    inv.close();
  });

  it('stores the verdict whole, evidence included, and makes it current', () => {
    const { inv, device, scan } = withDevice();
    expect(inv.verdicts.save(device, scan, HIKVISION_VERDICT)).toBe(true);
    expect(inv.devices.find('10.0.0.5')?.verdict).toEqual(HIKVISION_VERDICT);
    const [entry] = inv.verdicts.history(device);
    expect(entry).toMatchObject({ deviceId: device, scanId: scan, verdict: HIKVISION_VERDICT });
    inv.close();
  });

  it('an identical verdict adds no history; a changed one does and becomes current', () => {
    const { inv, device, scan } = withDevice();
    const review = verdict({ status: 'review', manufacturerName: 'Hikvision', confidence: 0.5, evidence: [{ ...HIKVISION_EVIDENCE, certainty: 0.5 }] });
    expect(inv.verdicts.save(device, scan, review)).toBe(true);
    // Same content, fresh object with the same values: still the same verdict.
    expect(inv.verdicts.save(device, scan, JSON.parse(JSON.stringify(review)))).toBe(false);
    expect(inv.verdicts.save(device, null, HIKVISION_VERDICT)).toBe(true);
    expect(inv.verdicts.save(device, null, HIKVISION_VERDICT)).toBe(false);
    // Going back to an earlier verdict is a change too.
    expect(inv.verdicts.save(device, null, review)).toBe(true);

    const history = inv.verdicts.history(device);
    expect(history.map((h) => h.verdict.status)).toEqual(['review', 'covered', 'review']);
    expect(history.map((h) => h.scanId)).toEqual([scan, null, null]);
    expect(inv.devices.find('10.0.0.5')?.verdict).toEqual(review);
    inv.close();
  });

  it('any change counts: evidence wording, a port, the randomized-MAC mark', () => {
    const { inv, device } = withDevice();
    inv.verdicts.save(device, null, HIKVISION_VERDICT);
    const variants = [
      { ...HIKVISION_VERDICT, evidence: [{ ...HIKVISION_EVIDENCE, says: 'reworded' }] },
      { ...HIKVISION_VERDICT, evidence: [{ ...HIKVISION_EVIDENCE, says: 'reworded', port: 8000 }] },
      { ...HIKVISION_VERDICT, evidence: [{ ...HIKVISION_EVIDENCE, says: 'reworded', port: 8000 }], randomizedMac: true },
    ];
    for (const v of variants) expect(inv.verdicts.save(device, null, v)).toBe(true);
    expect(inv.verdicts.history(device)).toHaveLength(4);
    expect(inv.devices.find('10.0.0.5')?.verdict).toEqual(variants[2]);
    inv.close();
  });

  it('saveVerdicts stores a batch, skips unchanged ones and says which devices changed', () => {
    const { inv, device, scan } = withDevice();
    const next = inv.scans.begin({ scope: scopeOf('10.0.0.6'), engine: 'native' });
    inv.observations.record(next, [macObs('10.0.0.6', '00:1b:a9:00:00:02', '2026-03-01T10:00:00Z')]);
    const [printer] = inv.observations.resolveDevices(next);
    inv.verdicts.save(device, scan, HIKVISION_VERDICT);

    const printerVerdict = verdict({ manufacturerName: 'Brother', confidence: 0.7 });
    expect(inv.verdicts.saveAll(next, [[device, HIKVISION_VERDICT], [printer!, printerVerdict]])).toEqual([printer]);
    expect(inv.verdicts.history(device)).toHaveLength(1);
    expect(inv.verdicts.history(printer!).map((h) => h.scanId)).toEqual([next]);
    expect(inv.devices.find('10.0.0.6')?.verdict).toEqual(printerVerdict);
    inv.close();
  });

  it('a batch with an unknown device stores nothing of it', () => {
    const { inv, device } = withDevice();
    expect(() => inv.verdicts.saveAll(null, [[device, HIKVISION_VERDICT], [4242, HIKVISION_VERDICT]])).toThrow(/unknown device 4242/);
    expect(inv.verdicts.history(device)).toEqual([]);
    inv.close();
  });
});
