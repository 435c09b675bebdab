/** A site's device merges (protocol.ts `merged`) applied by the fleet server: once, first, whatever the replays. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/server/store/pool.js';
import { applyBatchRows } from '../../src/server/sync/apply-batch.js';
import type { Batch } from '../../src/sync/protocol.js';
import { dumpSite, encode, fleetServer, makeCert, removeCert, push, type TestCert, type TestFleetServer } from './helpers.js';

const t = (minutes: number): string => new Date(Date.UTC(2026, 11, 1, 8, 0, 0) + minutes * 60_000).toISOString();
const PHONE_A = '02:5e:11:aa:00:01';
const PHONE_B = '06:5e:11:bb:00:02';

const scan = (id: number, status: 'complete' | 'interrupted'): Batch['scans'][number] => ({
  id, startedAt: t(id * 60), finishedAt: t(id * 60 + 2), scope: '10.9.0.0/24', ranges: [[168361984, 168362239]], engine: 'native', status, hosts: 2, flagged: 0, error: null,
});
const dev = (id: number, mac: string, ip: string, firstSeen: string, verdictId: number | null): Batch['devices'][number] => ({
  id, mac, ip, firstSeen, name: null, location: null, verdictId, status: verdictId === null ? null : 'clear', covered: null,
  manufacturer: null, manufacturerName: null, brand: null, model: null, serial: null, firmware: null,
});
const verdict = (id: number, deviceId: number, scanId: number): Batch['verdicts'][number] => ({
  id, deviceId, scanId, at: t(scanId * 60 + 1), status: 'clear', covered: null, manufacturer: null, manufacturerName: null, brand: null, model: null,
  serial: null, firmware: null, confidence: 0.5, randomizedMac: true, evidence: [],
});
const event = (id: number, deviceId: number, scanId: number, type: 'new' | 'changed'): Batch['events'][number] => ({
  id, scanId, deviceId, at: t(scanId * 60 + 2), type, field: type === 'new' ? null : 'mac', old: null, new: null,
});
const seen = (minutes: number) => ({ firstSeen: t(minutes), lastSeen: t(minutes + 1) });
const decision = (uid: string, deviceId: number, status: 'acknowledged' | 'waiver', at: string): Batch['triage'][number] => ({
  uid: uid.repeat(32), deviceId, status, note: null, by: 'site-admin', at, until: status === 'waiver' ? t(100_000) : null, origin: 'site',
});

function batch(seq: number, rows: Partial<Batch>): Batch {
  return {
    protocol: 1, site: 'alpha', seq, createdAt: t(seq * 60 + 5), agent: { version: '0.1.0', hostname: 'agent-host' },
    scans: [], devices: [], addresses: [], macs: [], verdicts: [], events: [], triage: [], seen: [], ...rows,
  };
}

/**
 * A phone (1) and a printer (2); an interrupted scan meets the phone under a rotated MAC (3, with a
 * decision about it) and a tablet (5); the next scan's change tracking merges 3 into the phone and
 * 5 into a device (6) the server has not been sent yet; then a laptop takes the freed id 3.
 */
