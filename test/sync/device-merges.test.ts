/**
 * Change tracking merges a rotated randomized MAC's device into the device it is (ChangeStore.mergeDevice):
 * the sync tells the fleet server, so the server holds the device once, as the site does.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { afterScan } from '../../src/pipeline/after-scan.js';
import { buildBatches } from '../../src/sync/build-batches.js';
import { batch as batchSchema, type Batch } from '../../src/sync/protocol.js';
import { pushOutbox } from '../../src/sync/push.js';
import { fleetEndpoint } from '../../src/sync/sync-now.js';
import { silentLogger } from '../../src/util/log.js';
import { device, fact, tempDbPath, useTempDirs } from '../changes/helpers.js';
import { fleetServer, makeCert, type TestCert, type TestFleetServer } from '../server/helpers.js';
import { scopeOf } from '../inventory/helpers.js';
import { LAN, LAPTOP, PHONE_A, PHONE_B, PRINTER, scanAndTrack, storeScan, testClock } from './helpers.js';

const tempDir = useTempDirs();

/** The outbox's batches from `seq` on, as the server parses them. */
function batchesFrom(inv: Inventory, seq: number): Batch[] {
  const out: Batch[] = [];
  for (let entry = inv.sync.nextBatch(seq); entry !== null; entry = inv.sync.nextBatch(entry.seq + 1)) out.push(batchSchema.parse(JSON.parse(entry.body.toString('utf8'))));
  return out;
}

/**
 * A phone and a printer; the phone comes back under a new randomized MAC, and a build runs before the
 * scan's follow-up links it (the rotated MAC goes out as a device of its own); then change tracking
 * merges it into the phone. `sync` runs after each build.
 */
async function rotatedPhone(inv: Inventory, clock: ReturnType<typeof testClock>, sync: () => Promise<void>): Promise<{ phone: number; rotated: number }> {
  const phone = (mac: string) => device('10.0.0.50', mac, clock.iso(), [fact('hostname', 'Johns-iPhone.local')]);
  await scanAndTrack(inv, LAN, [...phone(PHONE_A), ...device('10.0.0.2', PRINTER, clock.iso())], clock.iso());
  buildBatches(inv, { site: 'hq' });
  await sync();
  clock.advance();
  const scanId = storeScan(inv, LAN, [...phone(PHONE_B), ...device('10.0.0.2', PRINTER, clock.iso())]);
  const rotated = inv.devices.find(PHONE_B)!.id;
  buildBatches(inv, { site: 'hq' });
  await sync();
  await afterScan(inv, scanId, { goneAfterScans: 1, log: silentLogger, now: clock.now });
  return { phone: inv.devices.find(PHONE_A)!.id, rotated };
}

