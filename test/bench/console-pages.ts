/**
 * Console page times at 1M devices (#14): 100 sites × 10,000 devices generated with SQL
 * (generate_series) in a throwaway PostgreSQL cluster, each with a verdict of 4 evidence rows, a
 * change event and, for flagged ones, a triage decision. Each page is rendered by the app in this
 * process (app.fetch with a logged-in session, body read whole): server time, no network.
 *   devices page: first pages under 8 filter/sort combinations and pages deep by cursor;
 *   device page: random devices (flagged ones and plain ones);
 *   overview.
 * Targets: devices and device pages p95 ≤ 200 ms; overview ≤ 500 ms.
 *
 * Run: npx tsx test/bench/console-pages.ts [--sites 100] [--per-site 10000] [--runs 60]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { serverSection } from '../../src/config/server.js';
import { createApp, systemWallClock } from '../../src/server/app.js';
import { addUser } from '../../src/server/console/users.js';
import { migrate } from '../../src/server/store/migrate.js';
import { openPool } from '../../src/server/store/pool.js';
import { silentLogger } from '../../src/util/log.js';
import { startCluster } from '../helpers/pg-cluster.js';

const { values } = parseArgs({ options: { sites: { type: 'string', default: '100' }, 'per-site': { type: 'string', default: '10000' }, runs: { type: 'string', default: '60' } } });
const SITES = Number(values.sites);
const PER_SITE = Number(values['per-site']);
const RUNS = Number(values.runs);
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The fleet, in a few set-based statements (1% covered, 2% review, the rest clear). */
async function fill(pool: pg.Pool): Promise<void> {
  await pool.query(`INSERT INTO sites (name, schedule_seconds, last_sync_at, last_complete_scan_at, agent_version, agent_hostname)
    SELECT format('site-%s', s), 3600, now(), now() - interval '1 hour', '0.1.0', format('agent-%s', s) FROM generate_series(1, $1) s`, [SITES]);
  await pool.query(`INSERT INTO devices (site_id, id, mac, ip, first_seen, last_seen, name, verdict_id, status, covered, manufacturer, manufacturer_name, model, location, triage_status)
    SELECT s, i, format('02:%s:%s:%s:00:01', lpad(to_hex(s % 256), 2, '0'), lpad(to_hex(i >> 8 & 255), 2, '0'), lpad(to_hex(i & 255), 2, '0')),
      format('10.%s.%s.%s', s % 256, i >> 8, i & 255), now() - interval '60 days', now() - (i % 36) * interval '1 hour',
      format('dev-%s-%s', s, i), i,
      CASE i % 100 WHEN 0 THEN 'covered' WHEN 1 THEN 'review' WHEN 2 THEN 'review' ELSE 'clear' END,
      CASE WHEN i % 100 = 0 THEN (ARRAY['hikvision', 'dahua', 'huawei', 'zte', 'hytera'])[1 + (i / 100) % 5] END,
      CASE WHEN i % 100 = 0 THEN 'Zhejiang Dahua Technology Co., Ltd.' ELSE 'Hewlett Packard' END,
      CASE WHEN i % 100 = 0 THEN 'Dahua' ELSE 'HP' END,
      CASE WHEN i % 100 = 0 THEN 'IPC-HFW2431S' END,
      CASE WHEN i % 4 = 0 THEN jsonb_build_object('switchName', 'sw-' || s, 'switchAddress', '10.0.0.2', 'port', 'Gi1/0/' || (i % 48), 'portAlias', '', 'vlan', 20, 'confidence', 'high') END,
      CASE WHEN i % 200 = 0 THEN 'acknowledged' ELSE 'open' END
    FROM generate_series(1, $1) s CROSS JOIN generate_series(1, $2) i`, [SITES, PER_SITE]);
  await pool.query(`INSERT INTO verdicts (site_id, id, device_id, scan_id, at, status, covered, manufacturer, manufacturer_name, model, confidence, randomized_mac, evidence)
    SELECT site_id, id, id, 1, first_seen, status, covered, manufacturer, manufacturer_name, model, 0.8, false,
      (SELECT jsonb_agg(jsonb_build_object('rule', 'rule.' || k, 'kind', 'http-title', 'value', 'observed value ' || k || ' of ' || d.ip, 'source', 'http', 'certainty', 0.5, 'says', 'what rule ' || k || ' reads in it', 'entity', d.covered)) FROM generate_series(1, 4) k)
    FROM devices d`);
  await pool.query(`INSERT INTO device_ips (site_id, device_id, ip, first_seen, last_seen) SELECT site_id, id, ip, first_seen, last_seen FROM devices`);
  await pool.query(`INSERT INTO events (site_id, id, scan_id, device_id, at, type) SELECT site_id, id, 1, id, first_seen, 'new' FROM devices`);
  await pool.query(`INSERT INTO triage (uid, site_id, device_id, status, note, by, at, origin)
    SELECT md5(site_id || '/' || id), site_id, id, 'acknowledged', 'seen', 'bench', now() - interval '1 day', 'site' FROM devices WHERE triage_status = 'acknowledged'`);
  await pool.query(`INSERT INTO scans (site_id, id, started_at, finished_at, scope, ranges, engine, status, hosts, flagged)
    SELECT s, n, now() - n * interval '1 hour', now() - n * interval '1 hour' + interval '4 minutes', '10.0.0.0/16', '[]', 'native', 'complete', $2, $2 / 100
    FROM generate_series(1, $1) s CROSS JOIN generate_series(1, 24) n`, [SITES, PER_SITE]);
  await pool.query('VACUUM ANALYZE');
}