const history: Batch[] = [
  batch(1, {
    scans: [scan(1, 'complete')],
    devices: [dev(1, PHONE_A, '10.9.0.50', t(60), 1), dev(2, '00:1b:a9:00:00:02', '10.9.0.2', t(60), 2)],
    addresses: [{ deviceId: 1, ip: '10.9.0.50', ...seen(60) }, { deviceId: 2, ip: '10.9.0.2', ...seen(60) }],
    macs: [{ deviceId: 1, mac: PHONE_A, ...seen(60) }, { deviceId: 2, mac: '00:1b:a9:00:00:02', ...seen(60) }],
    verdicts: [verdict(1, 1, 1), verdict(2, 2, 1)],
    events: [event(1, 1, 1, 'new'), event(2, 2, 1, 'new')],
    triage: [decision('a', 1, 'acknowledged', t(70))],
    seen: [{ scanId: 1, at: t(61), devices: [[1, 2]] }],
  }),
  batch(2, {
    scans: [scan(2, 'interrupted')],
    devices: [dev(3, PHONE_B, '10.9.0.51', t(120), 3), dev(5, '0a:00:00:00:00:05', '10.9.0.55', t(120), null)],
    addresses: [{ deviceId: 3, ip: '10.9.0.51', ...seen(120) }, { deviceId: 5, ip: '10.9.0.55', ...seen(120) }],
    macs: [{ deviceId: 3, mac: PHONE_B, ...seen(120) }, { deviceId: 5, mac: '0a:00:00:00:00:05', ...seen(120) }],
    verdicts: [verdict(3, 3, 2)],
    triage: [decision('b', 3, 'waiver', t(125))],
  }),
  batch(3, {
    merged: [{ from: 3, into: 1, at: t(181) }, { from: 5, into: 6, at: t(181) }],
    scans: [scan(3, 'complete')],
    devices: [dev(1, PHONE_B, '10.9.0.51', t(60), 4), dev(6, '0e:00:00:00:00:06', '10.9.0.55', t(100), null)],
    addresses: [{ deviceId: 1, ip: '10.9.0.50', ...seen(60) }, { deviceId: 1, ip: '10.9.0.51', ...seen(120) }, { deviceId: 6, ip: '10.9.0.55', ...seen(100) }],
    macs: [{ deviceId: 1, mac: PHONE_A, ...seen(60) }, { deviceId: 1, mac: PHONE_B, ...seen(120) }, { deviceId: 6, mac: '0e:00:00:00:00:06', ...seen(100) }],
    verdicts: [verdict(4, 1, 3)],
    events: [event(3, 1, 3, 'changed')],
    seen: [{ scanId: 3, at: t(181), devices: [[1, 2], [6, 6]] }],
  }),
  batch(4, {
    scans: [scan(4, 'complete')],
    devices: [dev(3, '3c:22:fb:00:00:05', '10.9.0.7', t(240), 5)],
    addresses: [{ deviceId: 3, ip: '10.9.0.7', ...seen(240) }],
    macs: [{ deviceId: 3, mac: '3c:22:fb:00:00:05', ...seen(240) }],
    verdicts: [verdict(5, 3, 4)],
    events: [event(4, 3, 4, 'new')],
    seen: [{ scanId: 4, at: t(241), devices: [[1, 3], [6, 6]] }],
  }),
];

