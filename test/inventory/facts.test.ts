import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import type { Observation } from '../../src/observations/observation.js';
import { macObs, portObs, scopeOf, tempDbPath, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
const CAMERA = '58:50:ed:00:00:01';

interface FactRow {
  kind: string;
  value: string;
  first_seen: string;
  last_seen: string;
  first_scan: number;
  last_scan: number;
}

function factRows(path: string): FactRow[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], FactRow>('SELECT kind, value, first_seen, last_seen, first_scan, last_scan FROM facts ORDER BY id').all();
  } finally {
    db.close();
  }
}

function rawObservations(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM observations').get()!.n;
  } finally {
    db.close();
  }
}

function scan(inv: Inventory, observations: Observation[]): number {
  const id = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
  inv.observations.record(id, observations);
  inv.observations.resolveDevices(id);
  inv.scans.finish(id, 'complete', { hosts: 1, flagged: 0 });
  return id;
}

const day = (n: number, second = 0) => `2026-03-0${n}T10:00:0${second}.000Z`;
const title = (value: string, at: string): Observation => ({ ip: '10.0.0.5', kind: 'http.title', value, port: 80, source: 'http', at });

describe('facts: stored once, a new row only when something changes', () => {
  it('the same fact seen by three scans is one row, its last sighting moved in place', () => {
    const path = tempDbPath(tempDir);
    const inv = Inventory.open(path);
    for (const n of [1, 2, 3]) scan(inv, [macObs('10.0.0.5', CAMERA, day(n)), portObs('10.0.0.5', 80, day(n, 1))]);
    const device = inv.devices.find(CAMERA)!;
    expect(device.scans).toEqual([3, 2, 1]);
    expect(device.observations.map((o) => [o.kind, o.at, o.scanId])).toEqual([
      ['mac', day(3), 3],
      ['tcp.open', day(3, 1), 3],
    ]);
    inv.close();
    expect(factRows(path)).toEqual([
      { kind: 'mac', value: CAMERA, first_seen: day(1), last_seen: day(3), first_scan: 1, last_scan: 3 },
      { kind: 'tcp.open', value: '80', first_seen: day(1, 1), last_seen: day(3, 1), first_scan: 1, last_scan: 3 },
    ]);
    // Raw observations are only staged until the scan resolves them.
    expect(rawObservations(path)).toBe(0);
  });

  it('a changed value is a new row; the old one keeps its last sighting', () => {
    const path = tempDbPath(tempDir);
    const inv = Inventory.open(path);
    scan(inv, [macObs('10.0.0.5', CAMERA, day(1)), title('fw 1.00', day(1, 1))]);
    scan(inv, [macObs('10.0.0.5', CAMERA, day(2)), title('fw 1.20', day(2, 1))]);
    scan(inv, [macObs('10.0.0.5', CAMERA, day(3)), title('fw 1.20', day(3, 1))]);
    inv.close();
    expect(factRows(path).filter((f) => f.kind === 'http.title')).toEqual([
      { kind: 'http.title', value: 'fw 1.00', first_seen: day(1, 1), last_seen: day(1, 1), first_scan: 1, last_scan: 1 },
      { kind: 'http.title', value: 'fw 1.20', first_seen: day(2, 1), last_seen: day(3, 1), first_scan: 2, last_scan: 3 },
    ]);
  });

  it('a fact without MAC or port is still one fact, however often it is seen', () => {
    const path = tempDbPath(tempDir);
    const inv = Inventory.open(path);
    const alive = (at: string): Observation => ({ ip: '10.0.0.9', kind: 'alive', value: 'tcp-rst', source: 'tcp', at });
    for (const n of [1, 2, 3]) scan(inv, [alive(day(n)), alive(day(n, 2))]);
    inv.close();
    expect(factRows(path)).toEqual([{ kind: 'alive', value: 'tcp-rst', first_seen: day(1), last_seen: day(3, 2), first_scan: 1, last_scan: 3 }]);
  });

  it('an import of older data widens a fact\'s span but never moves its latest time back', () => {
    const path = tempDbPath(tempDir);
    const inv = Inventory.open(path);
    scan(inv, [macObs('10.0.0.5', CAMERA, day(5))]);
    scan(inv, [macObs('10.0.0.5', CAMERA, day(2))]);
    inv.close();
    expect(factRows(path)).toEqual([{ kind: 'mac', value: CAMERA, first_seen: day(2), last_seen: day(5), first_scan: 1, last_scan: 2 }]);
  });
});

describe('record: each observation keeps its own address, MAC and time in a mixed batch', () => {
  it('hosts interleaved, MAC notations and time zones varying, are stored normalized and apart', () => {
    const inv = Inventory.open(':memory:');
    const other = '00:e0:fc:00:00:02';
    scan(inv, [
      macObs('10.0.0.5', '58-50-ED-00-00-01', '2026-03-01T12:00:00+02:00'),
      macObs('10.0.0.6', other, day(1)),
      portObs('10.0.0.5', 80, day(1)),
      { ip: '10.0.0.6', mac: '00E0.FC00.0002', kind: 'tcp.open', value: '22', port: 22, source: 'tcp', at: '2026-03-01T10:00:02Z' },
      portObs('10.0.0.5', 443, '2026-03-01T10:00:03Z'),
    ]);
    const facts = (mac: string) => inv.devices.find(mac)!.observations.map((o) => [o.ip, o.mac ?? null, o.value, o.at]);
    expect(facts(CAMERA)).toEqual([
      ['10.0.0.5', CAMERA, '58-50-ED-00-00-01', day(1)], // the value as sent, the column normalized
      ['10.0.0.5', null, '80', day(1)],
      ['10.0.0.5', null, '443', day(1, 3)],
    ]);
    expect(facts(other)).toEqual([
      ['10.0.0.6', other, other, day(1)],
      ['10.0.0.6', other, '22', day(1, 2)],
    ]);
    inv.close();
  });
});
