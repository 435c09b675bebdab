import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/identify/verdict.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { RuntimeError } from '../../src/util/errors.js';
import { HIKVISION_EVIDENCE, HIKVISION_VERDICT, macObs, scopeOf, tempDbPath, useTempDirs, verdict } from './helpers.js';

const tempDir = useTempDirs();
const AT = '2026-03-01T10:00:00Z';
const BANNER: Evidence = { rule: 'banner.hik', kind: 'rtsp.server', value: 'Hikvision-Webs', port: 554, source: 'rtsp', certainty: 0.6, says: 'RTSP server names Hikvision', entity: 'hikvision' };

/** An inventory whose devices were created in an order other than their addresses' order. */
function inventory(): { inv: Inventory; path: string } {
  const path = tempDbPath(tempDir);
  const inv = Inventory.open(path);
  const scan = inv.scans.begin({ scope: scopeOf('10.0.0.0/16'), engine: 'native' });
  inv.observations.record(scan, [
    macObs('10.0.1.2', '58:50:ed:00:00:01', AT),
    macObs('10.0.0.10', '58:50:ed:00:00:02', AT),
    macObs('10.0.0.9', '00:1b:a9:00:00:03', AT),
    macObs('10.0.0.200', '00:1b:a9:00:00:04', AT),
  ]);
  inv.observations.resolveDevices(scan);
  inv.verdicts.save(inv.devices.find('10.0.1.2')!.id, scan, verdict({ ...HIKVISION_VERDICT, evidence: [HIKVISION_EVIDENCE, BANNER] }));
  inv.verdicts.save(inv.devices.find('10.0.0.10')!.id, scan, HIKVISION_VERDICT);
  inv.verdicts.save(inv.devices.find('10.0.0.9')!.id, scan, verdict({ manufacturerName: 'HP', confidence: 0.7 }));
  inv.scans.finish(scan, 'complete', { hosts: 4, flagged: 2 });
  return { inv, path };
}

/** Overwrites a stored verdict's evidence, as disk damage or a foreign tool would (CHECK constraints guard the other columns). */
function damage(path: string, ip: string, text: string): number {
  const db = new Database(path);
  try {
    const { verdict_id } = db.prepare<[string], { verdict_id: number }>('SELECT verdict_id FROM devices WHERE ip = ?').get(ip)!;
    db.prepare('UPDATE verdicts SET evidence = ? WHERE id = ?').run(text, verdict_id);
    return verdict_id;
  } finally {
    db.close();
  }
}

describe('reading devices and their stored verdicts', () => {
  it('iterateDevices yields what listDevices returns, in address order, for any filter', () => {
    const { inv } = inventory();
    try {
      expect([...inv.devices.iterate()].map((d) => d.ip)).toEqual(['10.0.0.9', '10.0.0.10', '10.0.0.200', '10.0.1.2']);
      for (const filter of [{}, { flagged: true }, { flagged: false }, { vendor: 'hp' }, { status: 'clear' as const }]) {
        expect([...inv.devices.iterate(filter)]).toEqual(inv.devices.list(filter));
      }
    } finally {
      inv.close();
    }
  });

  it('evidence reads back as saved, a port after the other fields and no port where none was saved', () => {
    const { inv } = inventory();
    try {
      const device = inv.devices.find('10.0.1.2')!;
      expect(device.verdict?.evidence).toEqual([HIKVISION_EVIDENCE, BANNER]);
      expect(JSON.stringify(device.verdict?.evidence)).toBe(
        '[{"rule":"oui.registrant","kind":"mac","value":"58:50:ed:00:00:01","source":"neigh","certainty":0.9,' +
          '"says":"MAC prefix 58:50:ED is registered to Hangzhou Hikvision Digital Technology Co.,Ltd.","entity":"hikvision"},' +
          '{"rule":"banner.hik","kind":"rtsp.server","value":"Hikvision-Webs","source":"rtsp","certainty":0.6,' +
          '"says":"RTSP server names Hikvision","entity":"hikvision","port":554}]',
      );
    } finally {
      inv.close();
    }
  });

  it('keys saveVerdict never writes are dropped on read', () => {
    const { inv, path } = inventory();
    inv.close();
    damage(path, '10.0.0.10', JSON.stringify([{ ...HIKVISION_EVIDENCE, extra: 'x' }]));
    const reopened = Inventory.open(path, { readonly: true });
    try {
      expect(reopened.devices.find('10.0.0.10')?.verdict?.evidence).toEqual([HIKVISION_EVIDENCE]);
    } finally {
      reopened.close();
    }
  });

  const DAMAGE: readonly [string, string][] = [
    ['evidence that is not JSON', '[{"rule":'],
    ['evidence that is not a list', '{}'],
    ['an evidence kind no observation has', JSON.stringify([{ ...HIKVISION_EVIDENCE, kind: 'telnet.banner.x' }])],
    ['a fractional port', JSON.stringify([{ ...BANNER, port: 55.4 }])],
    ['a null port', JSON.stringify([{ ...BANNER, port: null }])],
    ['a missing field', JSON.stringify([{ ...HIKVISION_EVIDENCE, says: undefined }])],
    ['an unknown entity', JSON.stringify([{ ...HIKVISION_EVIDENCE, entity: 'acme' }])],
  ];

  it.each(DAMAGE)('a verdict with %s is reported as damaged, naming it, when devices are listed', (_, text) => {
    const { inv, path } = inventory();
    inv.close();
    const id = damage(path, '10.0.0.10', text);
    const reopened = Inventory.open(path, { readonly: true });
    try {
      expect(() => reopened.devices.list()).toThrow(RuntimeError);
      expect(() => reopened.devices.list()).toThrow(`inventory verdict ${id} is damaged`);
    } finally {
      reopened.close();
    }
  });
});
