import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFleetReport } from '../../../src/server/api/fleet-report.js';
import type { FleetDeviceFilter } from '../../../src/server/queries/index.js';
import { testDatabase, type TestDatabase } from '../../helpers/pg-cluster.js';
import { fleetDevices, insertFleet, migrated, type SeedDevice } from './fleet-fixture.js';

// Enrolled out of name order, so an order by site id differs from the listing's order by site name.
const SITES = ['hq', 'branch-b', 'branch-a'];
const seed: SeedDevice[] = [
  ...fleetDevices(SITES, 300),
  // Addresses whose text order differs from their numeric order, and one that is no IPv4 address (listed first).
  { ...fleetDevices(['hq'], 1)[0]!, id: 1_001, ip: '10.0.0.10' },
  { ...fleetDevices(['hq'], 1)[0]!, id: 1_002, ip: '10.0.0.9' },
  { ...fleetDevices(['hq'], 1)[0]!, id: 1_003, ip: 'fe80::1' },
];
const ipKey = (ip: string) => (/^\d+\.\d+\.\d+\.\d+$/.test(ip) ? ip.split('.').reduce((n, o) => n * 256 + Number(o), 0) : -1);

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await testDatabase();
  pool = await migrated(db.url);
  await insertFleet(pool, SITES, seed);
  // Each identified device's current verdict carries evidence naming the device, to check it is read with its own row.
  await pool.query(`INSERT INTO verdicts (site_id, id, device_id, scan_id, at, status, confidence, randomized_mac, evidence)
    SELECT site_id, id + 5000, id, 1, first_seen, status, 0.5, false, jsonb_build_array(jsonb_build_object('rule', 'r', 'says', 'device ' || site_id || '/' || id)) FROM devices WHERE status IS NOT NULL`);
  await pool.query('UPDATE devices SET verdict_id = id + 5000 WHERE status IS NOT NULL');
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

async function csvRows(filter: FleetDeviceFilter): Promise<Record<string, string>[]> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeFleetReport(pool, { format: 'csv', filter, facts: {}, now: new Date('2026-12-05T00:00:00Z') }, out);
  return parse(Buffer.concat(chunks).toString('utf8'), { columns: true }) as Record<string, string>[];
}

describe('fleet report listing order', () => {
  it.each([
    ['every device', {}],
    ['flagged', { flagged: true }],
    ['one site', { site: 'hq' }],
  ] as [string, FleetDeviceFilter][])('%s: by site name, then address as a number, then id; each with its own evidence', async (_label, filter) => {
    const ids = new Map(SITES.map((name, i) => [name, i + 1]));
    const expected = seed
      .filter((d) => (filter.flagged ? d.status === 'covered' : true) && (filter.site === undefined || d.site === filter.site))
      .sort((a, b) => (a.site < b.site ? -1 : a.site > b.site ? 1 : ipKey(a.ip) - ipKey(b.ip) || a.id - b.id))
      .map((d) => `${d.site} ${d.ip} ${d.status === null ? '' : `device ${ids.get(d.site)}/${d.id}`}`);
    const rows = await csvRows(filter);
    expect(rows.map((r) => `${r['site']} ${r['ip']} ${r['evidence']!.replace('r: ', '')}`)).toEqual(expected);
  });
});
