import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../helpers/pg-cluster.js';
import { deviceDetail, listChanges, overview, siteHealth } from '../../../src/server/queries/index.js';
import { fleetDevices, insertFleet, migrated } from './fleet-fixture.js';

let db: TestDatabase;
let pool: pg.Pool;
const SITES = ['east', 'west'];
const evidence = [{ rule: 'oui.registrant', kind: 'mac', value: '<script>x</script>', source: 'arp', certainty: 0.9, says: 'MAC prefix is Hikvision', entity: 'hikvision' }];

beforeAll(async () => {
  db = await testDatabase();
  pool = await migrated(db.url);
  await insertFleet(pool, SITES, fleetDevices(SITES, 40));
  // east/10: a camera identified twice, moved address, its MAC rotated, with events and two decisions.
  await pool.query(`UPDATE devices SET verdict_id = 2 WHERE site_id = 1 AND id = 10`);
  for (const [id, status, at] of [[1, 'review', '2026-11-01T00:00:00Z'], [2, 'covered', '2026-11-02T00:00:00Z']] as const) {
    await pool.query(
      `INSERT INTO verdicts (site_id, id, device_id, scan_id, at, status, covered, manufacturer, manufacturer_name, confidence, randomized_mac, evidence)
       VALUES (1, $1, 10, $1, $2, $3, $4, 'Hangzhou Hikvision', 'Hikvision', 0.9, false, $5)`,
      [id, at, status, status === 'covered' ? 'hikvision' : null, JSON.stringify(id === 2 ? evidence : [])],
    );
  }
  await pool.query(`INSERT INTO device_ips VALUES (1, 10, '10.0.0.99', '2026-10-01Z', '2026-10-31Z'), (1, 10, '10.0.0.10', '2026-11-01Z', '2026-12-03Z')`);
  await pool.query(`INSERT INTO device_macs VALUES (1, 10, '02:00:00:00:00:0a', '2026-11-01Z', '2026-12-03Z')`);
  // Events: 30 per site with shared times (ties), one type "changed" each fifth.
  for (let site = 1; site <= 2; site++)
    for (let i = 1; i <= 30; i++)
      await pool.query(`INSERT INTO events (site_id, id, scan_id, device_id, at, type, field, old, new) VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8)`, [
        site, i, (i % 40) + 1, `2026-12-0${(i % 3) + 1}T00:00:00Z`, i % 5 === 0 ? 'changed' : 'new', i % 5 === 0 ? 'ip' : null, i % 5 === 0 ? '10.9.9.9' : null, i % 5 === 0 ? '10.0.0.1' : null,
      ]);
  await pool.query(
    `INSERT INTO triage (uid, site_id, device_id, status, note, by, at, until, origin) VALUES
     ('${'a'.repeat(32)}', 1, 10, 'acknowledged', 'seen it', 'ann', '2026-11-03Z', null, 'site'),
     ('${'b'.repeat(32)}', 1, 10, 'waiver', 'until replaced', 'bob', '2026-11-04Z', '2099-01-01Z', 'central')`,
  );
  await pool.query(`UPDATE devices SET triage_status = 'waiver', triage_until = '2099-01-01Z' WHERE site_id = 1 AND id = 10`);
  for (let site = 1; site <= 2; site++)
    for (let i = 1; i <= 12; i++)
      await pool.query(
        `INSERT INTO scans (site_id, id, started_at, finished_at, scope, ranges, engine, status, hosts, flagged) VALUES ($1, $2, $3, $3, '10.0.0.0/24', '[]', 'native', 'complete', 40, $4)`,
        [site, i, new Date(Date.UTC(2026, 10, i)).toISOString(), i + site],
      );
  await pool.query(`UPDATE sites SET last_sync_at = '2026-12-05T00:00:00Z', last_complete_scan_at = '2026-12-04T23:00:00Z', schedule_seconds = 3600, agent_version = '0.1.0', failed_pushes = 2, last_error = 'timeout' WHERE name = 'east'`);
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('deviceDetail', () => {
  it('returns the device, its verdict with evidence, histories, events and decisions', async () => {
    const d = await deviceDetail(pool, 'east', 10);
    expect(d).not.toBeNull();
    expect(d!.device).toMatchObject({ site: 'east', id: 10, ip: '10.0.0.10' });
    expect(d!.device.triage).toMatchObject({ status: 'waiver', by: 'bob', note: 'until replaced', until: '2099-01-01T00:00:00.000Z' });
    expect(d!.verdict).toMatchObject({ id: 2, status: 'covered', covered: 'hikvision', evidence });
    expect(d!.verdicts.map((v) => v.id)).toEqual([2, 1]);
    expect(d!.addresses.map((a) => a.value)).toEqual(['10.0.0.10', '10.0.0.99']);
    expect(d!.macs.map((a) => a.value)).toEqual(['02:00:00:00:00:0a']);
    expect(d!.events.every((e) => e.deviceId === 10 && e.site === 'east')).toBe(true);
    expect(d!.events.map((e) => e.id)).toEqual([9]);
    expect(d!.triage.map((t) => [t.status, t.origin])).toEqual([['waiver', 'central'], ['acknowledged', 'site']]);
  });

  it('is null for another site’s id or an unknown device', async () => {
    expect(await deviceDetail(pool, 'nowhere', 10)).toBeNull();
    expect(await deviceDetail(pool, 'east', 4_000)).toBeNull();
    expect(await deviceDetail(pool, 'west', 10)).not.toBeNull();
  });
});

describe('listChanges', () => {
  async function all(filter: Parameters<typeof listChanges>[1], limit: number): Promise<string[]> {
    const out: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listChanges(pool, filter, { limit, ...(cursor ? { cursor } : {}) });
      out.push(...page.items.map((e) => `${e.site}/${e.id}`));
      cursor = page.next ?? undefined;
    } while (cursor !== undefined);
    return out;
  }

  it('pages newest first without gaps or repeats across ties', async () => {
    const expected: string[] = [];
    for (let day = 3; day >= 1; day--)
      for (let site = 2; site >= 1; site--) for (let i = 30; i >= 1; i--) if ((i % 3) + 1 === day) expected.push(`${SITES[site - 1]}/${i}`);
    expect(await all({}, 7)).toEqual(expected);
    expect(await all({ site: 'west' }, 4)).toEqual(expected.filter((k) => k.startsWith('west/')));
  });

  it('filters by type and time and names the device', async () => {
    const changed = await listChanges(pool, { type: 'changed', since: '2026-12-02T00:00:00Z', site: 'east' });
    expect(changed.items.map((e) => e.id)).toEqual([20, 5, 25, 10]);
    expect(changed.items[0]).toMatchObject({ type: 'changed', field: 'ip', old: '10.9.9.9', new: '10.0.0.1', ip: '10.0.0.21', deviceId: 21 });
  });
});

describe('overview and site health', () => {
  it('counts open covered devices by site and entity, the review queue and the trend', async () => {
    const o = await overview(pool, { scans: 5, now: new Date('2026-12-05T01:00:00Z') });
    const devices = fleetDevices(SITES, 40);
    const now = Date.now();
    const open = devices.filter((d) => d.status === 'covered' && !(d.site === 'east' && d.id === 10) && (d.triage === 'open' || (d.triage === 'waiver' && Date.parse(d.triageUntil!) <= now)));
    for (const site of SITES) {
      const s = o.sites.find((x) => x.site === site)!;
      expect(s.openCovered).toBe(open.filter((d) => d.site === site).length);
      expect(s.devices).toBe(40);
      expect(s.trend.map((p) => p.scanId)).toEqual([8, 9, 10, 11, 12]);
      expect(s.trend.map((p) => p.flagged)).toEqual([8, 9, 10, 11, 12].map((i) => i + SITES.indexOf(site) + 1));
      for (const entity of ['hikvision', 'dahua', 'huawei'])
        expect(o.openCovered.find((r) => r.site === site && r.entity === entity)?.count ?? 0).toBe(open.filter((d) => d.site === site && d.covered === entity).length);
    }
    expect(o.reviewQueue).toBe(devices.filter((d) => d.status === 'review').length);
    // east synced an hour ago on an hourly schedule; west never synced and was enrolled just now (not yet 24 h).
    expect(o.stale).toEqual([]);
  });

  it('marks a site stale when silent for more than twice its schedule, or a day when unknown', async () => {
    const at = (iso: string) => siteHealth(pool, new Date(iso));
    const east = (await at('2026-12-05T01:59:00Z')).find((h) => h.site === 'east')!;
    expect(east).toMatchObject({ stale: false, silentSeconds: 7_140, lagSeconds: 3_600, agentVersion: '0.1.0', failedPushes: 2, lastError: 'timeout', scheduleSeconds: 3_600 });
    expect((await at('2026-12-05T02:00:01Z')).find((h) => h.site === 'east')!.stale).toBe(true);
    const later = new Date(Date.now() + 25 * 3_600_000).toISOString();
    expect((await at(later)).find((h) => h.site === 'west')).toMatchObject({ stale: true, lastSyncAt: null, lagSeconds: null });
  });
});
