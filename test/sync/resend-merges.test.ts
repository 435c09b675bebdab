/**
 * `lanaudit sync --resend-all` (SyncStore.restart, then a build and a push) after change tracking
 * merged a rotated MAC into its device: the merges the server has not applied go out again, the
 * ones it has do not, and the server ends as a clean push of the inventory leaves a fresh one.
 */
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetConfig } from '../../src/config/fleet.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { migrate, MIGRATIONS } from '../../src/inventory/migrations.js';
import { afterScan } from '../../src/pipeline/after-scan.js';
import { buildBatches } from '../../src/sync/build-batches.js';
import { pushOutbox, serverPosition } from '../../src/sync/push.js';
import { fleetEndpoint, syncNow } from '../../src/sync/sync-now.js';
import { silentLogger } from '../../src/util/log.js';
import { device, fact, tempDbPath, useTempDirs } from '../changes/helpers.js';
import { dumpSite, fleetServer, makeCert, push, type TestCert, type TestFleetServer } from '../server/helpers.js';
import { LAN, LAPTOP, PHONE_A, PHONE_B, PRINTER, scanAndTrack, storeScan, testClock } from './helpers.js';

const tempDir = useTempDirs();

let cert: TestCert;
const servers: TestFleetServer[] = [];

beforeAll(() => {
  cert = makeCert();
});

afterAll(async () => {
  for (const s of servers) await s.close();
  if (cert) rmSync(cert.dir, { recursive: true, force: true });
});

async function server(): Promise<TestFleetServer> {
  const s = await fleetServer(cert, ['hq']);
  servers.push(s);
  return s;
}

function fleetOf(s: TestFleetServer): FleetConfig {
  return { url: s.server.url, site: 'hq', token: s.tokens['hq']!, caFile: cert.certPath, alerts: 'local' };
}

/** What `lanaudit sync --resend-all` does (src/cli/commands/sync.ts). */
async function resendAll(inv: Inventory, s: TestFleetServer): Promise<void> {
  const fleet = fleetOf(s);
  const endpoint = fleetEndpoint(fleet);
  inv.sync.restart(await serverPosition(endpoint));
  expect(await syncNow(inv, fleet, endpoint)).toMatchObject({ ok: true, waiting: 0, error: null });
}

async function pushTo(inv: Inventory, s: TestFleetServer): Promise<void> {
  expect(await pushOutbox(inv, fleetEndpoint(fleetOf(s)))).toMatchObject({ ok: true, waiting: 0, error: null });
}

/** The outbox's batches as they are, posted to another server too (one that later loses some). */
async function copyOutbox(inv: Inventory, s: TestFleetServer): Promise<void> {
  for (let e = inv.sync.nextBatch(1); e !== null; e = inv.sync.nextBatch(e.seq + 1)) {
    expect((await push(s.server.url, cert.cert, s.tokens['hq']!, e.body, e.seq)).status).toBe(200);
  }
}

/** The site's tables on the server, without what differs by how they got there (batch numbers and hashes). */
async function state(s: TestFleetServer): Promise<Record<string, unknown[]>> {
  const { site: _site, batches: _batches, ...rest } = await dumpSite(s.pool, 'hq');
  return rest;
}

/** The state a clean push of the inventory as it is now gives a fresh server. */
async function cleanState(inv: Inventory): Promise<Record<string, unknown[]>> {
  const fresh = await server();
  await resendAll(inv, fresh);
  return state(fresh);
}

/**
 * A phone and a printer; the phone comes back under a new randomized MAC (a device of its own,
 * pushed: batch 2), then change tracking merges it into the phone and a laptop takes its id (SQLite
 * reuses the highest): batch 3, built with the merge first, is left in the outbox.
 */
async function site(onPush: (inv: Inventory) => Promise<void>): Promise<{ inv: Inventory; phone: number; rotated: number; laptop: number }> {
  const clock = testClock();
  const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
  const phone = (mac: string) => device('10.0.0.50', mac, clock.iso(), [fact('hostname', 'Johns-iPhone.local')]);
  await scanAndTrack(inv, LAN, [...phone(PHONE_A), ...device('10.0.0.2', PRINTER, clock.iso())], clock.iso());
  buildBatches(inv, { site: 'hq' });
  await onPush(inv);
  clock.advance();
  const scanId = storeScan(inv, LAN, [...phone(PHONE_B), ...device('10.0.0.2', PRINTER, clock.iso())]);
  const rotated = inv.devices.find(PHONE_B)!.id;
  buildBatches(inv, { site: 'hq' });
  await onPush(inv);
  await afterScan(inv, scanId, { goneAfterScans: 1, log: silentLogger, now: clock.now });
  clock.advance();
  await scanAndTrack(inv, LAN, [...phone(PHONE_B), ...device('10.0.0.2', PRINTER, clock.iso()), ...device('10.0.0.7', LAPTOP, clock.iso())], clock.iso());
  const laptop = inv.devices.find(LAPTOP)!.id;
  expect(laptop).toBe(rotated);
  expect(buildBatches(inv, { site: 'hq' }).map((b) => b.seq)).toEqual([3]);
  return { inv, phone: inv.devices.find(PHONE_A)!.id, rotated, laptop };
}

