import { identify } from '../../src/identify/identify.js';
import type { Inventory } from '../../src/inventory/inventory.js';
import type { Observation } from '../../src/observations/observation.js';
import { afterScan, type AfterScanOptions, type AfterScanResult } from '../../src/pipeline/after-scan.js';
import type { Scope } from '../../src/scope/index.js';
import { silentLogger } from '../../src/util/log.js';
import { scopeOf } from '../inventory/helpers.js';

export { tempDbPath, useTempDirs } from '../inventory/helpers.js';

/** A clock the test moves: one hour per scan keeps every time distinct and ordered. */
export function testClock(start = '2026-03-01T10:00:00.000Z') {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance: (ms = 3_600_000) => {
      t += ms;
    },
    iso: () => new Date(t).toISOString(),
  };
}

/** A device as a scan would record it: its MAC from the neighbour table, plus extra facts. */
export function device(ip: string, mac: string | null, at: string, extra: Omit<Observation, 'ip' | 'at'>[] = []): Observation[] {
  const base: Observation[] = mac === null ? [{ ip, kind: 'alive', value: 'tcp-rst', source: 'tcp', at }] : [{ ip, mac, kind: 'mac', value: mac, source: 'neigh', at }];
  return [...base, ...extra.map((e) => ({ ...e, ip, at }))];
}

export function port(n: number): Omit<Observation, 'ip' | 'at'> {
  return { kind: 'tcp.open', value: String(n), port: n, source: 'tcp' };
}

export function fact(kind: Observation['kind'], value: string): Omit<Observation, 'ip' | 'at'> {
  return { kind, value, source: 'test' };
}

/** What a scan covered: its labels and ranges (targets less exclusions). */
type ScanScope = Pick<Scope, 'labels' | 'ranges'>;

/** What runScan stores, from synthetic observations: resolve, identify with the real rules, finish. */
export function storeScan(inv: Inventory, scope: string[] | ScanScope, observations: Observation[], status: 'complete' | 'interrupted' = 'complete'): number {
  const scanId = inv.scans.begin({ scope: Array.isArray(scope) ? scopeOf(...scope) : scope, engine: 'test' });
  inv.observations.record(scanId, observations);
  const ids = inv.observations.resolveDevices(scanId);
  const verdicts = ids.map((id) => [id, identify(inv.devices.observations(id))] as const);
  inv.verdicts.saveAll(scanId, verdicts);
  inv.scans.finish(scanId, status, { hosts: ids.length, flagged: verdicts.filter(([, v]) => v.status === 'covered').length });
  return scanId;
}

/** storeScan then afterScan, as `lanaudit scan` does. */
export async function scanAndTrack(
  inv: Inventory,
  scope: string[] | ScanScope,
  observations: Observation[],
  options: Partial<AfterScanOptions> = {},
): Promise<{ scanId: number; result: AfterScanResult }> {
  const scanId = storeScan(inv, scope, observations);
  const result = await afterScan(inv, scanId, { goneAfterScans: 1, log: silentLogger, ...options });
  return { scanId, result };
}

/** A scan's events as "type ip [field old→new]" lines, in order. */
export function eventLines(inv: Inventory, scanId: number): string[] {
  return inv.changes
    .events({ scan: scanId })
    .map((e) => `${e.type} ${e.ip}${e.field === null ? '' : ` ${e.field} ${e.old ?? '∅'}→${e.new ?? '∅'}`}`);
}
