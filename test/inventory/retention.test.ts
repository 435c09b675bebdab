import { describe, expect, it } from 'vitest';
import { followUpScan } from '../../src/agent/follow-up.js';
import { defaultConfig } from '../../src/config/schema.js';
import { identify } from '../../src/identify/identify.js';
import { Inventory } from '../../src/inventory/inventory.js';
import type { Observation } from '../../src/observations/observation.js';
import { silentLogger } from '../../src/util/log.js';
import { device, fact, port, scanAndTrack, storeScan, tempDbPath, testClock, useTempDirs } from '../changes/helpers.js';
import { scopeOf } from './helpers.js';

const tempDir = useTempDirs();
const LAN = ['10.0.0.0/24'];
const DAY = 86_400_000;
const CAMERA = '58:50:ed:00:00:01'; // Hikvision block: covered
const PRINTER = '00:1b:a9:00:00:02';
const NAS = '00:11:32:00:00:03';

/**
 * Five daily scans. The camera is the same every day (mac, port 80, banner: 3 facts). The NAS is
 * seen only by scan 1 (2 facts) and is gone after. The printer answers with an old firmware banner
 * in scan 1 and a new one from scan 2 on (mac, port 631, banner: 3 facts per scan).
 */
async function fiveDays(inv: Inventory, clock: ReturnType<typeof testClock>) {
  const ids: number[] = [];
  for (let day = 1; day <= 5; day++) {
    const at = clock.iso();
    const banner = day === 1 ? 'Brother HL-L2350DW fw 1.00' : 'Brother HL-L2350DW fw 1.20';
    const observations: Observation[] = [
      ...device('10.0.0.5', CAMERA, at, [port(80), fact('http.server', 'App-webs/')]),
      ...device('10.0.0.2', PRINTER, at, [port(631), fact('http.title', banner)]),
      ...(day === 1 ? device('10.0.0.3', NAS, at, [port(5000)]) : []),
    ];
    ids.push((await scanAndTrack(inv, LAN, observations, { now: clock.now, goneAfterScans: 1 })).scanId);
    clock.advance(DAY);
  }
  return ids;
}

function snapshot(inv: Inventory) {
  return new Map(
    inv.devices.ids().map((id) => {
      const observations = inv.devices.observations(id);
      return [id, { observations, identified: identify(observations), stored: inv.devices.get(id)?.verdict }] as const;
    }),
  );
}

