/**
 * resolveDevices on a mixed input gives the rows it gave before it worked in bulk (#15, ingest):
 * devices, address history, facts (ids included: the order `show` and identification read them in),
 * sightings, and the staged rows it leaves. The snapshot file was written by the per-address
 * resolution (one device lookup, claim check and fold per address) that the bulk statements replaced.
 * Since batches are staged one row each and resolved from memory (migration 10), the same holds
 * when another connection, which has none of them in memory, resolves them; and the facts resolve
 * hands to identification for the devices it created are those identification would read back.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import type { Observation } from '../../src/observations/observation.js';
import { macObs, portObs, scopeOf, tempDbPath, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
const obs = (ip: string, kind: Observation['kind'], value: string, source: string, at: string, extra: Partial<Observation> = {}): Observation => ({ ip, kind, value, source, at, ...extra });

let checked = 0;

/** resolveDevices by `by`, checking the facts it hands to identification against those stored; returns the devices. */
function resolve(by: Inventory, scanId: number): number[] {
  const devices = by.observations.resolveDevices(scanId);
  const known = by.observations.takeResolvedFacts(scanId);
  for (const id of devices) {
    const facts = known?.facts(id);
    if (facts === undefined) continue;
    expect(facts, `device ${id}`).toEqual(by.devices.facts(id));
    checked += 1;
  }
  return devices;
}

function scan(inv: Inventory, by: Inventory, engine: 'native' | 'import', batches: Observation[][], resolved = true): { id: number; devices: number[] } {
  const id = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine });
  for (const batch of batches) inv.observations.record(id, batch);
  const devices = resolved ? resolve(by, id) : [];
  return { id, devices };
}

function dump(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const all = (sql: string) => db.prepare(sql).all();
    return {
      devices: all('SELECT id, mac, ip, first_seen, last_seen FROM devices ORDER BY id'),
      device_ips: all('SELECT * FROM device_ips ORDER BY device_id, ip'),
      facts: all('SELECT * FROM facts ORDER BY id'),
      device_scans: all('SELECT * FROM device_scans ORDER BY scan_id, device_id'),
      observations: all('SELECT * FROM observations ORDER BY id'),
    };
  } finally {
    db.close();
  }
}

