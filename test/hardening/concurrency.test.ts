/**
 * Issue 7, concurrency: two real `lanaudit scan` processes started together on one inventory. One
 * runs; the other refuses with a clear message (or, with --wait, runs after it). Never two scans
 * writing at once, never a half-merged scan, and the file stays sound.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, lanauditCommand } from '../helpers/cli.js';
import { labAvailable, upLab, type Lab } from '../lab/lab.js';
import { integrityCheck, labNamespacesLeft, query, tempDir } from './helpers.js';

const available = labAvailable();
if (!available.ok) console.warn(`skipping the concurrency hardening tests: ${available.why}`);

const LAB_ID = 'hconc';

interface ScanRow {
  id: number;
  status: string;
  hosts: number;
  started_at: string;
  finished_at: string | null;
}

describe.skipIf(!available.ok)('hardening: two scans on one inventory', () => {
  let lab: Lab | undefined;
  let tmp: ReturnType<typeof tempDir>;
  let scan: (db: string, ...more: string[]) => string[];

  beforeAll(async () => {
    ensureBuilt();
    tmp = tempDir('concurrency');
    lab = await upLab('site-small', { id: LAB_ID });
    const subnet = lab.profile.segments[0]!.subnet;
    scan = (db, ...more) => lanauditCommand('scan', subnet, '--exclude', lab!.scannerAddress, '--engine', 'native', '--db', db, '--json', ...more);
  }, 180_000);

  afterAll(async () => {
    await lab?.down();
    tmp?.remove();
    expect(labNamespacesLeft(LAB_ID)).toEqual([]);
  });

  /**
   * Each scan's facts lie within its own run (the facts it first saw and those it saw last carry times
   * inside it), and a complete scan saw every device it counted.
   */
  function expectWhole(db: string, scans: readonly ScanRow[]): void {
    for (const s of scans) {
      if (s.status !== 'complete') continue;
      const [seen] = query<{ devices: number }>(db, 'select count(*) as devices from device_scans where scan_id = ?', s.id);
      expect(seen!.devices, `scan ${s.id}`).toBe(s.hosts);
      const outside = query<{ n: number }>(
        db,
        `select count(*) as n from facts
          where (first_scan = ? and (first_seen < ? or first_seen > ?)) or (last_scan = ? and (last_seen < ? or last_seen > ?))`,
        s.id, s.started_at, s.finished_at, s.id, s.started_at, s.finished_at,
      )[0]!;
      expect(outside.n, `scan ${s.id} facts outside its run`).toBe(0);
    }
  }

  it('started together: exactly one runs, the other refuses naming the running scan; three rounds', async () => {
    const db = path.join(tmp.dir, 'race.db');
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([lab!.exec(scan(db), { timeoutMs: 120_000 }), lab!.exec(scan(db), { timeoutMs: 120_000 })]);
      const ran = [a, b].filter((r) => r.code === 0);
      const refused = [a, b].filter((r) => r.code !== 0);
      expect(ran, `round ${round}: ${a.stderr}\n---\n${b.stderr}`).toHaveLength(1);
      expect(JSON.parse(ran[0]!.stdout)).toMatchObject({ status: 'complete', devices: lab!.devices.length });
      expect(refused[0]!.code).toBe(1);
      expect(refused[0]!.stderr).toMatch(/another scan is running on .*race\.db: scan \d+, pid \d+/);
      expect(refused[0]!.stderr).toContain('--wait');
      expect(refused[0]!.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    const scans = query<ScanRow>(db, 'select id, status, hosts, started_at, finished_at from scans order by id');
    // A refused scan writes nothing: not even a scan row.
    expect(scans.map((s) => s.status)).toEqual(['complete', 'complete', 'complete']);
    expectWhole(db, scans);
    expect(integrityCheck(db)).toBe('ok');
  }, 400_000);

  it('with --wait the second runs after the first: both complete, one after the other', async () => {
    const db = path.join(tmp.dir, 'wait.db');
    const [a, b] = await Promise.all([lab!.exec(scan(db, '--wait', '300'), { timeoutMs: 300_000 }), lab!.exec(scan(db, '--wait', '300'), { timeoutMs: 300_000 })]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const scans = query<ScanRow>(db, 'select id, status, hosts, started_at, finished_at from scans order by id');
    expect(scans.map((s) => s.status)).toEqual(['complete', 'complete']);
    expect(scans[1]!.started_at >= scans[0]!.finished_at!, 'the scans overlapped').toBe(true);
    expectWhole(db, scans);
    expect(integrityCheck(db)).toBe('ok');
  }, 400_000);
});