describe('retention', () => {
  it('keepObservationsDays deletes older sightings (each device keeps its newest); facts, verdicts and show stay', async () => {
    const clock = testClock();
    const path = tempDbPath(tempDir);
    const inv = Inventory.open(path, { now: clock.now });
    await fiveDays(inv, clock);
    const before = snapshot(inv);
    expect(inv.devices.find(CAMERA)?.scans).toEqual([5, 4, 3, 2, 1]);

    // Now is day 6 (10:00): the cutoff two days back is day 4's scan time; days 1-3 are older.
    const report = inv.prune({ keepObservationsDays: 2 });
    // Camera and printer lose their sightings in scans 1-3; the NAS keeps scan 1, its newest.
    // Facts are never pruned: each is one row with its latest time already.
    expect(report).toMatchObject({ sightings: 2 * 3, observations: 0, scans: 0, scansKept: 0 });
    expect(snapshot(inv)).toEqual(before);
    expect(inv.devices.find(CAMERA)?.scans).toEqual([5, 4]);
    expect(inv.devices.find('10.0.0.3')?.scans).toEqual([1]);
    expect(inv.devices.find('10.0.0.3')?.observations.map((o) => o.kind).sort()).toEqual(['mac', 'tcp.open']);
    expect(inv.scans.list().map((s) => s.id)).toEqual([5, 4, 3, 2, 1]);

    // Nothing more to delete at the same time; a later scan still tracks as before (nothing new or gone).
    expect(inv.prune({ keepObservationsDays: 2 })).toMatchObject({ sightings: 0, observations: 0 });
    const again = await scanAndTrack(
      inv,
      LAN,
      [...device('10.0.0.5', CAMERA, clock.iso(), [port(80), fact('http.server', 'App-webs/')]), ...device('10.0.0.2', PRINTER, clock.iso(), [port(631), fact('http.title', 'Brother HL-L2350DW fw 1.20')])],
      { now: clock.now, goneAfterScans: 1 },
    );
    expect(again.result.events).toEqual({ new: 0, gone: 0, changed: 0, reappeared: 0 });
    inv.close();
  });

  it('keepScans deletes old scans except those a fact was last seen in or change tracking counts from', async () => {
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    await fiveDays(inv, clock);
    const before = snapshot(inv);
    const events = inv.changes.events().length;

    const report = inv.prune({ keepScans: 2 });
    // Scan 1 is where the NAS's facts and the printer's old banner were last seen; scan 2 declared
    // the NAS gone; scan 3 holds nothing needed and goes, with its sightings of camera and printer.
    expect(report).toMatchObject({ scans: 1, scansKept: 2, sightings: 2, observations: 0, cutoff: null });
    expect(inv.scans.list().map((s) => s.id)).toEqual([5, 4, 2, 1]);
    expect(snapshot(inv)).toEqual(before);
    // History stays, without the link to the deleted scan.
    expect(inv.changes.events()).toHaveLength(events);
    expect(inv.verdicts.history(inv.devices.find('10.0.0.2')!.id).length).toBeGreaterThan(0);
    inv.close();
  });

  it('a dry run counts exactly what the real run then deletes, and changes nothing (also read-only)', async () => {
    const clock = testClock();
    const path = tempDbPath(tempDir);
    const inv = Inventory.open(path, { now: clock.now });
    await fiveDays(inv, clock);
    inv.close();
    const policy = { keepScans: 3, keepObservationsDays: 3 };
    const stored = () => {
      const ro = Inventory.open(path, { readonly: true, now: clock.now });
      try {
        return { scans: ro.scans.list(), snapshot: snapshot(ro), seen: ro.devices.ids().map((id) => ro.devices.find(ro.devices.get(id)!.ip)) };
      } finally {
        ro.close();
      }
    };
    const untouched = stored();

    const ro = Inventory.open(path, { readonly: true, now: clock.now });
    const dry = ro.prune(policy, { dryRun: true });
    ro.close();
    expect(dry.sightings).toBeGreaterThan(0);
    expect(stored()).toEqual(untouched);

    const rw = Inventory.open(path, { now: clock.now });
    expect(rw.prune(policy)).toEqual(dry);
    rw.close();
    expect(stored().snapshot).toEqual(untouched.snapshot);
  });

  it('never touches a running scan, even with observations older than the cutoff', () => {
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    storeScan(inv, LAN, device('10.0.0.5', CAMERA, clock.iso(), [port(80)]));
    clock.advance(10 * DAY);
    const running = inv.scans.begin({ scope: scopeOf(...LAN), engine: 'import' });
    inv.observations.record(running, device('10.0.0.5', CAMERA, new Date(clock.now().getTime() - 9 * DAY).toISOString(), [port(80)]));
    expect(inv.prune({ keepObservationsDays: 1, keepScans: 1 })).toMatchObject({ observations: 0, scans: 0 });
    expect(inv.scans.get(running)?.status).toBe('running');
    inv.close();
  });

  it('observations a killed scan left unresolved go with its scan; nothing else of it is needed', () => {
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    const killed = inv.scans.begin({ scope: scopeOf(...LAN), engine: 'native' });
    inv.observations.record(killed, device('10.0.0.5', CAMERA, clock.iso(), [port(80)]));
    inv.scans.finish(killed, 'interrupted', { hosts: 0, flagged: 0 });
    clock.advance(DAY);
    storeScan(inv, LAN, device('10.0.0.5', CAMERA, clock.iso(), [port(80)]));
    expect(inv.prune({ keepScans: 1 })).toMatchObject({ observations: 2, sightings: 0, scans: 1, scansKept: 0 });
    expect(inv.scans.list().map((s) => s.id)).toEqual([2]);
    expect(inv.devices.find(CAMERA)?.observations).toHaveLength(2);
    inv.close();
  });

  it('runs after each complete scan in the follow-up (agent and manual scan), as configured', async () => {
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    const config = { ...defaultConfig(), retention: { keepScans: 3 }, tracking: { goneAfterScans: 1 } };
    let last: Awaited<ReturnType<typeof followUpScan>> = null;
    for (let day = 1; day <= 5; day++) {
      const scanId = storeScan(inv, LAN, device('10.0.0.5', CAMERA, clock.iso(), [port(80)]));
      last = await followUpScan(inv, scanId, config, silentLogger);
      clock.advance(DAY);
    }
    expect(last?.pruned).toMatchObject({ scans: 1, scansKept: 0 });
    expect(inv.scans.list().map((s) => s.id)).toEqual([5, 4, 3]);
    expect(inv.devices.find('10.0.0.5')?.observations).toHaveLength(2);
    inv.close();
  });
});
