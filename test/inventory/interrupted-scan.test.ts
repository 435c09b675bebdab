import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { HIKVISION_VERDICT, macObs, portObs, scopeOf, tempDbPath, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
const WRITER = fileURLToPath(new URL('./fixtures/scan-writer.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** A user's earlier, complete scan: two devices, one flagged. */
function seed(path: string): { scan: number; facts: string[] } {
  const inv = Inventory.open(path);
  const scan = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
  const observations = [
    macObs('10.0.0.1', '00:11:22:33:44:01', '2026-03-01T10:00:00Z'),
    portObs('10.0.0.1', 554, '2026-03-01T10:00:01Z'),
    macObs('10.0.0.2', '00:11:22:33:44:02', '2026-03-01T10:00:00Z'),
  ];
  inv.observations.record(scan, observations);
  inv.observations.resolveDevices(scan);
  inv.verdicts.save(inv.devices.find('00:11:22:33:44:01')!.id, scan, HIKVISION_VERDICT);
  inv.scans.finish(scan, 'complete', { hosts: 2, flagged: 1 });
  inv.close();
  return { scan, facts: observations.map((o) => `${o.kind} ${o.value}`) };
}

/** Starts the endless writer, lets it commit at least one round, waits `delayMs` more and SIGKILLs it. */
function killMidWrite(path: string, delayMs: number, mode: 'resolve' | 'record-only' = 'resolve'): Promise<{ scanId: number; pid: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path, mode], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let scanId: number | undefined;
    let killing = false;
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      scanId ??= Number(/^ready (\d+)$/m.exec(out)?.[1] ?? Number.NaN) || undefined;
      if (!killing && /^round \d+$/m.test(out)) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' || scanId === undefined || child.pid === undefined) {
        reject(new Error(`writer ended with code ${code}, signal ${signal}: ${err.slice(0, 2000)}`));
      } else {
        resolve({ scanId, pid: child.pid });
      }
    });
  });
}

function integrity(path: string): unknown {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
}

/** What a scan stored: its observations not yet resolved, and the facts last seen in it. */
function storedCount(path: string, scanId: number): number {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare<[number, number], { n: number }>(
        'SELECT (SELECT COUNT(*) FROM observations WHERE scan_id = ?) + (SELECT COUNT(*) FROM facts WHERE last_scan = ?) AS n',
      )
      .get(scanId, scanId)!.n;
  } finally {
    db.close();
  }
}

describe('a scan killed with SIGKILL', () => {
  it('leaves a sound database: earlier data intact, the killed scan marked interrupted', { timeout: 120_000 }, async () => {
    const path = tempDbPath(tempDir);
    const earlier = seed(path);
    const killed: { scanId: number; pid: number }[] = [];

    for (let attempt = 0; attempt < 4; attempt++) {
      const delayMs = Math.floor(Math.random() * 400);
      const victim = await killMidWrite(path, delayMs);
      killed.push(victim);

      // Read-only readers change nothing: the scan still looks running to them.
      const reader = Inventory.open(path, { readonly: true });
      expect(reader.scans.get(victim.scanId)?.status, `delay ${delayMs} ms`).toBe('running');
      reader.close();

      const inv = Inventory.open(path);
      expect(integrity(path), `delay ${delayMs} ms`).toBe('ok');

      for (const { scanId, pid } of killed) {
        const scan = inv.scans.get(scanId)!;
        expect(scan.status).toBe('interrupted');
        expect(scan.error).toBe(`interrupted: process ${pid} ended without finishing the scan`);
        expect(scan.finishedAt).not.toBeNull();
      }
      // It had committed at least one round before the kill, and every committed batch is whole.
      expect(storedCount(path, victim.scanId) % 120).toBe(0);
      expect(storedCount(path, victim.scanId)).toBeGreaterThan(0);

      const before = inv.scans.get(earlier.scan)!;
      expect(before).toMatchObject({ status: 'complete', hosts: 2, flagged: 1 });
      // Its facts are all still there (a later scan may have seen one again: last_scan moves, the row stays).
      const facts = (key: string) => inv.devices.find(key)!.observations.map((o) => `${o.kind} ${o.value}`);
      expect([...facts('10.0.0.1'), ...facts('10.0.0.2')]).toEqual(expect.arrayContaining(earlier.facts));
      const camera = inv.devices.find('00:11:22:33:44:01')!;
      expect(camera.firstSeen).toBe('2026-03-01T10:00:00.000Z');
      expect(camera.scans).toContain(earlier.scan);
      expect(inv.verdicts.history(camera.id)[0]?.verdict).toEqual(HIKVISION_VERDICT);
      expect(inv.devices.find('00:11:22:33:44:02')?.firstSeen).toBe('2026-03-01T10:00:00.000Z');

      // And the inventory goes on working.
      const next = inv.scans.begin({ scope: scopeOf('10.0.0.1'), engine: 'native' });
      inv.observations.record(next, [macObs('10.0.0.1', '00:11:22:33:44:01', new Date().toISOString())]);
      expect(inv.observations.resolveDevices(next)).toEqual([camera.id]);
      inv.scans.finish(next, 'complete', { hosts: 1, flagged: 1 });
      inv.close();
    }
  });

  it('keeps every batch it recorded before the kill as observations, once, when two processes open the inventory at once', { timeout: 120_000 }, async () => {
    const path = tempDbPath(tempDir);
    seed(path);
    const victim = await killMidWrite(path, Math.floor(Math.random() * 400), 'record-only');
    // What the killed scan committed: its staged batches (migration 10), read before anything recovers it.
    const db = new Database(path, { readonly: true });
    const committed = db
      .prepare<[number], { n: number }>('SELECT sum(json_array_length(rows)) AS n FROM staged_batches WHERE scan_id = ?')
      .get(victim.scanId)!.n;
    db.close();
    expect(committed % 120).toBe(0);
    expect(committed).toBeGreaterThan(0);

    // Two processes open it at once (each marks the scan interrupted and expands what it left), then a third.
    const opener = `import { Inventory } from './src/inventory/inventory.ts'; Inventory.open(process.argv[1]).close();`;
    const open = () =>
      new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', opener, path], { cwd: REPO, stdio: 'inherit' });
        child.on('error', reject);
        child.on('exit', resolve);
      });
    expect(await Promise.all([open(), open()])).toEqual([0, 0]);
    Inventory.open(path).close();

    const after = new Database(path, { readonly: true });
    try {
      const count = (sql: string) => after.prepare<[number], { n: number }>(sql).get(victim.scanId)!.n;
      expect(count('SELECT COUNT(*) AS n FROM observations WHERE scan_id = ?')).toBe(committed);
      // Each title names its round: none is there twice.
      expect(count(`SELECT COUNT(DISTINCT ip || ' ' || value) AS n FROM observations WHERE scan_id = ? AND kind = 'http.title'`)).toBe(committed / 2);
      expect(count('SELECT COUNT(*) AS n FROM staged_batches WHERE scan_id = ?')).toBe(0);
      expect(count(`SELECT COUNT(*) AS n FROM scans WHERE id = ? AND status = 'interrupted'`)).toBe(1);
    } finally {
      after.close();
    }
  });
});
