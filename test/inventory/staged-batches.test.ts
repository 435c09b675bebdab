/**
 * A scan's batches are staged one row each (migration 10) and resolved from memory. What the
 * resolve hands to identification for the devices it created must be exactly what identification
 * would read back, and a scan that ends without resolving keeps its observations as rows.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import type { Observation } from '../../src/observations/observation.js';
import { macObs, portObs, scopeOf, tempDbPath, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
const obs = (ip: string, kind: Observation['kind'], value: string, source: string, at: string, extra: Partial<Observation> = {}): Observation => ({ ip, kind, value, source, at, ...extra });

function rows(path: string, sql: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

describe('staged batches', () => {
  it('hands identification the facts it would read back, awkward ones included', () => {
    const inv = Inventory.open(tempDbPath(tempDir));
    try {
      const first = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
      inv.observations.record(first, [macObs('10.0.0.9', 'aa:00:00:00:00:09', t(1)), portObs('10.0.0.9', 22, t(1))]);
      inv.observations.resolveDevices(first);
      inv.scans.finish(first, 'complete', { hosts: 1, flagged: 0 });

      const scan = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
      const many = Array.from({ length: 40 }, (_, i) => portObs('10.0.0.3', 1000 + (i % 36), t(10 - (i % 3))));
      inv.observations.record(scan, [
        // The same fact later, then earlier: one fact at its latest time; facts come by time, then first seen.
        macObs('10.0.0.1', 'aa:00:00:00:00:01', t(5)),
        portObs('10.0.0.1', 80, t(4)),
        portObs('10.0.0.1', 80, t(6)),
        portObs('10.0.0.1', 80, t(2)),
        obs('10.0.0.1', 'http.title', 'same', 'http', t(4), { port: 80 }),
        obs('10.0.0.1', 'http.title', 'same', 'http', t(4)),
        obs('10.0.0.1', 'http.title', 'same', 'https', t(4), { port: 80 }),
        obs('10.0.0.1', 'dhip.reply', '{"model":"IPC"}', 'dhip', t(4), { mac: 'bb:00:00:00:00:01' }),
        // One MAC at two addresses: one device with the facts of both.
        macObs('10.0.0.2', 'aa:00:00:00:00:02', t(1)),
        obs('10.0.0.2', 'http.server', 'A', 'http', t(1), { port: 80 }),
        macObs('10.0.0.4', 'aa:00:00:00:00:02', t(7)),
        obs('10.0.0.4', 'http.server', 'A', 'http', t(7), { port: 80 }),
        // More facts than a scan through them serves, some repeated.
        macObs('10.0.0.3', 'aa:00:00:00:00:03', t(1)),
        ...many,
        // A text SQLite reads back otherwise than it was written (a lone surrogate): read back.
        macObs('10.0.0.5', 'aa:00:00:00:00:05', t(1)),
        obs('10.0.0.5', 'http.title', 'bad \uD800 title', 'http', t(1), { port: 80 }),
        // A device seen before: read back.
        macObs('10.0.0.9', 'aa:00:00:00:00:09', t(3)),
        portObs('10.0.0.9', 23, t(3)),
      ]);
      const devices = inv.observations.resolveDevices(scan);
      const known = inv.observations.takeResolvedFacts(scan);
      expect(inv.observations.takeResolvedFacts(scan)).toBeUndefined();
      const byIp = (ip: string) => inv.devices.find(ip)!.id;
      expect(devices).toHaveLength(5);
      const handed = new Map(['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((ip) => [ip, known?.facts(byIp(ip))]));
      for (const [ip, facts] of handed) expect(facts, ip).toEqual(inv.devices.facts(byIp(ip)));
      // Once each: identification takes them as it goes.
      expect(known?.facts(byIp('10.0.0.1'))).toBeUndefined();
      expect(known?.facts(byIp('10.0.0.5'))).toBeUndefined();
      expect(known?.facts(byIp('10.0.0.9'))).toBeUndefined();

      const camera = handed.get('10.0.0.1')!;
      expect(camera.map((o) => `${o.kind} ${o.value} ${o.source} ${o.port ?? '-'} ${o.at}`)).toEqual([
        `http.title same http 80 ${t(4)}`,
        `http.title same http - ${t(4)}`,
        `http.title same https 80 ${t(4)}`,
        `dhip.reply {"model":"IPC"} dhip - ${t(4)}`,
        `mac aa:00:00:00:00:01 neigh - ${t(5)}`,
        `tcp.open 80 tcp 80 ${t(6)}`,
        // The claim comes after the address's own rows, at the address's last time.
        `mac.mismatch claims MAC bb:00:00:00:00:01, network saw aa:00:00:00:00:01 dhip - ${t(6)}`,
      ]);
      expect(handed.get('10.0.0.3')).toHaveLength(37);
      expect(handed.get('10.0.0.2')!.map((o) => o.ip)).toEqual(['10.0.0.2', '10.0.0.2', '10.0.0.4', '10.0.0.4']);
    } finally {
      inv.close();
    }
  });

  it('a scan that ends without resolving keeps its observations as rows, in order; a running scan is left alone', () => {
    const path = tempDbPath(tempDir);
    const inv = Inventory.open(path);
    try {
      const stopped = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
      inv.observations.record(stopped, [macObs('10.0.0.1', 'aa:00:00:00:00:01', t(1)), portObs('10.0.0.1', 80, t(1))]);
      inv.observations.record(stopped, [portObs('10.0.0.1', 443, t(2))]);
      inv.scans.finish(stopped, 'interrupted', { hosts: 0, flagged: 0, error: 'stopped' });
      const running = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
      inv.observations.record(running, [portObs('10.0.0.2', 22, t(3))]);

      // Another process opening the inventory (this scan's process is alive: its scan still runs).
      Inventory.open(path).close();
      expect(rows(path, 'SELECT scan_id, ip, mac, kind, value, port, source, at FROM observations ORDER BY id')).toEqual([
        { scan_id: stopped, ip: '10.0.0.1', mac: 'aa:00:00:00:00:01', kind: 'mac', value: 'aa:00:00:00:00:01', port: null, source: 'neigh', at: t(1) },
        { scan_id: stopped, ip: '10.0.0.1', mac: null, kind: 'tcp.open', value: '80', port: 80, source: 'tcp', at: t(1) },
        { scan_id: stopped, ip: '10.0.0.1', mac: null, kind: 'tcp.open', value: '443', port: 443, source: 'tcp', at: t(2) },
      ]);
      expect(rows(path, 'SELECT scan_id FROM staged_batches')).toEqual([{ scan_id: running }]);
      expect(inv.observations.resolveDevices(running)).toHaveLength(1);
      expect(rows(path, 'SELECT scan_id FROM staged_batches')).toEqual([]);
    } finally {
      inv.close();
    }
  });

  it('a scan marked interrupted while it still ran resolves what was expanded and what came after', () => {
    const path = tempDbPath(tempDir);
    const inv = Inventory.open(path);
    try {
      const scan = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
      inv.observations.record(scan, [macObs('10.0.0.1', 'aa:00:00:00:00:01', t(1)), portObs('10.0.0.1', 80, t(1))]);
      // Another host judged it dead (a silent heartbeat) and expanded its batch on opening.
      const db = new Database(path);
      db.prepare(`UPDATE scans SET status = 'interrupted' WHERE id = ?`).run(scan);
      db.close();
      Inventory.open(path).close();
      expect(rows(path, 'SELECT COUNT(*) AS n FROM observations')).toEqual([{ n: 2 }]);

      inv.observations.record(scan, [portObs('10.0.0.1', 443, t(2))]);
      const [device] = inv.observations.resolveDevices(scan);
      expect(inv.observations.takeResolvedFacts(scan)?.facts(device!)).toEqual(inv.devices.facts(device!));
      expect(inv.devices.facts(device!).map((o) => `${o.kind} ${o.value}`)).toEqual(['mac aa:00:00:00:00:01', 'tcp.open 80', 'tcp.open 443']);
      expect(rows(path, 'SELECT (SELECT COUNT(*) FROM observations) + (SELECT COUNT(*) FROM staged_batches) AS n')).toEqual([{ n: 0 }]);
    } finally {
      inv.close();
    }
  });
  it('retention counts and deletes the batches an ended scan left staged, in a dry run as in the real one', () => {
    const path = tempDbPath(tempDir);
    const inv = Inventory.open(path);
    try {
      // A scan killed mid-way; the next scan's begin judged its process dead and marked it interrupted (its batches stay staged).
      const killed = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
      inv.observations.record(killed, [macObs('10.0.0.1', 'aa:00:00:00:00:01', t(1)), portObs('10.0.0.1', 80, t(1)), portObs('10.0.0.1', 443, t(1))]);
      markInterrupted(path, killed);
      const next = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
      inv.observations.record(next, [macObs('10.0.0.2', 'aa:00:00:00:00:02', t(2))]);
      inv.observations.resolveDevices(next);
      inv.scans.finish(next, 'complete', { hosts: 1, flagged: 0 });

      const readonly = Inventory.open(path, { readonly: true });
      const dryRun = readonly.prune({ keepScans: 1 }, { dryRun: true });
      readonly.close();
      const real = inv.prune({ keepScans: 1 });
      expect(dryRun).toEqual(real);
      expect(real).toMatchObject({ observations: 3, scans: 1 });
      expect(rows(path, 'SELECT (SELECT COUNT(*) FROM observations) + (SELECT COUNT(*) FROM staged_batches) AS n')).toEqual([{ n: 0 }]);
    } finally {
      inv.close();
    }
  });

  it('a scan that ends just as retention starts loses nothing and fails nothing', () => {
    const path = tempDbPath(tempDir);
    let racing: number | undefined;
    // Retention reads the clock as it starts: the moment another process marks a dead scan interrupted.
    const now = () => {
      if (racing !== undefined) markInterrupted(path, racing);
      racing = undefined;
      return new Date(t(30));
    };
    const inv = Inventory.open(path, { now });
    try {
      const killed = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
      inv.observations.record(killed, [macObs('10.0.0.1', 'aa:00:00:00:00:01', t(1)), portObs('10.0.0.1', 80, t(1))]);
      const next = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
      inv.observations.record(next, [macObs('10.0.0.2', 'aa:00:00:00:00:02', t(2))]);
      inv.observations.resolveDevices(next);
      inv.scans.finish(next, 'complete', { hosts: 1, flagged: 0 });

      racing = killed;
      expect(inv.prune({ keepScans: 1 })).toMatchObject({ observations: 2, scans: 1 });
      expect(rows(path, 'SELECT (SELECT COUNT(*) FROM observations) + (SELECT COUNT(*) FROM staged_batches) AS n')).toEqual([{ n: 0 }]);
    } finally {
      inv.close();
    }
  });
});

/** What another process does to a scan whose process it judged dead. */
function markInterrupted(path: string, scanId: number): void {
  const db = new Database(path);
  try {
    db.prepare(`UPDATE scans SET status = 'interrupted' WHERE id = ?`).run(scanId);
  } finally {
    db.close();
  }
}