describe('resolveDevices in bulk', () => {
  it.each([
    ['from memory', false],
    ['by another connection, from the staged rows', true],
  ])('stores the same rows as the per-address resolution on a mixed input, %s', async (_how, otherConnection) => {
    const path = tempDbPath(tempDir);
    const inv = Inventory.open(path, { now: () => new Date(t(0)) });
    const by = otherConnection ? Inventory.open(path, { now: () => new Date(t(0)) }) : inv;
    const returned: number[][] = [];
    checked = 0;
    try {
      // Scan 1, resolved twice: more arrives for a known address (its MAC from the first pass's facts) and for a new one.
      const first = scan(inv, by, 'native', [
        [
          macObs('10.0.0.1', 'aa:00:00:00:00:01', t(1)),
          portObs('10.0.0.1', 80, t(1)),
          portObs('10.0.0.1', 80, t(3)), // the same fact again: one row, first and last time
          obs('10.0.0.1', 'http.server', 'App-webs/', 'http', t(2), { port: 80, mac: 'aa:00:00:00:00:01' }),
          macObs('10.0.0.2', 'aa:00:00:00:00:02', t(2)),
          // What the device says of its own MAC: two other MACs (mismatches), one the same (none).
          obs('10.0.0.2', 'sadp.reply', '<ProbeMatch>DS-1</ProbeMatch>', 'sadp', t(2), { mac: 'cc:00:00:00:00:09' }),
          obs('10.0.0.2', 'dhip.reply', '{"model":"IPC-1"}', 'dhip', t(2), { mac: 'bb:00:00:00:00:09' }),
          obs('10.0.0.2', 'dhip.reply', '{"model":"IPC-1"}', 'dhip', t(4), { mac: 'bb:00:00:00:00:09' }),
          obs('10.0.0.2', 'upnp.serial', 'DS-2', 'upnp', t(2), { mac: 'aa:00:00:00:00:02' }),
          obs('10.0.0.3', 'alive', 'tcp-rst', 'tcp', t(1)), // routed: no MAC
          portObs('10.0.0.3', 22, t(2)),
        ],
        [
          // One MAC at two addresses in one scan: one device, at the later address.
          macObs('10.0.0.4', 'aa:00:00:00:00:04', t(2)),
          macObs('10.0.0.5', 'aa:00:00:00:00:04', t(5)),
          // The MAC at an address changes during the scan: the latest wins; a tie goes to the first recorded.
          macObs('10.0.0.6', 'aa:00:00:00:00:06', t(1)),
          macObs('10.0.0.6', 'aa:00:00:00:00:07', t(3)),
          macObs('10.0.0.7', 'aa:00:00:00:00:08', t(3)),
          { ...macObs('10.0.0.7', 'aa:00:00:00:00:0a', t(3)), source: 'nmap' },
          macObs('10.0.0.8', 'aa:00:00:00:00:0b', t(2)),
          obs('10.0.0.8', 'ipv6', 'fe80::1', 'neigh6', t(2)),
          obs('10.0.0.8', 'ipv6', 'fe80::1', 'neigh6', t(4)),
          obs('10.0.0.8', 'ipv6', 'not an address', 'neigh6', t(2)),
        ],
      ]);
      returned.push(first.devices);
      inv.observations.record(first.id, [portObs('10.0.0.1', 443, t(6)), portObs('10.0.0.6', 554, t(6)), portObs('10.0.0.9', 80, t(6))]);
      returned.push(resolve(by, first.id));
      inv.scans.finish(first.id, 'complete', { hosts: 9, flagged: 0 });

      // Scan 2, an hour later: facts seen again, a device moved, the MAC-less device found by its address.
      const second = scan(inv, by, 'native', [
        [
          macObs('10.0.0.1', 'aa:00:00:00:00:01', t(61)),
          portObs('10.0.0.1', 80, t(61)),
          obs('10.0.0.1', 'http.server', 'App-webs/', 'http', t(62), { port: 80, mac: 'aa:00:00:00:00:01' }),
          obs('10.0.0.1', 'http.title', 'Login', 'http', t(62), { port: 80, mac: 'aa:00:00:00:00:01' }),
          macObs('10.0.0.10', 'aa:00:00:00:00:02', t(63)),
          portObs('10.0.0.3', 22, t(61)),
          macObs('10.0.0.5', 'aa:00:00:00:00:04', t(62)),
        ],
      ]);
      returned.push(second.devices);
      inv.scans.finish(second.id, 'complete', { hosts: 4, flagged: 0 });

      // Scan 3 stops before resolving: its staged rows stay.
      const stopped = scan(inv, by, 'native', [[macObs('10.0.0.20', 'aa:00:00:00:00:20', t(70)), portObs('10.0.0.20', 80, t(70))]], false);
      inv.scans.finish(stopped.id, 'interrupted', { hosts: 0, flagged: 0 });

      // Scan 4, an import of older data: the moved device keeps its current address.
      const imported = scan(inv, by, 'import', [[macObs('10.0.0.11', 'aa:00:00:00:00:02', t(30)), portObs('10.0.0.11', 8000, t(30)), portObs('10.0.0.1', 80, t(30))]]);
      returned.push(imported.devices);
      inv.scans.finish(imported.id, 'complete', { hosts: 2, flagged: 0 });

      // What identification reads: every device's facts as show lists them, without the row ids.
      for (const id of inv.devices.ids()) {
        expect(inv.devices.facts(id)).toEqual(inv.devices.observations(id).map(({ id: _id, scanId: _scan, ...o }) => o));
      }
    } finally {
      inv.close();
      by.close();
    }
    // The devices each resolve created (scan 1: 7 then 1, then the import's one).
    expect(checked).toBe(9);
    await expect(`${JSON.stringify({ returned, ...dump(path) }, null, 1)}\n`).toMatchFileSnapshot('./fixtures/resolve-fold-before.json');
  });
});
