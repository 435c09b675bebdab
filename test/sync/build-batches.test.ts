import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { buildBatches } from '../../src/sync/build-batches.js';
import { batch as batchSchema, type Batch } from '../../src/sync/protocol.js';
import { recordDecision } from '../../src/triage/triage.js';
import { HIKVISION_VERDICT } from '../inventory/helpers.js';
import { device, tempDbPath, useTempDirs } from '../changes/helpers.js';
import { ipOf, macOf, merged, scanAndTrack, scanDevices, testClock } from './helpers.js';

const tempDir = useTempDirs();
const SITE = 'hq';

/** The outbox's batches from `from` on, parsed with the protocol's schema (what the server does). */
function outbox(inv: Inventory, from = 1): { batch: Batch; bytes: Buffer; sha256: string }[] {
  const out = [];
  for (let entry = inv.sync.nextBatch(from); entry !== null; entry = inv.sync.nextBatch(entry.seq + 1)) {
    expect(createHash('sha256').update(entry.body).digest('hex')).toBe(entry.sha256);
    out.push({ batch: batchSchema.parse(JSON.parse(entry.body.toString('utf8'))), bytes: entry.body, sha256: entry.sha256 });
  }
  return out;
}

/** The one batch in the outbox from `from` on. */
function only(inv: Inventory, from = 1): Batch {
  const batches = outbox(inv, from);
  expect(batches).toHaveLength(1);
  return batches[0]!.batch;
}

/** Two scans of a small site: two cameras and a printer that arrives in the second (an event), a camera's name, a triage decision. */
async function smallSite(path: string): Promise<Inventory> {
  const clock = testClock();
  const inv = Inventory.open(path, { now: clock.now });
  const lan = ['10.0.0.0/24'];
  await scanAndTrack(inv, lan, [...device('10.0.0.5', '58:50:ed:00:00:01', clock.iso(), [{ kind: 'hostname', value: 'cam-door', source: 'ptr' }]), ...device('10.0.0.6', '58:50:ed:00:00:02', clock.iso())], clock.iso());
  clock.advance();
  await scanAndTrack(inv, lan, [...device('10.0.0.5', '58:50:ed:00:00:01', clock.iso(), [{ kind: 'hostname', value: 'cam-door', source: 'ptr' }]), ...device('10.0.0.6', '58:50:ed:00:00:02', clock.iso()), ...device('10.0.0.2', '00:1b:a9:00:00:02', clock.iso())], clock.iso());
  recordDecision(inv, '10.0.0.5', { status: 'acknowledged', note: 'replacement ordered', by: 'ann' }, clock.now());
  return inv;
}

