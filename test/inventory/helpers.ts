import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import type { Evidence, Verdict } from '../../src/identify/verdict.js';
import { migrate, MIGRATIONS } from '../../src/inventory/migrations.js';
import type { Observation } from '../../src/observations/observation.js';
import { normalizeRanges, parseTarget, type Scope } from '../../src/scope/index.js';

/** A fresh directory under the OS temp dir per call, removed after each test. */
export function useTempDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanaudit-inventory-'));
    dirs.push(dir);
    return dir;
  };
}

export function tempDbPath(tempDir: () => string): string {
  return join(tempDir(), 'inventory.db');
}

/** The neighbour-table fact that gives an address its MAC. */
export function macObs(ip: string, mac: string, at: string): Observation {
  return { ip, mac, kind: 'mac', value: mac, source: 'neigh', at };
}

export function portObs(ip: string, port: number, at: string): Observation {
  return { ip, kind: 'tcp.open', value: String(port), port, source: 'tcp', at };
}

export function aliveObs(ip: string, at: string): Observation {
  return { ip, kind: 'alive', value: 'tcp-rst', source: 'tcp', at };
}

export const HIKVISION_EVIDENCE: Evidence = {
  rule: 'oui.registrant',
  kind: 'mac',
  value: '58:50:ed:00:00:01',
  source: 'neigh',
  certainty: 0.9,
  says: 'MAC prefix 58:50:ED is registered to Hangzhou Hikvision Digital Technology Co.,Ltd.',
  entity: 'hikvision',
};

export function verdict(overrides: Partial<Verdict> = {}): Verdict {
  return {
    manufacturer: null,
    manufacturerName: null,
    brand: null,
    model: null,
    status: 'clear',
    covered: null,
    confidence: 0,
    serial: null,
    firmware: null,
    randomizedMac: false,
    evidence: [],
    ...overrides,
  };
}

export const HIKVISION_VERDICT: Verdict = verdict({
  manufacturer: 'Hangzhou Hikvision Digital Technology Co.,Ltd.',
  manufacturerName: 'Hikvision',
  status: 'covered',
  covered: 'hikvision',
  confidence: 0.9,
  evidence: [HIKVISION_EVIDENCE],
});

/** A scan's scope as runScan stores it: the targets as labels, their ranges merged. */
export function scopeOf(...targets: string[]): Pick<Scope, 'labels' | 'ranges'> {
  return { labels: targets, ranges: normalizeRanges(targets.map((t) => parseTarget(t))) };
}

/**
 * An inventory as an older lanaudit left it: the schema of its first `version` migrations, holding
 * the rows `sql` inserts (today's code writes only today's schema, so old rows are written in SQL).
 */
export function oldInventory(path: string, version: number, sql: string): void {
  const db = new Database(path);
  try {
    migrate(db, path, MIGRATIONS.slice(0, version));
    db.exec(sql);
  } finally {
    db.close();
  }
}
