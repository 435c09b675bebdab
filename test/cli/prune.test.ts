import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { device, port, storeScan, testClock } from '../changes/helpers.js';
import { useConfigFiles } from '../config/helpers.js';
import { runCli } from './run-cli.js';

const file = useConfigFiles();
const dir = mkdtempSync(join(tmpdir(), 'lanaudit-prune-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Three scans of one device, a day apart and long ago: two copies of each of its 2 facts are old. */
function seed(path: string): void {
  const clock = testClock('2026-01-01T10:00:00.000Z');
  const inv = Inventory.open(path, { now: clock.now });
  for (let i = 0; i < 3; i++) {
    storeScan(inv, ['10.0.0.0/24'], device('10.0.0.5', '58:50:ed:00:00:01', clock.iso(), [port(80)]));
    clock.advance(86_400_000);
  }
  inv.close();
}

function facts(path: string) {
  const inv = Inventory.open(path, { readonly: true });
  try {
    const found = inv.devices.find('10.0.0.5')!;
    return { observations: found.observations, scans: inv.scans.list().length };
  } finally {
    inv.close();
  }
}

describe('lanaudit prune', () => {
  it('--dry-run counts and deletes nothing; then the configured retention deletes exactly that', { timeout: 60_000 }, async () => {
    const db = join(dir, 'a.db');
    seed(db);
    const before = facts(db);
    const config = file('config.yaml', 'retention:\n  keepObservationsDays: 30\n');
    const dry = await runCli(['prune', '--dry-run', '--config', config, '--db', db]);
    expect(dry.code, dry.stderr).toBe(0);
    // Facts are one row each already; the device keeps its newest sighting (scan 3).
    expect(dry.stdout).toBe('Would delete 2 sightings, 0 unresolved observations and 0 scans.\n');
    expect(facts(db)).toEqual(before);

    const real = await runCli(['prune', '--json', '--config', config, '--db', db]);
    expect(real.code, real.stderr).toBe(0);
    expect(JSON.parse(real.stdout)).toMatchObject({ dryRun: false, keepObservationsDays: 30, sightings: 2, observations: 0, scans: 0 });
    expect(facts(db)).toEqual(before);
  });

  it('refuses to run without a retention, or with fewer kept scans than gone needs (exit 2)', { timeout: 60_000 }, async () => {
    const db = join(dir, 'b.db');
    seed(db);
    const [none, few] = await Promise.all([
      runCli(['prune', '--config', file('config.yaml', '{}\n'), '--db', db]),
      runCli(['prune', '--keep-scans', '2', '--config', file('config.yaml', 'tracking:\n  goneAfterScans: 3\n'), '--db', db]),
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no retention configured');
    expect(few.code).toBe(2);
    expect(few.stderr).toContain('expected at least tracking.goneAfterScans (3)');
  });
});
