import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { parseIpv4 } from '../../src/scope/index.js';
import { macObs, scopeOf, tempDbPath, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
const ip = (text: string) => parseIpv4(text) ?? Number.NaN;
const START = Date.parse('2026-03-01T10:00:00Z');
const MINUTE = 60_000;

/** A clock the test moves by hand. */
function clock(): { now: () => Date; set: (minutes: number) => void } {
  let t = START;
  return { now: () => new Date(t), set: (minutes) => (t = START + minutes * MINUTE) };
}

describe('scans', () => {
  it('a scan runs, records who runs it, and completes with its totals', () => {
    const c = clock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: c.now });
    // Ranges as a scope gives them (hosts of each subnet), stored sorted and merged whatever their order.
    const ranges = [{ first: ip('10.0.1.1'), last: ip('10.0.1.254') }, { first: ip('10.0.0.1'), last: ip('10.0.0.254') }, { first: ip('10.0.0.200'), last: ip('10.0.0.254') }];
    const id = inv.scans.begin({ scope: { labels: ['10.0.0.0/24 (eth0)', '10.0.1.0/24'], ranges }, engine: 'nmap' });
    expect(inv.scans.get(id)).toEqual({
      id,
      startedAt: '2026-03-01T10:00:00.000Z',
      finishedAt: null,
      scope: '10.0.0.0/24 (eth0), 10.0.1.0/24',
      ranges: [ranges[1], ranges[0]],
      engine: 'nmap',
      status: 'running',
      hosts: 0,
      flagged: 0,
    });
    c.set(3);
    inv.scans.finish(id, 'complete', { hosts: 12, flagged: 2 });
    expect(inv.scans.get(id)).toMatchObject({ status: 'complete', finishedAt: '2026-03-01T10:03:00.000Z', hosts: 12, flagged: 2 });
    expect(inv.scans.get(id)).not.toHaveProperty('error');
    expect(inv.scans.get(999)).toBeNull();
    inv.close();
  });

  it('a scan stopped by the user is stored as interrupted with the reason', () => {
    const inv = Inventory.open(tempDbPath(tempDir));
    const id = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
    inv.scans.finish(id, 'interrupted', { hosts: 3, flagged: 0, error: 'stopped by user (SIGINT)' });
    expect(inv.scans.get(id)).toMatchObject({ status: 'interrupted', hosts: 3, error: 'stopped by user (SIGINT)' });
    inv.close();
  });

  it('a complete scan takes no more writes', () => {
    const inv = Inventory.open(tempDbPath(tempDir));
    const id = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
    inv.scans.finish(id, 'complete', { hosts: 0, flagged: 0 });
    expect(() => inv.observations.record(id, [macObs('10.0.0.5', '00:11:22:33:44:55', '2026-03-01T10:00:00Z')])).toThrow(/already complete/);
    expect(() => inv.scans.finish(id, 'interrupted', { hosts: 0, flagged: 0 })).toThrow(/already complete/);
    expect(() => inv.scans.heartbeat(12345)).toThrow(/does not exist/);
    inv.close();
  });

  it('listScans gives the newest first, up to the limit', () => {
    const inv = Inventory.open(tempDbPath(tempDir));
    const ids = [1, 2, 3].map(() => inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' }));
    expect(inv.scans.list().map((s) => s.id)).toEqual([...ids].reverse());
    expect(inv.scans.list(2).map((s) => s.id)).toEqual([ids[2], ids[1]]);
    inv.close();
  });

  it('a running scan whose heartbeat went silent for minutes is marked interrupted on the next open', () => {
    const c = clock();
    const path = tempDbPath(tempDir);
    const inv = Inventory.open(path, { now: c.now });
    const silent = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
    const beating = inv.scans.begin({ scope: scopeOf('10.0.1.0/24'), engine: 'native' });
    c.set(4);
    inv.scans.heartbeat(beating);
    c.set(8);
    inv.observations.record(beating, [macObs('10.0.1.5', '00:11:22:33:44:55', '2026-03-01T10:08:00Z')]);

    // This process is alive, so only the heartbeat can tell: 9 minutes of silence against 1 minute.
    c.set(9);
    Inventory.open(path, { now: c.now, staleAfterMs: 5 * MINUTE }).close();
    expect(inv.scans.get(silent)).toMatchObject({
      status: 'interrupted',
      finishedAt: '2026-03-01T10:00:00.000Z',
      error: 'interrupted: no heartbeat since 2026-03-01T10:00:00.000Z',
    });
    expect(inv.scans.get(beating)?.status).toBe('running');
    inv.close();
  });

  it('a live scan of this process with a fresh heartbeat is left running', () => {
    const path = tempDbPath(tempDir);
    const inv = Inventory.open(path);
    const id = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
    Inventory.open(path).close();
    expect(inv.scans.get(id)?.status).toBe('running');
    inv.close();
  });
});