describe('device merges on the fleet server', () => {
  let cert: TestCert;
  let main: TestFleetServer;
  let replay: TestFleetServer;

  beforeAll(async () => {
    cert = makeCert();
    main = await fleetServer(cert, ['alpha', 'beta']);
    replay = await fleetServer(cert, ['alpha']);
  });
  afterAll(async () => {
    await main?.close();
    await replay?.close();
    removeCert(cert);
  });

  const pushTo = (f: TestFleetServer, seq: number) => push(f.server.url, cert.cert, f.tokens['alpha']!, encode(history[seq - 1]!), seq);

  it('a history with merges, pushed with replays and reorder attempts, equals a clean replay; each device once, with all its rows', async () => {
    for (let i = 1; i <= history.length; i++) {
      if (i < history.length) expect((await pushTo(main, i + 1)).status).toBe(409);
      expect(await pushTo(main, i)).toMatchObject({ status: 200, body: { acked: i } });
      expect((await pushTo(main, i)).body.duplicate).toBe(true);
      expect((await pushTo(main, Math.max(1, i - 1))).body.duplicate).toBe(true);
    }
    for (let i = 1; i <= history.length; i++) expect((await pushTo(replay, i)).status).toBe(200);
    const dump = await dumpSite(main.pool, 'alpha');
    expect(dump).toEqual(await dumpSite(replay.pool, 'alpha'));

    const ids = (rows: unknown[], key = 'id') => rows.map((r) => Number((r as Record<string, string>)[key]));
    const of = (rows: unknown[], device: number) => rows.filter((r) => Number((r as { device_id: string }).device_id) === device);
    // The phone once, under its new MAC, since its first sighting; the laptop under the freed id; 5 became 6.
    expect(ids(dump.devices!)).toEqual([1, 2, 3, 6]);
    expect(dump.devices![0]).toMatchObject({ mac: PHONE_B, ip: '10.9.0.51', first_seen: new Date(t(60)), last_seen: new Date(t(241)), triage_status: 'waiver' });
    expect(dump.devices![2]).toMatchObject({ mac: '3c:22:fb:00:00:05', first_seen: new Date(t(240)), triage_status: 'open' });
    expect(ids(of(dump.verdicts!, 1))).toEqual([1, 3, 4]);
    expect(ids(of(dump.verdicts!, 3))).toEqual([5]);
    expect(ids(of(dump.events!, 1))).toEqual([1, 3]);
    expect(ids(of(dump.events!, 3))).toEqual([4]);
    expect(of(dump.triage!, 1).map((r) => (r as { status: string }).status)).toEqual(['acknowledged', 'waiver']);
    expect(of(dump.triage!, 3)).toEqual([]);
    expect(of(dump.device_macs!, 1).map((r) => (r as { mac: string }).mac)).toEqual([PHONE_A, PHONE_B]);
    expect(of(dump.device_ips!, 3).map((r) => (r as { ip: string }).ip)).toEqual(['10.9.0.7']);
    // Device 5's address history went with it to 6, the earliest first sighting kept.
    expect(of(dump.device_ips!, 6)).toEqual([expect.objectContaining({ ip: '10.9.0.55', first_seen: new Date(t(100)), last_seen: new Date(t(121)) })]);
    expect(of(dump.device_macs!, 6).map((r) => (r as { mac: string }).mac)).toEqual(['0a:00:00:00:00:05', '0e:00:00:00:00:06']);
  });

  it('a sighting of the merged device not yet folded into last_seen counts for the device it was merged into; its fleet alerts move with it', async () => {
    const site = (await main.pool.query<{ id: number }>("SELECT id FROM sites WHERE name = 'beta'")).rows[0]!.id;
    const apply = (b: Batch) => inTransaction(main.pool, (client) => applyBatchRows(client, site, b));
    // Applied without the fold that follows a push: the sighting of 3 is still pending when 3 is merged.
    await apply(batch(1, { devices: [dev(1, PHONE_A, '10.9.0.50', t(60), null), dev(3, PHONE_B, '10.9.0.51', t(120), null)], seen: [{ scanId: 2, at: t(500), devices: [[3, 3]] }] }));
    // Alerts keyed by the site's id (randomized MACs): 1 already alerted for one state, 3 for it and another.
    const alert = (device: number, state: string) =>
      main.pool.query('INSERT INTO fleet_alerts (device_key, state, site_id, device_id, message) VALUES ($1, $2, $3, $4, $5)', [`site:${site}:${device}`, state, site, device, 'covered']);
    await alert(1, 'covered:huawei');
    await alert(3, 'covered:huawei');
    await alert(3, 'covered:zte');
    await apply(batch(2, { merged: [{ from: 3, into: 1, at: t(500) }] }));
    const { rows } = await main.pool.query('SELECT id::int, first_seen, last_seen FROM devices WHERE site_id = $1', [site]);
    expect(rows).toEqual([{ id: 1, first_seen: new Date(t(60)), last_seen: new Date(t(500)) }]);
    // The device's alert for a state it had not alerted for takes its key: it does not alert for it again.
    const alerts = await main.pool.query('SELECT device_key, state, device_id::int FROM fleet_alerts WHERE site_id = $1 ORDER BY id', [site]);
    expect(alerts.rows).toEqual([
      { device_key: `site:${site}:1`, state: 'covered:huawei', device_id: 1 },
      { device_key: `site:${site}:3`, state: 'covered:huawei', device_id: 1 },
      { device_key: `site:${site}:1`, state: 'covered:zte', device_id: 1 },
    ]);
  });

  it('refuses a merge of a device into itself, writing nothing', async () => {
    const before = await dumpSite(main.pool, 'alpha');
    const self = batch(history.length + 1, { merged: [{ from: 1, into: 1, at: t(300) }] });
    const reply = await push(main.server.url, cert.cert, main.tokens['alpha']!, encode(self), self.seq);
    expect(reply).toEqual({ status: 400, body: { error: 'not a protocol 1 batch: merged.0: a device cannot be merged into itself' } });
    expect(await dumpSite(main.pool, 'alpha')).toEqual(before);
  });
});
