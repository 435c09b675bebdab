import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../helpers/pg-cluster.js';
import { CursorError, type DeviceSort, type FleetDeviceFilter, listDevices } from '../../../src/server/queries/index.js';
import { fleetDevices, insertFleet, migrated, type SeedDevice } from './fleet-fixture.js';

const SITES = ['hq', 'branch-b', 'branch-a'];
const seed = fleetDevices(SITES, 120);
const siteId = (name: string) => SITES.indexOf(name) + 1;
const statusKey = (s: SeedDevice['status']) => ({ covered: 3, review: 2, clear: 0 })[s ?? 'x' as never] ?? 1;
const ipKey = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const seen = (d: SeedDevice) => Date.parse(d.lastSeen);
const cmp = (a: number, b: number) => a - b;

/** The order each sort promises, written out independently of the SQL. */
const ORDER: Record<DeviceSort, (a: SeedDevice, b: SeedDevice) => number> = {
  last_seen: (a, b) => cmp(seen(b), seen(a)) || cmp(siteId(b.site), siteId(a.site)) || cmp(b.id, a.id),
  status: (a, b) => cmp(statusKey(b.status), statusKey(a.status)) || ORDER.last_seen(a, b),
  ip: (a, b) => cmp(ipKey(a.ip), ipKey(b.ip)) || cmp(siteId(a.site), siteId(b.site)) || cmp(a.id, b.id),
  site: (a, b) => cmp(siteId(a.site), siteId(b.site)) || cmp(ipKey(a.ip), ipKey(b.ip)) || cmp(a.id, b.id),
};

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await testDatabase();
  pool = await migrated(db.url);
  await insertFleet(pool, SITES, seed);
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

async function walk(filter: FleetDeviceFilter, sort: DeviceSort, limit: number): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1_000; pages++) {
    const page = await listDevices(pool, filter, { limit, ...(cursor ? { cursor } : {}) }, sort);
    keys.push(...page.items.map((d) => `${d.site}/${d.id}`));
    if (page.next === null) return keys;
    expect(page.items).toHaveLength(limit);
    cursor = page.next;
  }
  throw new Error('pagination did not end');
}

const key = (d: SeedDevice) => `${d.site}/${d.id}`;
const now = Date.now();
const inForce = (d: SeedDevice) => (d.triage === 'waiver' && d.triageUntil !== null && Date.parse(d.triageUntil) <= now ? 'open' : d.triage);

describe('listDevices', () => {
  for (const sort of ['last_seen', 'status', 'ip', 'site'] as const) {
    it(`pages through every device once, in ${sort} order, across ties`, async () => {
      expect(await walk({}, sort, 7)).toEqual([...seed].sort(ORDER[sort]).map(key));
    });
  }

  const cases: [string, FleetDeviceFilter, (d: SeedDevice) => boolean][] = [
    ['site', { site: 'branch-b' }, (d) => d.site === 'branch-b'],
    ['flagged', { flagged: true }, (d) => d.status === 'covered'],
    ['not flagged', { flagged: false }, (d) => d.status !== 'covered'],
    ['status unidentified', { status: 'unidentified' }, (d) => d.status === null],
    ['status review in one site', { status: 'review', site: 'hq' }, (d) => d.status === 'review' && d.site === 'hq'],
    ['covered entity', { covered: 'dahua' }, (d) => d.covered === 'dahua'],
    ['maker, brand included, case-insensitive', { maker: 'amCREST' }, (d) => d.brand === 'Amcrest'],
    ['maker by manufacturer', { maker: 'hikvision digital' }, (d) => d.manufacturer?.includes('Hikvision Digital') ?? false],
    ['maker with LIKE wildcards is literal', { maker: '%' }, () => false],
    ['name', { name: 'CAM-HQ-1' }, (d) => d.name?.startsWith('cam-hq-1') ?? false],
    ['ip', { ip: '10.1.0.17' }, (d) => d.ip === '10.1.0.17'],
    ['ip block', { ip: '10.2.0.0/25' }, (d) => d.ip.startsWith('10.2.0.') && Number(d.ip.split('.')[3]) < 128],
    ['mac in another notation', { mac: '0200.0001.0007' }, (d) => d.mac === '02:00:00:01:00:07'],
    ['triage open (an expired waiver is open)', { triage: 'open', flagged: true }, (d) => d.status === 'covered' && inForce(d) === 'open'],
    ['triage waiver in force', { triage: 'waiver' }, (d) => inForce(d) === 'waiver'],
    ['seen since', { since: '2026-12-02T10:00:00.5Z' }, (d) => seen(d) >= Date.parse('2026-12-02T10:00:00.5Z')],
    ['unknown site', { site: 'nowhere' }, () => false],
  ];
  for (const [what, filter, keep] of cases) {
    it(`filters: ${what}`, async () => {
      const expected = seed.filter(keep).sort(ORDER.last_seen).map(key);
      expect(await walk(filter, 'last_seen', 11)).toEqual(expected);
      // The same set in another order: the filters do not depend on the sort's index.
      expect((await walk(filter, 'ip', 13)).sort()).toEqual([...expected].sort());
    });
  }

  it('returns the device fields and the triage in force', async () => {
    const page = await listDevices(pool, { site: 'hq', ip: '10.0.0.2' });
    expect(page.items).toHaveLength(1);
    const d = page.items[0]!;
    const s = seed.find((x) => x.site === 'hq' && x.ip === '10.0.0.2')!;
    expect(d).toMatchObject({ site: 'hq', id: s.id, ip: s.ip, mac: s.mac, status: s.status ?? 'unidentified', covered: s.covered, lastSeen: new Date(s.lastSeen).toISOString() });
    expect(d.triage.status).toBe(inForce(s));
    expect(page.next).toBeNull();
  });

  it('refuses a cursor of another sort, a damaged one and an unbounded page', async () => {
    const page = await listDevices(pool, {}, { limit: 2 }, 'ip');
    await expect(listDevices(pool, {}, { cursor: page.next! }, 'last_seen')).rejects.toThrow(CursorError);
    await expect(listDevices(pool, {}, { cursor: 'bm90IGEgY3Vyc29y' }, 'ip')).rejects.toThrow(CursorError);
    await expect(listDevices(pool, {}, { cursor: Buffer.from(JSON.stringify(['ip', 'x', 1, 1])).toString('base64url') }, 'ip')).rejects.toThrow(CursorError);
    await expect(listDevices(pool, {}, { limit: 100_000 })).rejects.toThrow(/limit/);
    await expect(listDevices(pool, { mac: 'zz' })).rejects.toThrow(/MAC/);
  });
});
