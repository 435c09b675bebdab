import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inventory } from '../../src/inventory/inventory.js';
import { UsageError } from '../../src/util/errors.js';
import { aliveObs, HIKVISION_VERDICT, macObs, scopeOf, verdict } from './helpers.js';

const DAHUA_OEM = verdict({
  manufacturer: 'Zhejiang Dahua Technology Co., Ltd.',
  manufacturerName: 'Dahua',
  brand: 'Lorex',
  model: 'LNB4321',
  status: 'covered',
  covered: 'dahua',
  confidence: 0.8,
});
const HUAWEI_MAYBE = verdict({ manufacturerName: 'Huawei', status: 'review', confidence: 0.4 });
const HP_PRINTER = verdict({ manufacturer: 'HP Inc.', manufacturerName: 'HP', status: 'clear', confidence: 0.7 });

let dir: string;
let inv: Inventory;

/** Five devices: three identified on March 1, one clear printer seen again on March 9, one never identified. */
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lanaudit-inventory-'));
  inv = Inventory.open(join(dir, 'inventory.db'));
  const first = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
  inv.observations.record(first, [
    macObs('10.0.0.20', '58:50:ed:00:00:01', '2026-03-01T10:00:00Z'),
    macObs('10.0.0.3', '38:af:29:00:00:02', '2026-03-01T10:00:00Z'),
    macObs('10.0.0.100', '00:e0:fc:00:00:03', '2026-03-01T10:00:00Z'),
    macObs('10.0.0.9', '00:1b:a9:00:00:04', '2026-03-01T10:00:00Z'),
    aliveObs('10.0.0.50', '2026-03-01T10:00:00Z'),
  ]);
  inv.observations.resolveDevices(first);
  const id = (key: string) => inv.devices.find(key)!.id;
  inv.verdicts.save(id('10.0.0.20'), first, HIKVISION_VERDICT);
  inv.verdicts.save(id('10.0.0.3'), first, DAHUA_OEM);
  inv.verdicts.save(id('10.0.0.100'), first, HUAWEI_MAYBE);
  inv.verdicts.save(id('10.0.0.9'), first, HP_PRINTER);
  inv.scans.finish(first, 'complete', { hosts: 5, flagged: 2 });

  const second = inv.scans.begin({ scope: scopeOf('10.0.0.9'), engine: 'native' });
  inv.observations.record(second, [macObs('10.0.0.9', '00:1b:a9:00:00:04', '2026-03-09T08:00:00Z')]);
  inv.observations.resolveDevices(second);
  inv.scans.finish(second, 'complete', { hosts: 1, flagged: 0 });
});

afterAll(() => {
  inv.close();
  rmSync(dir, { recursive: true, force: true });
});

const ips = (filter: Parameters<Inventory['devices']['list']>[0]) => inv.devices.list(filter).map((d) => d.ip);

describe('listDevices', () => {
  it('lists every device in address order with its current verdict', () => {
    expect(ips({})).toEqual(['10.0.0.3', '10.0.0.9', '10.0.0.20', '10.0.0.50', '10.0.0.100']);
    const all = inv.devices.list({});
    expect(all.find((d) => d.ip === '10.0.0.3')?.verdict).toEqual(DAHUA_OEM);
    expect(all.find((d) => d.ip === '10.0.0.50')).toMatchObject({ mac: null, verdict: null });
  });

  it('flagged means covered; not flagged means review, clear or not identified', () => {
    expect(ips({ flagged: true })).toEqual(['10.0.0.3', '10.0.0.20']);
    expect(ips({ flagged: false })).toEqual(['10.0.0.9', '10.0.0.50', '10.0.0.100']);
  });

  it('filters by status and by covered entity', () => {
    expect(ips({ status: 'covered' })).toEqual(['10.0.0.3', '10.0.0.20']);
    expect(ips({ status: 'review' })).toEqual(['10.0.0.100']);
    expect(ips({ status: 'clear' })).toEqual(['10.0.0.9']);
    expect(ips({ covered: 'dahua' })).toEqual(['10.0.0.3']);
    expect(ips({ covered: 'zte' })).toEqual([]);
  });

  it('vendor matches maker, display name, label or entity, ignoring case', () => {
    expect(ips({ vendor: 'hikvision' })).toEqual(['10.0.0.20']);
    expect(ips({ vendor: 'ZHEJIANG' })).toEqual(['10.0.0.3']);
    expect(ips({ vendor: 'lorex' })).toEqual(['10.0.0.3']);
    expect(ips({ vendor: 'Huawei' })).toEqual(['10.0.0.100']);
    expect(ips({ vendor: 'hp' })).toEqual(['10.0.0.9']);
    expect(ips({ vendor: 'cisco' })).toEqual([]);
    // LIKE wildcards are plain characters here.
    expect(ips({ vendor: '%' })).toEqual([]);
  });

  it('since keeps devices last seen at or after the time, in any ISO form', () => {
    expect(ips({ since: '2026-03-05' })).toEqual(['10.0.0.9']);
    expect(ips({ since: '2026-03-09T09:00:00+01:00' })).toEqual(['10.0.0.9']);
    expect(ips({ since: '2026-03-09T08:00:01Z' })).toEqual([]);
    expect(ips({ since: '2026-03-01T10:00:00Z' })).toHaveLength(5);
    expect(() => inv.devices.list({ since: 'last tuesday' })).toThrow(UsageError);
  });

  it('filters combine', () => {
    expect(ips({ flagged: true, vendor: 'dahua', since: '2026-02-01' })).toEqual(['10.0.0.3']);
    expect(ips({ status: 'clear', since: '2026-03-05' })).toEqual(['10.0.0.9']);
    expect(ips({ status: 'covered', since: '2026-03-05' })).toEqual([]);
  });
});