describe('device merges in the fleet sync', () => {
  it('the build after change tracking merged a rotated MAC carries the merge first, once; rows after it name the device merged into', async () => {
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    const { phone, rotated } = await rotatedPhone(inv, clock, async () => {});
    expect(inv.devices.ids()).not.toContain(rotated);
    const sent = inv.sync.state().builtSeq;
    // The rotated MAC went out as a device of its own, with its verdict.
    expect(batchesFrom(inv, sent).flatMap((b) => b.devices.map((d) => d.id))).toContain(rotated);

    expect(buildBatches(inv, { site: 'hq' })).toHaveLength(1);
    const [next] = batchesFrom(inv, sent + 1);
    expect(next!.merged).toEqual([{ from: rotated, into: phone, at: inv.scans.get(2)!.finishedAt }]);
    expect(Object.keys(next!).indexOf('merged')).toBeLessThan(Object.keys(next!).indexOf('scans'));
    expect(next!.devices.find((d) => d.id === phone)).toMatchObject({ mac: PHONE_B });
    const named = [...next!.devices.map((d) => d.id), ...next!.verdicts.map((v) => v.deviceId), ...next!.events.map((e) => e.deviceId), ...next!.addresses.map((a) => a.deviceId), ...next!.macs.map((m) => m.deviceId)];
    expect(named).not.toContain(rotated);

    // Sent once; a batch without merges has no such section.
    clock.advance();
    await scanAndTrack(inv, LAN, [...device('10.0.0.50', PHONE_B, clock.iso(), [fact('hostname', 'Johns-iPhone.local')]), ...device('10.0.0.2', PRINTER, clock.iso()), ...device('10.0.0.7', LAPTOP, clock.iso())], clock.iso());
    const laptop = inv.devices.find(LAPTOP)!.id;
    buildBatches(inv, { site: 'hq' });
    const [after] = batchesFrom(inv, sent + 2);
    expect(after!.merged).toBeUndefined();
    expect(after!.devices.map((d) => d.id)).toContain(laptop);
    // A restart resends the inventory, not the merges batched before it (their result is in it).
    inv.sync.restart(inv.sync.state().builtSeq);
    buildBatches(inv, { site: 'hq' });
    expect(batchesFrom(inv, 1).filter((b) => b.merged !== undefined)).toEqual([]);
    inv.close();
  });

  it('a merge another process records mid-build ends the build: a device that took the merged id goes out after the merge, never before', async () => {
    const path = tempDbPath(tempDir);
    const clock = testClock();
    const inv = Inventory.open(path, { now: clock.now });
    const phone = (mac: string) => device('10.0.0.50', mac, clock.iso(), [fact('hostname', 'Johns-iPhone.local')]);
    await scanAndTrack(inv, LAN, phone(PHONE_A), clock.iso());
    const phoneId = inv.devices.find(PHONE_A)!.id;
    clock.advance();
    storeScan(inv, LAN, phone(PHONE_B));
    const rotated = inv.devices.find(PHONE_B)!.id;
    buildBatches(inv, { site: 'hq' });
    const sent = inv.sync.state().builtSeq;

    // While the next build reads devices, another process merges the rotated MAC, and a scan meets a
    // laptop that takes its id (not identified yet: its row goes out without a verdict).
    const other = Inventory.open(path, { now: clock.now });
    const read = inv.sync.devicesAfter.bind(inv.sync);
    const spy = vi.spyOn(inv.sync, 'devicesAfter').mockImplementationOnce((after, limit) => {
      other.changes.transaction(() => other.changes.mergeDevice(rotated, phoneId));
      const scanId = other.scans.begin({ scope: scopeOf(...LAN), engine: 'test' });
      other.observations.record(scanId, device('10.0.0.7', LAPTOP, clock.iso()));
      other.observations.resolveDevices(scanId);
      return read(after, limit);
    });
    buildBatches(inv, { site: 'hq' });
    spy.mockRestore();
    other.close();
    expect(inv.devices.find(LAPTOP)!.id).toBe(rotated);

    buildBatches(inv, { site: 'hq' });
    const batches = batchesFrom(inv, sent + 1);
    const mergedIn = batches.findIndex((b) => b.merged?.some((m) => m.from === rotated && m.into === phoneId));
    const laptopIn = batches.findIndex((b) => b.devices.some((d) => d.id === rotated && d.mac === LAPTOP));
    expect(mergedIn).toBeGreaterThanOrEqual(0);
    // The server applies a batch's merges before its rows: the laptop is not merged into the phone.
    expect(laptopIn).toBeGreaterThanOrEqual(mergedIn);
    inv.close();
  });

  describe('through the real fleet server', () => {
    let cert: TestCert;
    let fleet: TestFleetServer;

    beforeAll(async () => {
      cert = makeCert();
      fleet = await fleetServer(cert, ['hq']);
    });

    afterAll(async () => {
      await fleet?.close();
      if (cert) rmSync(cert.dir, { recursive: true, force: true });
    });

    it('after the merge and a sync, the server holds the device once, with all its verdicts, events and MACs, as the site does', async () => {
      const clock = testClock();
      const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
      const endpoint = fleetEndpoint({ url: fleet.server.url, site: 'hq', token: fleet.tokens['hq']!, caFile: cert.certPath, alerts: 'local' });
      const sync = async () => expect(await pushOutbox(inv, endpoint)).toMatchObject({ ok: true, waiting: 0, error: null });
      const { phone, rotated } = await rotatedPhone(inv, clock, sync);
      const rows = async (sql: string) => (await fleet.pool.query(sql)).rows as Record<string, unknown>[];
      const serverIds = async () => (await rows('SELECT id::int FROM devices ORDER BY id')).map((r) => r['id']);
      // Before the follow-up merged it, the rotated MAC was a device of its own, on both sides.
      expect(await serverIds()).toContain(rotated);

      buildBatches(inv, { site: 'hq' });
      await sync();
      expect(await serverIds()).toEqual(inv.devices.ids().sort((a, b) => a - b));
      expect(await serverIds()).not.toContain(rotated);
      const [device] = await rows(`SELECT mac, ip FROM devices WHERE id = ${phone}`);
      expect(device).toEqual({ mac: PHONE_B, ip: '10.0.0.50' });
      const ofPhone = async (table: string) => (await rows(`SELECT id::int FROM ${table} WHERE device_id = ${phone} ORDER BY id`)).map((r) => r['id']);
      expect(await ofPhone('verdicts')).toEqual(inv.verdicts.history(phone).map((v) => v.id).sort((a, b) => a - b));
      expect(await ofPhone('events')).toEqual(inv.changes.events().filter((e) => e.deviceId === phone).map((e) => e.id));
      expect((await rows(`SELECT mac FROM device_macs WHERE device_id = ${phone} ORDER BY mac`)).map((r) => r['mac'])).toEqual([PHONE_A, PHONE_B].sort());
      expect(await rows(`SELECT count(*)::int AS n FROM verdicts WHERE device_id = ${rotated}`)).toEqual([{ n: 0 }]);
      inv.close();
    }, 60_000);
  });
});
