import Database from 'better-sqlite3';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { buildBatches } from '../../src/sync/build-batches.js';
import { pushOutbox, type FleetEndpoint } from '../../src/sync/push.js';
import { syncNow } from '../../src/sync/sync-now.js';
import type { CentralDecision } from '../../src/sync/protocol.js';
import { tempDbPath, useTempDirs } from '../changes/helpers.js';
import { scanDevices, StubServer, testClock } from './helpers.js';

const tempDir = useTempDirs();
const SITE = 'hq';
let stub: StubServer;

beforeEach(async () => {
  stub = await new StubServer().start();
});
afterEach(async () => {
  await stub.stop();
});

const endpoint = (over: Partial<FleetEndpoint> = {}): FleetEndpoint => ({ url: stub.url, token: stub.token, timeoutMs: 5_000, ...over });

/** A site of `devices` devices, `scans` scans, its history built into batches of at most `maxRows` rows. */
async function site(devices = 10, scans = 1, maxRows?: number): Promise<{ inv: Inventory; path: string }> {
  const path = tempDbPath(tempDir);
  const clock = testClock();
  const inv = Inventory.open(path, { now: clock.now });
  for (let i = 0; i < scans; i++) {
    await scanDevices(inv, devices, clock.iso(), 2);
    clock.advance();
  }
  buildBatches(inv, { site: SITE, ...(maxRows ? { maxRows } : {}) });
  return { inv, path };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function decision(id: number, deviceId: number, over: Partial<CentralDecision> = {}): CentralDecision {
  return { id, uid: id.toString(16).padStart(32, '0'), deviceId, status: 'waiver', note: 'W-7', by: 'officer', at: '2026-03-05T09:00:00.000Z', until: '2099-01-01T00:00:00.000Z', origin: 'central', ...over };
}

describe('pushing the outbox', () => {
  it('sends every batch in seq order with the protocol headers; acknowledged batches leave the outbox', async () => {
    const { inv } = await site(10, 2, 7);
    const built = inv.sync.state().builtSeq;
    expect(built).toBeGreaterThan(2);
    const report = await pushOutbox(inv, endpoint());
    expect(report).toMatchObject({ ok: true, acked: built, sent: built, waiting: 0, error: null });
    expect(stub.posts().map((r) => Number(r.headers['x-lanaudit-seq']))).toEqual(Array.from({ length: built }, (_, i) => i + 1));
    expect(stub.applied.flatMap((b) => b.devices).map((d) => d.id).sort((a, b) => a - b)).toEqual(inv.devices.ids());
    expect(inv.sync.state()).toMatchObject({ ackedSeq: built, lastError: null });
    expect(inv.sync.state().lastPushAt).not.toBeNull();
    inv.close();
  });

  it('a push with nothing new costs exactly one small request (the position, which brings decisions)', async () => {
    const { inv } = await site(5);
    await pushOutbox(inv, endpoint());
    stub.requests.length = 0;
    const report = await syncNow(inv, { url: stub.url, site: SITE, token: stub.token, alerts: 'local' }, endpoint());
    expect(report).toMatchObject({ ok: true, sent: 0, built: [] });
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/sync/position']);
    inv.close();
  });

  it('a network error keeps the batch; the next push sends the same bytes', async () => {
    const { inv } = await site(5);
    const before = inv.sync.nextBatch(1)!;
    const down = await pushOutbox(inv, endpoint({ url: `http://127.0.0.1:${await closedPort()}` }));
    expect(down.ok).toBe(false);
    expect(down.error).toMatch(/batch 1 not sent: .*ECONNREFUSED.*stays in the outbox/);
    expect(down.waiting).toBe(1);
    expect(inv.sync.state().lastError).toMatch(/batch 1 not sent/);
    // The server drops the connection mid-request: still kept.
    stub.intercept = () => 'drop';
    expect((await pushOutbox(inv, endpoint())).waiting).toBe(1);
    stub.intercept = undefined;
    const up = await pushOutbox(inv, endpoint());
    expect(up).toMatchObject({ ok: true, sent: 1, waiting: 0 });
    expect(stub.posts().at(-1)!.body.equals(before.body)).toBe(true);
    expect(inv.sync.outboxSummary().batches).toBe(0);
    expect(inv.sync.state().lastError).toBeNull();
    inv.close();
  });

  it('a server that goes silent: the request ends after the idle timeout, the batch is kept', async () => {
    const { inv } = await site(5);
    stub.intercept = () => 'hang';
    const report = await pushOutbox(inv, endpoint({ timeoutMs: 300 }));
    expect(report).toMatchObject({ ok: false, waiting: 1 });
    expect(report.error).toMatch(/batch 1 not sent: the connection was silent for 0.3 s/);
    inv.close();
  });

  it('a server that already holds the batches answers duplicates; the site moves on to the next', async () => {
    const { inv, path } = await site(6, 2, 5);
    const built = inv.sync.state().builtSeq;
    // The server took the first two batches, but the site never heard (a cut link after the apply).
    inv.close();
    const db = new Database(path);
    const bodies = db.prepare<[], { seq: number; body: Buffer; sha256: string }>('SELECT seq, body, sha256 FROM sync_outbox ORDER BY seq').all();
    db.close();
    for (const b of bodies.slice(0, 2)) {
      stub.acked = b.seq;
      stub.hashes.set(b.seq, b.sha256);
    }
    const reopened = Inventory.open(path);
    const report = await pushOutbox(reopened, endpoint());
    expect(report).toMatchObject({ ok: true, acked: built, duplicates: 1, waiting: 0 });
    // The duplicate answer moved the site past both batches the server had: batch 2 was never resent.
    expect(stub.posts().map((r) => Number(r.headers['x-lanaudit-seq']))).toEqual([1, ...Array.from({ length: built - 2 }, (_, i) => i + 3)]);
    reopened.close();
  });

  it('409 out of order: the site resends from the seq the server expects (sent batches are kept until acknowledged)', async () => {
    const { inv, path } = await site(6, 2, 5);
    const built = inv.sync.state().builtSeq;
    inv.close();
    // The site believes batch 1 acknowledged, but the server (restored from a backup) holds nothing.
    const db = new Database(path);
    db.prepare('UPDATE sync_state SET acked_seq = 1').run();
    db.close();
    const reopened = Inventory.open(path);
    const report = await pushOutbox(reopened, endpoint());
    expect(report).toMatchObject({ ok: true, acked: built, waiting: 0 });
    expect(stub.posts().map((r) => Number(r.headers['x-lanaudit-seq']))).toEqual([2, ...Array.from({ length: built }, (_, i) => i + 1)]);
    expect(stub.applied.map((b) => b.seq)).toEqual(Array.from({ length: built }, (_, i) => i + 1));
    reopened.close();
  });

  it('409 for a batch the site no longer holds: stops and says what to do', async () => {
    const { inv } = await site(6, 1);
    await pushOutbox(inv, endpoint());
    await scanDevices(inv, 6, new Date().toISOString());
    buildBatches(inv, { site: SITE });
    // A new, empty server.
    stub.acked = 0;
    stub.hashes.clear();
    const report = await pushOutbox(inv, endpoint());
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/expects batch 1, which this site no longer holds.*--resend-all/);
    expect(report.waiting).toBe(1);
    inv.close();
  });

  it('409 for a batch the server holds with other bytes (a forked history): stops, keeps it, sends nothing more', async () => {
    const { inv } = await site(6, 2, 5);
    stub.acked = 1;
    stub.hashes.set(1, 'f'.repeat(64));
    const report = await pushOutbox(inv, endpoint());
    expect(report).toMatchObject({ ok: false, sent: 0 });
    expect(report.error).toMatch(/holds another batch 1 for this site \(its history forked/);
    expect(stub.posts()).toHaveLength(1);
    expect(inv.sync.nextBatch(1)?.seq).toBe(1);
    inv.close();
  });

  it('401 stops with a message and keeps every batch; status keeps the error', async () => {
    const { inv } = await site(5, 1, 3);
    const waiting = inv.sync.outboxSummary().batches;
    const report = await pushOutbox(inv, endpoint({ token: 'revoked-token-0123456789' }));
    expect(report).toMatchObject({ ok: false, sent: 0, waiting });
    expect(report.error).toMatch(/refused the site token \(unknown or revoked\) for batch 1.*server says: unknown or revoked token/);
    expect(stub.posts()).toHaveLength(1);
    expect(inv.sync.state().lastError).toBe(report.error);
    inv.close();
  });

  it('413 and 403 stop with what they mean', async () => {
    const { inv } = await site(5);
    stub.intercept = () => ({ status: 413, body: { error: 'too large' } });
    expect((await pushOutbox(inv, endpoint())).error).toMatch(/batch 1 \(\d+ bytes\) as too large: this agent's batch limits/);
    stub.intercept = () => ({ status: 403, body: { error: 'this token belongs to site b, not hq' } });
    expect((await pushOutbox(inv, endpoint())).error).toMatch(/token belongs to another site than fleet.site.*site b, not hq/);
    expect(inv.sync.outboxSummary().batches).toBe(1);
    inv.close();
  });

  it('applies central decisions once, as made centrally; one for a device the site no longer has is kept as an error line', async () => {
    const { inv } = await site(5);
    const device = inv.devices.ids()[1]!;
    stub.decisions = [decision(3, device), decision(4, 999)];
    const first = await pushOutbox(inv, endpoint());
    expect(first).toMatchObject({ ok: true, decisionsApplied: 1 });
    expect(first.skippedDecisions).toEqual([expect.stringMatching(/central decision 0+4 .* is for device 999, which this site no longer has/)]);
    expect(inv.sync.state().decisionsAfter).toBe(4);
    expect(inv.sync.skippedDecisions()).toBe(1);
    expect(inv.triage.current().get(device)).toMatchObject({ status: 'waiver', by: 'officer', note: 'W-7', at: '2026-03-05T09:00:00.000Z', until: '2099-01-01T00:00:00.000Z', origin: 'central' });
    // The next request asks for decisions after 4 only; a server that sends them again changes nothing.
    stub.requests.length = 0;
    await pushOutbox(inv, endpoint());
    expect(stub.requests[0]!.query.get('decisionsAfter')).toBe('4');
    stub.decisions = stub.decisions.map((d) => ({ ...d, id: d.id + 10 }));
    await pushOutbox(inv, endpoint());
    expect(inv.triage.history(device)).toHaveLength(1);
    // A decision received here is not sent back to the server.
    await scanDevices(inv, 5, new Date().toISOString());
    buildBatches(inv, { site: SITE });
    await pushOutbox(inv, endpoint());
    expect(stub.applied.flatMap((b) => b.triage)).toEqual([]);
    inv.close();
  });
});