async function deviceRows(s: TestFleetServer): Promise<{ id: number; mac: string }[]> {
  return (await s.pool.query<{ id: number; mac: string }>('SELECT id::int, mac FROM devices ORDER BY id')).rows;
}

/** The three devices the site holds, by id. */
function expected(inv: Inventory, phone: number, laptop: number): { id: number; mac: string }[] {
  const rows = [{ id: phone, mac: PHONE_B }, { id: inv.devices.find(PRINTER)!.id, mac: PRINTER }, { id: laptop, mac: LAPTOP }];
  return rows.sort((a, b) => a.id - b.id);
}

describe('sync --resend-all after a device merge', () => {
  it('a merge in a batch the server never acknowledged goes out again: the server holds the phone once and the laptop that took the merged id', async () => {
    const s = await server();
    const { inv, phone, laptop } = await site((i) => pushTo(i, s));
    // Batch 3 (the merge, the laptop) waits unacknowledged; the operator resends everything.
    expect(inv.sync.outboxSummary().batches).toBe(1);
    await resendAll(inv, s);

    expect(await deviceRows(s)).toEqual(expected(inv, phone, laptop));
    expect(await state(s)).toEqual(await cleanState(inv));
    inv.close();
  }, 120_000);

  it('a merge in a batch the server acknowledged and then lost (restored from a backup) goes out again; resent to a server that holds it, it does not', async () => {
    const full = await server();
    const restored = await server();
    // Both servers get batches 1 and 2; only `full` gets batch 3: `restored` is `full` before it.
    const { inv, phone, laptop } = await site(async (i) => {
      await copyOutbox(i, restored);
      await pushTo(i, full);
    });
    await pushTo(inv, full);
    expect(inv.sync.state().ackedSeq).toBe(3);

    await resendAll(inv, restored);
    expect(await deviceRows(restored)).toEqual(expected(inv, phone, laptop));
    const clean = await cleanState(inv);
    expect(await state(restored)).toEqual(clean);

    // The server that applied the merge and then got the laptop under the merged id: resending the
    // merge would fold the laptop into the phone.
    await resendAll(inv, full);
    expect(await state(full)).toEqual(clean);
    inv.close();
  }, 120_000);
});

it('an inventory batched before merges recorded their batch: those of batches still in the outbox resend, the acknowledged ones do not', () => {
  const path = tempDbPath(tempDir);
  const db = new Database(path);
  migrate(db, path, MIGRATIONS.filter((m) => m.version <= 10));
  const at = '2026-03-01T10:00:00.000Z';
  for (const [from, into] of [[5, 1], [6, 2], [7, 3], [8, 4]]) db.prepare('INSERT INTO device_merges (from_id, into_id, at) VALUES (?, ?, ?)').run(from, into, at);
  // Merges 1-3 batched: 1 in batch 4 (acknowledged), 2 and 3 in batch 5, which waits with a damaged batch 6; merge 4 not batched.
  db.prepare('UPDATE sync_state SET built_seq = 6, acked_seq = 4, merge_mark = 3').run();
  const outbox = db.prepare('INSERT INTO sync_outbox (seq, body, sha256, rows, created_at) VALUES (?, ?, ?, ?, ?)');
  outbox.run(5, Buffer.from(JSON.stringify({ seq: 5, merged: [{ from: 6, into: 2, at }, { from: 7, into: 3, at }], scans: [] })), 'x', 2, at);
  outbox.run(6, Buffer.from('{"seq":6,"merged":[{"fr'), 'x', 1, at);
  db.close();

  const inv = Inventory.open(path);
  inv.sync.restart(4);
  expect(inv.sync.state().mergeMark).toBe(1);
  expect(inv.sync.mergesAfter(inv.sync.state().mergeMark, 10).map((m) => m.from_id)).toEqual([6, 7, 8]);
  inv.close();
});