describe('building batches', () => {
  it('the first build carries the whole history, in order, and passes the protocol schema', async () => {
    const inv = await smallSite(tempDbPath(tempDir));
    const built = buildBatches(inv, { site: SITE });
    expect(built.map((b) => b.seq)).toEqual([1]);
    const batch = only(inv);
    expect(batch).toMatchObject({ protocol: 1, site: SITE, seq: 1 });
    expect(batch.scans.map((s) => [s.id, s.status])).toEqual([
      [1, 'complete'],
      [2, 'complete'],
    ]);
    const devices = inv.devices.list();
    expect(batch.devices.map((d) => d.ip).sort()).toEqual(devices.map((d) => d.ip).sort());
    const door = batch.devices.find((d) => d.ip === '10.0.0.5')!;
    expect(door).toMatchObject({ name: 'cam-door', status: 'covered', covered: 'hikvision', mac: '58:50:ed:00:00:01' });
    // Every verdict of the history, with its evidence; each device's current one among them.
    expect(batch.verdicts.map((v) => v.id).sort()).toEqual(devices.flatMap((d) => inv.verdicts.history(d.id).map((v) => v.id)).sort());
    expect(batch.verdicts.find((v) => v.id === door.verdictId)?.evidence.length).toBeGreaterThan(0);
    expect(batch.addresses.map((a) => a.ip).sort()).toEqual(['10.0.0.2', '10.0.0.5', '10.0.0.6']);
    expect(batch.macs).toHaveLength(3);
    expect(batch.events.map((e) => [e.type, e.deviceId])).toEqual(inv.changes.events().map((e) => [e.type, e.deviceId]));
    expect(batch.events.some((e) => e.type === 'new')).toBe(true);
    expect(batch.triage).toEqual([expect.objectContaining({ deviceId: door.id, status: 'acknowledged', by: 'ann', origin: 'site', uid: inv.triage.history(door.id)[0]!.uid })]);
    expect(batch.seen).toEqual([
      { scanId: 1, at: inv.scans.get(1)!.finishedAt, devices: [[1, 2]] },
      { scanId: 2, at: inv.scans.get(2)!.finishedAt, devices: [[1, 3]] },
    ]);
    inv.close();
  });

  it('splits a history into bounded batches, numbered in order, that add up to the same rows', async () => {
    const path = tempDbPath(tempDir);
    const whole = await smallSite(path);
    buildBatches(whole, { site: SITE });
    const one = merged(outbox(whole).map((o) => o.batch));
    whole.close();

    const split = await smallSite(tempDbPath(tempDir));
    const built = buildBatches(split, { site: SITE, maxRows: 4 });
    expect(built.length).toBeGreaterThan(3);
    expect(built.map((b) => b.seq)).toEqual(built.map((_, i) => i + 1));
    expect(built.every((b) => b.rows <= 4)).toBe(true);
    const batches = outbox(split).map((o) => o.batch);
    const many = merged(batches);
    // Same rows but for times the clock gave each inventory (uids differ too: random).
    const shape = (m: typeof one) => ({ ...m, triage: m.triage.map((t) => ({ ...t, uid: '' })) });
    expect(shape(many)).toEqual(shape(one));
    // A device's current verdict comes in the same or an earlier batch; a scan's sightings after its devices.
    const batchOf = (pred: (b: Batch) => boolean) => batches.findIndex(pred);
    for (const d of many.devices) expect(batchOf((b) => b.verdicts.some((v) => v.id === d.verdictId))).toBeLessThanOrEqual(batchOf((b) => b.devices.some((x) => x.id === d.id)));
    expect(batchOf((b) => b.seen.length > 0)).toBe(batches.length - 1);
    split.close();
  });

  it('closes a batch before it passes the byte bound, counting the header and section names', async () => {
    const inv = await smallSite(tempDbPath(tempDir));
    const built = buildBatches(inv, { site: SITE, maxBytes: 2_000 });
    expect(built.length).toBeGreaterThan(2);
    const sizes = outbox(inv).map((o) => o.bytes.length);
    expect(sizes).toEqual(built.map((b) => b.bytes));
    // Every batch within the bound, unless one row alone passes it (a verdict with its evidence).
    for (const [i, b] of built.entries()) if (b.rows > 1) expect(sizes[i]).toBeLessThanOrEqual(2_000);
    expect(Math.max(...sizes)).toBeGreaterThan(1_500);
    inv.close();
  });

  it('a build that fails midway keeps the batches it wrote; the next build goes on from there, nothing lost or doubled', async () => {
    const clean = await smallSite(tempDbPath(tempDir));
    buildBatches(clean, { site: SITE, maxRows: 3 });
    const expected = merged(outbox(clean).map((o) => o.batch));
    clean.close();

    const path = tempDbPath(tempDir);
    (await smallSite(path)).close();
    // A damaged event row (its time unreadable) stops the build when it comes to it.
    const db = new Database(path);
    const good = db.prepare<[], string>('SELECT at FROM events ORDER BY id DESC LIMIT 1').pluck().get()!;
    db.prepare(`UPDATE events SET at = 'not a time' WHERE id = (SELECT max(id) FROM events)`).run();
    db.close();
    const inv = Inventory.open(path);
    expect(() => buildBatches(inv, { site: SITE, maxRows: 3 })).toThrow(/event \d+ has an unreadable time/);
    const partial = inv.sync.state().builtSeq;
    expect(partial).toBeGreaterThan(0);
    expect(inv.sync.state()).toMatchObject({ triageMark: 0, seenMark: 0 });
    inv.close();
    const fix = new Database(path);
    fix.prepare('UPDATE events SET at = ? WHERE id = (SELECT max(id) FROM events)').run(good);
    fix.close();
    const resumed = Inventory.open(path);
    const rest = buildBatches(resumed, { site: SITE, maxRows: 3 });
    expect(rest[0]?.seq).toBe(partial + 1);
    const shape = (m: typeof expected) => ({ ...m, triage: m.triage.map((t) => ({ ...t, uid: '' })) });
    expect(shape(merged(outbox(resumed).map((o) => o.batch)))).toEqual(shape(expected));
    resumed.close();
  });

  it('builds nothing again when nothing changed (idempotent), and only the new scan after an unchanged one', async () => {
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    await scanDevices(inv, 50, clock.iso());
    expect(buildBatches(inv, { site: SITE })).toHaveLength(1);
    expect(buildBatches(inv, { site: SITE })).toEqual([]);
    clock.advance();
    const scan = await scanDevices(inv, 50, clock.iso());
    const built = buildBatches(inv, { site: SITE });
    expect(built).toHaveLength(1);
    const batch = only(inv, built[0]!.seq);
    expect(batch.scans.map((s) => s.id)).toEqual([scan]);
    expect([batch.devices, batch.verdicts, batch.addresses, batch.macs, batch.events, batch.triage]).toEqual([[], [], [], [], [], []]);
    expect(batch.seen).toEqual([{ scanId: scan, at: expect.any(String), devices: [[1, 50]] }]);
    inv.close();
  });

  it('an unchanged 10,000-device site sends a small batch after a scan (bytes measured)', async () => {
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    await scanDevices(inv, 10_000, clock.iso(), 300);
    const first = buildBatches(inv, { site: SITE });
    const firstBytes = first.reduce((n, b) => n + b.bytes, 0);
    clock.advance();
    await scanDevices(inv, 10_000, clock.iso(), 300);
    const after = buildBatches(inv, { site: SITE });
    const bytes = after.reduce((n, b) => n + b.bytes, 0);
    console.log(`10,000 devices: first build ${first.length} batches, ${firstBytes} bytes; unchanged scan ${after.length} batch, ${bytes} bytes`);
    expect(after).toHaveLength(1);
    expect(bytes).toBeLessThanOrEqual(2048);
    const batch = only(inv, after[0]!.seq);
    expect(batch.seen[0]?.devices).toEqual([[1, 10_000]]);
    inv.close();
  }, 120_000);

  it('a changed verdict sends that device (and its verdict) only', async () => {
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    await scanDevices(inv, 20, clock.iso());
    buildBatches(inv, { site: SITE });
    const target = inv.devices.find(ipOf(7))!;
    expect(target.verdict?.status).toBe('clear');
    // Re-identification outside a scan makes it covered.
    inv.verdicts.save(target.id, null, HIKVISION_VERDICT);
    const built = buildBatches(inv, { site: SITE });
    expect(built).toHaveLength(1);
    const batch = only(inv, built[0]!.seq);
    expect(batch.devices.map((d) => [d.id, d.status, d.covered])).toEqual([[target.id, 'covered', 'hikvision']]);
    expect(batch.verdicts.map((v) => [v.deviceId, v.status])).toEqual([[target.id, 'covered']]);
    expect(batch.addresses.map((a) => a.deviceId)).toEqual([target.id]);
    expect(batch.macs.map((m) => m.mac)).toEqual([macOf(7)]);
    expect(batch.scans).toEqual([]);
    inv.close();
  });

  it('a running scan is not sent until it has finished', async () => {
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    await scanDevices(inv, 3, clock.iso());
    const running = inv.scans.begin({ scope: { labels: ['10.1.0.0/16'], ranges: [] }, engine: 'test' });
    buildBatches(inv, { site: SITE });
    expect(outbox(inv).flatMap((o) => o.batch.scans.map((s) => s.id))).toEqual([1]);
    inv.scans.finish(running, 'interrupted', { hosts: 0, flagged: 0 });
    const built = buildBatches(inv, { site: SITE });
    const batch = only(inv, built[0]!.seq);
    expect(batch.scans.map((s) => [s.id, s.status])).toEqual([[running, 'interrupted']]);
    // An interrupted scan saw part of the network only: no sightings for it.
    expect(batch.seen).toEqual([]);
    inv.close();
  });

  it('the outbox survives a crash between build and push: the same bytes after reopening', async () => {
    const path = tempDbPath(tempDir);
    const inv = await smallSite(path);
    buildBatches(inv, { site: SITE });
    const before = outbox(inv);
    inv.close();
    const reopened = Inventory.open(path);
    expect(buildBatches(reopened, { site: SITE })).toEqual([]);
    const after = outbox(reopened);
    expect(after.map((o) => o.bytes)).toEqual(before.map((o) => o.bytes));
    expect(reopened.sync.state()).toMatchObject({ builtSeq: 1, ackedSeq: 0 });
    reopened.close();
  });

  it('a device text over the protocol bound is cut to it, so the batch still passes the schema', async () => {
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    await scanAndTrack(inv, ['10.0.0.0/24'], device('10.0.0.9', '00:1b:a9:00:00:09', clock.iso(), [{ kind: 'hostname', value: `h${'x'.repeat(300)}`, source: 'ptr' }]), clock.iso());
    buildBatches(inv, { site: SITE });
    const batch = only(inv);
    expect(batch.devices[0]?.name?.length).toBeLessThanOrEqual(256);
    inv.close();
  });
});
