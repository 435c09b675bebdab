import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { migrate, MIGRATIONS } from '../../src/inventory/migrations.js';
import { recordDecision, triageState } from '../../src/triage/triage.js';
import { device, tempDbPath, testClock, useTempDirs } from '../changes/helpers.js';
import { scanAndTrack } from './helpers.js';

const tempDir = useTempDirs();
const CAM = '58:50:ed:00:00:01';

async function oneCamera(path: string): Promise<Inventory> {
  const clock = testClock();
  const inv = Inventory.open(path, { now: clock.now });
  await scanAndTrack(inv, ['10.0.0.0/24'], device('10.0.0.5', CAM, clock.iso()), clock.iso());
  return inv;
}

describe('triage decisions: uid, origin and the one in force', () => {
  it('a central decision made earlier but received later does not override a later local one', async () => {
    const inv = await oneCamera(tempDbPath(tempDir));
    const id = inv.devices.find(CAM)!.id;
    const local = recordDecision(inv, CAM, { status: 'acknowledged', note: 'replacement ordered', by: 'ann' }, new Date('2026-03-02T12:00:00.000Z')).record;
    expect(local.uid).toMatch(/^[0-9a-f]{32}$/);
    expect(local.origin).toBe('site');
    // Made centrally an hour before ann's decision, delivered after it.
    const central = { uid: 'c'.repeat(32), deviceId: id, status: 'false-positive' as const, note: 'Axis camera', by: 'officer', at: '2026-03-02T11:00:00.000Z', until: null };
    expect(inv.triage.recordCentral(central)).toBe(true);
    expect(triageState(inv).get(id)).toMatchObject({ status: 'acknowledged', by: 'ann' });
    expect(inv.triage.current([id]).get(id)?.uid).toBe(local.uid);
    expect(inv.triage.history(id).map((h) => [h.by, h.origin])).toEqual([
      ['officer', 'central'],
      ['ann', 'site'],
    ]);
    // A later central decision is in force; receiving it again changes nothing.
    const later = { ...central, uid: 'd'.repeat(32), at: '2026-03-02T13:00:00.000Z' };
    expect(inv.triage.recordCentral(later)).toBe(true);
    expect(inv.triage.recordCentral(later)).toBe(false);
    expect(triageState(inv).get(id)).toMatchObject({ status: 'false-positive', by: 'officer' });
    expect(inv.triage.history(id)).toHaveLength(3);
    inv.close();
  });

  it('two decisions at the same time: the greater uid is in force', async () => {
    const inv = await oneCamera(tempDbPath(tempDir));
    const id = inv.devices.find(CAM)!.id;
    const at = '2026-03-02T11:00:00.000Z';
    inv.triage.recordCentral({ uid: 'f'.repeat(32), deviceId: id, status: 'waiver', note: null, by: 'b', at, until: null });
    inv.triage.recordCentral({ uid: 'a'.repeat(32), deviceId: id, status: 'removed', note: null, by: 'a', at, until: null });
    expect(inv.triage.current().get(id)?.by).toBe('b');
    inv.close();
  });

  it('migration 8 gives existing decisions distinct uids and keeps them', async () => {
    const path = tempDbPath(tempDir);
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    migrate(db, path, MIGRATIONS.slice(0, 7));
    db.prepare(`INSERT INTO scans (started_at, scope, engine, status, heartbeat_at) VALUES ('2026-01-01T00:00:00.000Z', 'x', 'test', 'complete', '2026-01-01T00:00:00.000Z')`).run();
    db.prepare(`INSERT INTO devices (mac, ip, first_seen, last_seen) VALUES ('${CAM}', '10.0.0.5', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`).run();
    const insert = db.prepare(`INSERT INTO triage (device_id, status, note, by, at) VALUES (1, ?, 'n', 'ann', ?)`);
    insert.run('acknowledged', '2026-01-02T00:00:00.000Z');
    insert.run('waiver', '2026-01-03T00:00:00.000Z');
    db.close();
    const inv = Inventory.open(path);
    const history = inv.triage.history(1);
    expect(history.map((h) => [h.id, h.status, h.origin])).toEqual([
      [1, 'acknowledged', 'site'],
      [2, 'waiver', 'site'],
    ]);
    expect(history.every((h) => /^[0-9a-f]{32}$/.test(h.uid))).toBe(true);
    expect(new Set(history.map((h) => h.uid)).size).toBe(2);
    inv.close();
  });
});

describe('two decisions made here in the same millisecond', () => {
  it('the second is in force (dated a millisecond later)', async () => {
    const inv = await oneCamera(tempDbPath(tempDir));
    const id = inv.devices.find(CAM)!.id;
    const now = new Date('2026-03-02T12:00:00.000Z');
    for (let i = 0; i < 5; i++) recordDecision(inv, CAM, { status: i % 2 ? 'acknowledged' : 'waiver', note: `n${i}`, by: 'ann' }, now);
    expect(inv.triage.current().get(id)?.note).toBe('n4');
    expect(inv.triage.history(id).map((h) => h.note)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
    inv.close();
  });
});