function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const cluster = await startCluster();
  try {
    const pool = openPool(cluster.url, { max: 10 });
    await migrate(pool);
    let t0 = Date.now();
    await fill(pool);
    const total = Number((await pool.query('SELECT count(*) AS n FROM devices')).rows[0].n);
    log(`${total.toLocaleString('en-US')} devices in ${SITES} sites generated in ${((Date.now() - t0) / 1000).toFixed(0)} s (${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''})`);
    await addUser(pool, 'bench', 'admin', 'bench password 1', 'bench');
    const app = createApp({ pool, config: serverSection.parse({}), log: silentLogger, clock: systemWallClock });

    // Log in as a browser would: the login form's token, then the form.
    const form = await app.request('/console/login');
    const loginCookie = form.headers.getSetCookie()[0]!.split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const loggedIn = await app.request('/console/login', {
      method: 'POST',
      headers: { Cookie: loginCookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, name: 'bench', password: 'bench password 1' }).toString(),
    });
    const cookie = loggedIn.headers.getSetCookie().find((c) => c.startsWith('lanaudit='))!.split(';')[0]!;

    const get = async (path: string): Promise<{ ms: number; body: string }> => {
      const t = process.hrtime.bigint();
      const res = await app.request(path, { headers: { Cookie: cookie } });
      const body = await res.text();
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}: ${body.slice(0, 300)}`);
      return { ms, body };
    };
    const figure = (name: string, times: number[], target: number) =>
      log(`  ${name.padEnd(44)} p50 ${percentile(times, 50).toFixed(0).padStart(4)} ms  p95 ${percentile(times, 95).toFixed(0).padStart(4)} ms  max ${Math.max(...times).toFixed(0).padStart(4)} ms  (${times.length} requests; target p95 ≤ ${target} ms)`);

    const rand = (n: number) => 1 + Math.floor(Math.random() * n);
    const site = () => `site-${rand(SITES)}`;
    const filters: [string, () => string][] = [
      ['no filter, newest first', () => ''],
      ['flagged first', () => '?sort=status'],
      ['covered', () => '?status=covered'],
      ['covered, triage open', () => '?status=covered&triage=open'],
      ['one site', () => `?site=${site()}`],
      ['one site, by address', () => `?site=${site()}&sort=ip`],
      ['entity dahua', () => '?covered=dahua&sort=last_seen'],
      ['a /24', () => `?addr=10.${rand(SITES) % 256}.0.0/24`],
      ['maker contains, covered', () => '?maker=dahua&status=covered'],
      ['name contains', () => `?name=dev-${rand(SITES)}-${rand(PER_SITE)}`],
    ];
    log(`\nserver time per page (in process, body read whole), ${RUNS} requests each after 5 warm-up:`);
    for (let i = 0; i < 5; i++) await get(`/console/devices${filters[i % filters.length]![1]()}`);
    const first: number[] = [];
    const byFilter = new Map<string, number[]>();
    for (let i = 0; i < RUNS; i++) {
      const [label, query] = filters[i % filters.length]!;
      const { ms } = await get(`/console/devices${query()}`);
      first.push(ms);
      byFilter.set(label, [...(byFilter.get(label) ?? []), ms]);
    }
    figure('devices page, first page (10 filter/sorts)', first, 200);
    for (const [label, times] of byFilter) log(`      ${label.padEnd(28)} median ${percentile(times, 50).toFixed(0).padStart(5)} ms  max ${Math.max(...times).toFixed(0).padStart(5)} ms`);

    // Deep pages: follow "next" 10 pages from a start, each a keyset step.
    const deep: number[] = [];
    let path = '/console/devices?sort=last_seen';
    while (deep.length < RUNS) {
      const { ms, body } = await get(path);
      deep.push(ms);
      const next = /<a href="([^"]+)" rel="next">/.exec(body)?.[1]?.replaceAll('&amp;', '&');
      path = next === undefined || deep.length % 10 === 0 ? `/console/devices?${['sort=last_seen', 'sort=ip', 'sort=status', `site=${site()}`][deep.length % 4]}` : next;
    }
    figure('devices page, next pages by cursor', deep, 200);

    const device: number[] = [];
    for (let i = 0; i < RUNS; i++) device.push((await get(`/console/devices/${site()}/${i % 2 === 0 ? rand(PER_SITE / 100) * 100 : rand(PER_SITE)}`)).ms);
    figure('device page (half of them covered)', device, 200);

    const over: number[] = [];
    for (let i = 0; i < Math.max(10, Math.round(RUNS / 4)); i++) over.push((await get('/console')).ms);
    figure('overview', over, 500);
    await pool.end();
  } finally {
    cluster.stop();
  }
}

await main();
