import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { ScanBusyError } from '../../src/inventory/scan-lock.js';
import { scopeOf, tempDbPath, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
const CONTENDER = fileURLToPath(new URL('./fixtures/begin-scan.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A scan row as another process would have left it. */
function foreignScan(path: string, row: { pid: number; host: string; heartbeat: string }): number {
  const db = new Database(path);
  try {
    const info = db
      .prepare(`INSERT INTO scans (started_at, scope, engine, status, pid, hostname, heartbeat_at) VALUES (?, '10.0.0.0/24', 'native', 'running', ?, ?, ?)`)
      .run('2026-03-01T10:00:00.000Z', row.pid, row.host, row.heartbeat);
    return Number(info.lastInsertRowid);
  } finally {
    db.close();
  }
}

/** A pid that belongs to no process: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

function contender(path: string, at: number): { child: ChildProcess; line: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CONTENDER, path, String(at)], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const line = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`contender exited with ${code} before answering: ${err.slice(0, 2000)}`)));
  });
  return { child, line };
}

describe('scan lock', () => {
  it('of several processes beginning a scan at the same moment, exactly one gets it', { timeout: 60_000 }, async () => {
    const path = tempDbPath(tempDir);
    Inventory.open(path).close();
    const at = Date.now() + 3000;
    const contenders = [1, 2, 3, 4].map(() => contender(path, at));
    const lines = await Promise.all(contenders.map((c) => c.line));

    const began = lines.filter((l) => l.startsWith('began '));
    const busy = lines.filter((l) => l.startsWith('busy '));
    expect(began, lines.join('\n')).toHaveLength(1);
    expect(busy).toHaveLength(3);
    const id = Number(began[0]!.slice('began '.length));
    const winner = contenders[lines.indexOf(began[0]!)]!.child.pid!;
    for (const line of busy) {
      expect(line).toContain(`scan ${id}, pid ${winner} on ${hostname()}, started `);
    }
    const inv = Inventory.open(path, { readonly: true });
    expect(inv.scans.list().map((s) => [s.id, s.status])).toEqual([[id, 'running']]);
    inv.close();
  });

  it('a live scan of another process refuses; once it is gone the next scan begins and the dead one is interrupted', async () => {
    const path = tempDbPath(tempDir);
    Inventory.open(path).close();
    const holder = contender(path, 0);
    const id = Number((await holder.line).slice('began '.length));

    const inv = Inventory.open(path);
    expect(inv.scans.holder()).toMatchObject({ id, pid: holder.child.pid, hostname: hostname() });
    expect(() => inv.scans.begin({ scope: scopeOf('10.0.0.1'), engine: 'native' })).toThrow(ScanBusyError);
    expect(() => inv.scans.begin({ scope: scopeOf('10.0.0.1'), engine: 'native' })).toThrow(
      new RegExp(`^another scan is running on ${path}: scan ${id}, pid ${holder.child.pid} on `),
    );
    expect(inv.scans.list()).toHaveLength(1);

    holder.child.kill('SIGKILL');
    await new Promise((resolve) => holder.child.on('exit', resolve));
    expect(inv.scans.holder()).toBeNull();
    const next = inv.scans.begin({ scope: scopeOf('10.0.0.1'), engine: 'native' });
    expect(inv.scans.get(id)).toMatchObject({ status: 'interrupted', error: `interrupted: process ${holder.child.pid} ended without finishing the scan` });
    expect(inv.scans.get(next)?.status).toBe('running');
    inv.close();
  });

  it('a scan of another host counts while its heartbeat is fresh, not after', () => {
    const path = tempDbPath(tempDir);
    let now = Date.parse('2026-03-01T10:01:00Z');
    const inv = Inventory.open(path, { now: () => new Date(now), staleAfterMs: 5 * 60_000 });
    const other = foreignScan(path, { pid: process.pid, host: 'other-host.example', heartbeat: '2026-03-01T10:00:00.000Z' });
    expect(() => inv.scans.begin({ scope: scopeOf('10.0.0.1'), engine: 'native' })).toThrow(/on other-host\.example, started 2026-03-01T10:00:00\.000Z/);
    now = Date.parse('2026-03-01T10:06:00Z');
    const mine = inv.scans.begin({ scope: scopeOf('10.0.0.1'), engine: 'native' });
    expect(inv.scans.get(other)).toMatchObject({ status: 'interrupted', error: 'interrupted: no heartbeat since 2026-03-01T10:00:00.000Z' });
    expect(inv.scans.get(mine)?.status).toBe('running');
    inv.close();
  });

  it('a dead pid on this host never blocks, even with a fresh heartbeat', async () => {
    const path = tempDbPath(tempDir);
    const inv = Inventory.open(path);
    const dead = foreignScan(path, { pid: await deadPid(), host: hostname(), heartbeat: new Date().toISOString() });
    expect(inv.scans.holder()).toBeNull();
    inv.scans.begin({ scope: scopeOf('10.0.0.1'), engine: 'native' });
    expect(inv.scans.get(dead)?.status).toBe('interrupted');
    inv.close();
  });

  it('waitForScanSlot returns when the holder ends, and gives up at its deadline naming the holder', { timeout: 60_000 }, async () => {
    const path = tempDbPath(tempDir);
    Inventory.open(path).close();
    const holder = contender(path, 0);
    const id = Number((await holder.line).slice('began '.length));
    const inv = Inventory.open(path);

    await expect(inv.scans.waitForSlot({ timeoutMs: 300, pollMs: 50 })).rejects.toThrow(
      new RegExp(`scan ${id}, pid ${holder.child.pid} .*\\(waited 0 s for it\\)$`),
    );
    const waiting = inv.scans.waitForSlot({ timeoutMs: 30_000, pollMs: 50 });
    holder.child.stdin!.end();
    await waiting;
    // Waiting only reads; the next beginScan records what happened to the holder.
    expect(inv.scans.get(id)?.status).toBe('running');
    expect(() => inv.scans.begin({ scope: scopeOf('10.0.0.1'), engine: 'native' })).not.toThrow();
    expect(inv.scans.get(id)?.status).toBe('interrupted');
    inv.close();
  });

  it('an aborted wait returns at once', async () => {
    const path = tempDbPath(tempDir);
    const inv = Inventory.open(path);
    foreignScan(path, { pid: process.pid, host: 'other-host.example', heartbeat: new Date().toISOString() });
    const controller = new AbortController();
    const waiting = inv.scans.waitForSlot({ timeoutMs: 60_000, pollMs: 10_000, signal: controller.signal });
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
    inv.close();
  });

  it('heartbeatOwnScans keeps this process scans fresh; interruptOwnScans ends them', () => {
    const path = tempDbPath(tempDir);
    let now = Date.parse('2026-03-01T10:00:00Z');
    const inv = Inventory.open(path, { now: () => new Date(now) });
    const id = inv.scans.begin({ scope: scopeOf('10.0.0.1'), engine: 'native' });
    const other = foreignScan(path, { pid: process.pid, host: 'other-host.example', heartbeat: '2026-03-01T10:00:00.000Z' });
    now = Date.parse('2026-03-01T10:04:00Z');
    inv.scans.heartbeatOwn();
    const heartbeats = () => {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare('SELECT id, heartbeat_at FROM scans ORDER BY id').all();
      } finally {
        db.close();
      }
    };
    expect(heartbeats()).toEqual([
      { id, heartbeat_at: '2026-03-01T10:04:00.000Z' },
      { id: other, heartbeat_at: '2026-03-01T10:00:00.000Z' },
    ]);
    expect(inv.scans.interruptOwn('interrupted: the scan failed')).toEqual([id]);
    expect(inv.scans.get(id)).toMatchObject({ status: 'interrupted', error: 'interrupted: the scan failed' });
    expect(inv.scans.get(other)?.status).toBe('running');
    inv.close();
  });
});
