/**
 * A fleet written straight into a test database: sites, devices, verdicts, events, triage and scans as
 * sync would leave them, for the query layer's tests (independent of ingest).
 */
import type pg from 'pg';
import { migrate } from '../../../src/server/store/migrate.js';
import { openPool } from '../../../src/server/store/pool.js';

/** A pool on the database, migrated to the newest schema. */
export async function migrated(url: string): Promise<pg.Pool> {
  const pool = openPool(url, { max: 4 });
  await migrate(pool);
  return pool;
}

export interface SeedDevice {
  site: string;
  id: number;
  ip: string;
  mac: string | null;
  name: string | null;
  status: 'covered' | 'review' | 'clear' | null;
  covered: string | null;
  manufacturer: string | null;
  manufacturerName: string | null;
  brand: string | null;
  lastSeen: string;
  triage: string;
  triageUntil: string | null;
}

const ENTITIES = ['hikvision', 'dahua', 'huawei'];
const MAKERS: [string, string, string | null][] = [
  ['Hangzhou Hikvision Digital Technology Co.,Ltd.', 'Hikvision', null],
  ['Zhejiang Dahua Technology Co., Ltd.', 'Dahua', 'Amcrest'],
  ['Huawei Technologies Co.,Ltd', 'Huawei', null],
  ['Cisco Systems, Inc', 'Cisco', null],
  ['Ubiquiti Inc', 'Ubiquiti', null],
];

/** `perSite` devices in each site; last_seen takes only 3 values, so every page boundary falls in a tie. */
export function fleetDevices(sites: readonly string[], perSite: number): SeedDevice[] {
  const out: SeedDevice[] = [];
  const times = ['2026-12-01T10:00:00.000001Z', '2026-12-02T10:00:00.5Z', '2026-12-03T10:00:00Z'];
  sites.forEach((site, s) => {
    for (let i = 1; i <= perSite; i++) {
      const k = (i * 7 + s * 3) % 10;
      const status = k < 2 ? 'covered' : k < 3 ? 'review' : k < 9 ? 'clear' : null;
      const maker = MAKERS[k < 3 ? k % 3 : 3 + (k % 2)]!;
      out.push({
        site,
        id: i,
        ip: `10.${s}.${Math.floor(i / 250)}.${i % 250}`,
        mac: i % 5 === 0 ? null : `02:00:00:${s.toString(16).padStart(2, '0')}:${Math.floor(i / 256).toString(16).padStart(2, '0')}:${(i % 256).toString(16).padStart(2, '0')}`,
        name: i % 3 === 0 ? `cam-${site}-${i}` : null,
        status,
        covered: status === 'covered' ? ENTITIES[i % 3]! : null,
        manufacturer: status === null ? null : maker[0],
        manufacturerName: status === null ? null : maker[1],
        brand: status === null ? null : maker[2],
        lastSeen: times[(i + s) % 3]!,
        triage: status === 'covered' ? (['open', 'acknowledged', 'waiver', 'false-positive'][i % 4]!) : 'open',
        triageUntil: status === 'covered' && i % 4 === 2 ? (i % 8 === 2 ? '2020-01-01T00:00:00Z' : '2099-01-01T00:00:00Z') : null,
      });
    }
  });
  return out;
}

export async function insertFleet(pool: pg.Pool, sites: readonly string[], devices: readonly SeedDevice[]): Promise<void> {
  for (const name of sites) await pool.query('INSERT INTO sites (name) VALUES ($1)', [name]);
  const ids = new Map((await pool.query('SELECT id, name FROM sites')).rows.map((r) => [r.name as string, r.id as number]));
  const chunk = 500;
  for (let i = 0; i < devices.length; i += chunk) {
    const part = devices.slice(i, i + chunk);
    await pool.query(
      `INSERT INTO devices (site_id, id, ip, mac, name, status, covered, manufacturer, manufacturer_name, brand, first_seen, last_seen, triage_status, triage_until)
       SELECT * FROM unnest($1::int[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                            $11::timestamptz[], $12::timestamptz[], $13::text[], $14::timestamptz[])`,
      [
        part.map((d) => ids.get(d.site)),
        part.map((d) => d.id),
        part.map((d) => d.ip),
        part.map((d) => d.mac),
        part.map((d) => d.name),
        part.map((d) => d.status),
        part.map((d) => d.covered),
        part.map((d) => d.manufacturer),
        part.map((d) => d.manufacturerName),
        part.map((d) => d.brand),
        part.map(() => '2026-11-01T00:00:00Z'),
        part.map((d) => d.lastSeen),
        part.map((d) => d.triage),
        part.map((d) => d.triageUntil),
      ],
    );
  }
}
