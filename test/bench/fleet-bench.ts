/**
 * Fleet queries and reports at 1M devices (#13, #14): 100 sites × 10,000 devices generated with SQL
 * (generate_series) in a throwaway PostgreSQL cluster, each device with a verdict carrying 4 pieces
 * of evidence. Measures, with the plans PostgreSQL chose:
 *   - the query layer's listings (first page, a deep page by cursor, each filter and sort), median of 5;
 *   - `lanaudit fleet devices --flagged --json` from the built CLI against a server process;
 *   - `lanaudit fleet report` CSV and FAR (Markdown) over all devices: devices/s and the server's peak RSS.
 * Targets: queries ≤ 1 s, reports ≥ 50,000 devices/s with server RSS ≤ 300 MB.
 *
 * Run after `npm run build`: npx tsx test/bench/fleet-bench.ts [--sites 100] [--per-site 10000]
 * The server runs as a child of this script (this file with --serve) on 127.0.0.1, plain HTTP (loopback).
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync, mkdtempSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import pg from 'pg';
import { serverSection } from '../../src/config/server.js';
import { createApp, systemWallClock } from '../../src/server/app.js';
import { addReadToken } from '../../src/server/auth/read-tokens.js';
import { listen } from '../../src/server/listen.js';
import { type DeviceSort, type FleetDeviceFilter, listDevices, listChanges, overview } from '../../src/server/queries/index.js';
import { migrate } from '../../src/server/store/migrate.js';
import { openPool } from '../../src/server/store/pool.js';
import { createLogger } from '../../src/util/log.js';
import { BIN } from '../helpers/cli.js';
import { startCluster } from '../helpers/pg-cluster.js';

const { values } = parseArgs({ options: { sites: { type: 'string', default: '100' }, 'per-site': { type: 'string', default: '10000' }, serve: { type: 'string' } } });

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function generate(pool: pg.Pool, sites: number, perSite: number): Promise<void> {
  await pool.query(`INSERT INTO sites (name, schedule_seconds, last_sync_at, last_complete_scan_at, agent_version)
    SELECT 'site-' || lpad(s::text, 3, '0'), 3600, now() - (s % 7) * interval '1 hour', now() - interval '70 minutes', '0.1.0' FROM generate_series(1, $1) s`, [sites]);
  // Status mix: 1% covered, 2% review, 7% not identified, the rest clear; last_seen in 24 values (ties).
  await pool.query(`INSERT INTO devices (site_id, id, mac, ip, first_seen, last_seen, name, verdict_id, status, covered, manufacturer, manufacturer_name, brand, model, serial, firmware, triage_status)
    SELECT s, i, '02:' || lpad(to_hex(s), 2, '0') || ':00:' || lpad(to_hex(i / 256 % 256), 2, '0') || ':' || lpad(to_hex(i % 256), 2, '0') || ':01',
      '10.' || (s % 256) || '.' || (i / 256) || '.' || (i % 256),
      now() - interval '90 days', now() - (i % 24) * interval '1 hour',
      CASE WHEN i % 3 = 0 THEN 'host-' || s || '-' || i END,
      CASE WHEN i % 100 BETWEEN 3 AND 9 THEN NULL ELSE i END,
      CASE WHEN i % 100 = 0 THEN 'covered' WHEN i % 100 IN (1, 2) THEN 'review' WHEN i % 100 BETWEEN 3 AND 9 THEN NULL ELSE 'clear' END,
      CASE WHEN i % 100 = 0 THEN (ARRAY['hikvision', 'dahua', 'huawei', 'zte', 'hytera'])[1 + i / 100 % 5] END,
      CASE WHEN i % 100 BETWEEN 3 AND 9 THEN NULL WHEN i % 100 = 0 THEN 'Hangzhou Hikvision Digital Technology Co.,Ltd.' ELSE (ARRAY['Cisco Systems, Inc', 'Ubiquiti Inc', 'Hewlett Packard', 'Apple, Inc.', 'Dell Inc.'])[1 + i % 5] END,
      CASE WHEN i % 100 BETWEEN 3 AND 9 THEN NULL WHEN i % 100 = 0 THEN 'Hikvision' ELSE (ARRAY['Cisco', 'Ubiquiti', 'HP', 'Apple', 'Dell'])[1 + i % 5] END,
      CASE WHEN i % 500 = 0 THEN 'Amcrest' END,
      CASE WHEN i % 100 = 0 THEN 'DS-2CD2143G2-I' END, NULL, NULL,
      CASE WHEN i % 400 = 0 THEN 'acknowledged' ELSE 'open' END
    FROM generate_series(1, $1) s, generate_series(1, $2) i`, [sites, perSite]);
  await pool.query(`INSERT INTO verdicts (site_id, id, device_id, scan_id, at, status, covered, manufacturer, manufacturer_name, confidence, randomized_mac, evidence)
    SELECT d.site_id, d.id, d.id, 1, d.first_seen, d.status, d.covered, d.manufacturer, d.manufacturer_name, 0.9, false,
      jsonb_build_array(
        jsonb_build_object('rule', 'oui.registrant', 'kind', 'mac', 'value', d.mac, 'source', 'neigh', 'certainty', 0.9, 'says', 'MAC prefix is registered to ' || coalesce(d.manufacturer, '?'), 'entity', d.covered),
        jsonb_build_object('rule', 'http.title', 'kind', 'http.title', 'value', 'Web Viewer', 'port', 80, 'source', 'http', 'certainty', 0.5, 'says', 'The web page title names the maker', 'entity', d.covered),
        jsonb_build_object('rule', 'snmp.sysdescr', 'kind', 'snmp.sysDescr', 'value', 'Switch firmware 1.2.3 build 2026', 'source', 'snmp', 'certainty', 0.7, 'says', 'sysDescr names the maker and the model', 'entity', NULL),
        jsonb_build_object('rule', 'mdns.model', 'kind', 'mdns.txt', 'value', 'model=' || coalesce(d.model, 'x'), 'source', 'mdns', 'certainty', 0.6, 'says', 'mDNS TXT states the model', 'entity', NULL))
    FROM devices d WHERE d.verdict_id IS NOT NULL`);
  await pool.query(`INSERT INTO events (site_id, id, scan_id, device_id, at, type, field, old, new)
    SELECT s, i, 1, i, now() - (i % 48) * interval '1 hour', (ARRAY['new', 'gone', 'changed', 'reappeared'])[1 + i % 4], CASE WHEN i % 4 = 2 THEN 'ip' END, NULL, NULL
    FROM generate_series(1, $1) s, generate_series(1, $2 / 10) i`, [sites, perSite]);
  await pool.query(`INSERT INTO scans (site_id, id, started_at, finished_at, scope, ranges, engine, status, hosts, flagged)
    SELECT s, n, now() - n * interval '1 hour', now() - n * interval '1 hour' + interval '5 minutes', '10.0.0.0/16', '[]', 'native', 'complete', $2, $2 / 100
    FROM generate_series(1, $1) s, generate_series(1, 20) n`, [sites, perSite]);
  await pool.query('VACUUM ANALYZE');
}

/** Records the last statement a query-layer call ran, to EXPLAIN it. */
function capturing(pool: pg.Pool): { db: Pick<pg.Pool, 'query'>; last: () => [string, unknown[]] } {
  let last: [string, unknown[]] = ['', []];
  const db = { query: ((sql: string, params: unknown[]) => ((last = [sql, params]), pool.query(sql, params))) as unknown as pg.Pool['query'] };
  return { db, last: () => last };
}

async function plan(pool: pg.Pool, [sql, params]: [string, unknown[]]): Promise<string> {
  const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
  const root = (rows[0]['QUERY PLAN'] as { Plan: PlanNode; 'Execution Time': number }[])[0]!;
  const nodes: string[] = [];
  const walk = (n: PlanNode) => {
    nodes.push(n['Index Name'] ? `${n['Node Type']} ${n['Index Name']}` : n['Node Type']);
    for (const c of n.Plans ?? []) walk(c);
  };
  walk(root.Plan);
  return `${root['Execution Time'].toFixed(1)} ms: ${[...new Set(nodes)].filter((n) => !/^(Limit|Result|Nested Loop|Subquery Scan|InitPlan)$/.test(n)).join(', ')}`;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function peakRss(pid: number): number {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

async function bench(sites: number, perSite: number): Promise<void> {
  const total = sites * perSite;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GB; node ${process.version}`);
  const cluster = await startCluster();
  const work = mkdtempSync(path.join(tmpdir(), 'lanaudit-fleet-bench-'));
  let child: ReturnType<typeof spawn> | undefined;
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE fleet');
    await admin.end();
    const url = new URL(cluster.url);
    url.pathname = '/fleet';
    const pool = openPool(url.toString(), { max: 4 });
    await migrate(pool);
    let t0 = process.hrtime.bigint();
    await generate(pool, sites, perSite);
    log(`generated ${sites} sites × ${perSite} devices (${total.toLocaleString('en-US')}) with verdicts and evidence in ${(ms(t0) / 1000).toFixed(1)} s`);

    // The query layer, in process: median of 5 and the plan of the last run.
    const cap = capturing(pool);
    const cases: [string, FleetDeviceFilter, DeviceSort, boolean][] = [
      ['newest first, page 1', {}, 'last_seen', false],
      ['newest first, a deep page', {}, 'last_seen', true],
      ['flagged', { flagged: true }, 'last_seen', false],
      ['flagged, a deep page', { flagged: true }, 'last_seen', true],
      ['one site', { site: 'site-050' }, 'last_seen', false],
      ['one site, a deep page', { site: 'site-050' }, 'last_seen', true],
      ['status sort, deep', {}, 'status', true],
      ['ip sort, deep', {}, 'ip', true],
      ['site sort, deep', {}, 'site', true],
      ['maker "hikvision"', { maker: 'hikvision' }, 'last_seen', false],
      ['maker "amcrest" (rare)', { maker: 'amcrest' }, 'last_seen', false],
      ['maker "nobody" (no match)', { maker: 'nobody' }, 'last_seen', false],
      ['name contains "-77"', { name: '-77' }, 'last_seen', false],
      ['ip 10.50.0.0/24', { ip: '10.50.0.0/24' }, 'last_seen', false],
      ['mac', { mac: '02:32:00:00:10:01' }, 'last_seen', false],
      ['triage acknowledged', { triage: 'acknowledged' }, 'last_seen', false],
      ['covered dahua, open', { covered: 'dahua', triage: 'open' }, 'last_seen', false],
      ['seen in the last 2 h', { since: new Date(Date.now() - 2 * 3_600_000).toISOString() }, 'last_seen', false],
    ];
    log('\nquery layer (100 rows a page; median of 5; plan of the last run)');
    for (const [label, filter, sort, deep] of cases) {
      let cursor: string | undefined;
      if (deep) {
        // A cursor far into the listing: the 2,000th page's start, reached by walking 1,000-row pages.
        for (let i = 0; i < 20; i++) cursor = (await listDevices(pool, filter, { limit: 1_000, ...(cursor ? { cursor } : {}) }, sort)).next ?? cursor;
      }
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        t0 = process.hrtime.bigint();
        await listDevices(cap.db, filter, { limit: 100, ...(cursor ? { cursor } : {}) }, sort);
        times.push(ms(t0));
      }
      log(`  ${label.padEnd(28)} ${median(times).toFixed(1).padStart(7)} ms   plan ${await plan(pool, cap.last())}`);
    }
    for (const [label, fn] of [
      ['changes page 1', () => listChanges(cap.db, {}, { limit: 100 })],
      ['overview', () => overview(cap.db)],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        t0 = process.hrtime.bigint();
        await fn();
        times.push(ms(t0));
      }
      log(`  ${label.padEnd(28)} ${median(times).toFixed(1).padStart(7)} ms`);
    }

    // The server as its own process, the CLI as a user runs it.
    const { token } = await addReadToken(pool, 'bench', 'bench');
    child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--serve', url.toString()], { stdio: ['ignore', 'pipe', 'inherit'] });
    const serverUrl = await new Promise<string>((resolve, reject) => {
      child!.stdout!.once('data', (c: Buffer) => resolve(c.toString().trim()));
      child!.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    const cli = (...args: string[]) => promisify(execFile)(process.execPath, [BIN, 'fleet', '--server', serverUrl, ...args], { env: { ...process.env, LANAUDIT_FLEET_TOKEN: token }, maxBuffer: 1 << 30 });
    log(`\nCLI against the server (${serverUrl}), median of 3`);
    const flagged: number[] = [];
    let count = 0;
    for (let i = 0; i < 3; i++) {
      t0 = process.hrtime.bigint();
      const { stdout } = await cli('devices', '--flagged', '--json');
      flagged.push(ms(t0));
      count = (JSON.parse(stdout) as unknown[]).length;
    }
    log(`  fleet devices --flagged --json   ${(median(flagged) / 1000).toFixed(2)} s (${count.toLocaleString('en-US')} devices, node start-up included)`);
    const rssBefore = peakRss(child.pid!);
    for (const format of ['csv', 'far-md', 'json']) {
      const out = path.join(work, `fleet.${format}`);
      t0 = process.hrtime.bigint();
      await cli('report', '--format', format, '-o', out);
      const seconds = ms(t0) / 1000;
      const devices = format === 'far-md' ? total : total;
      log(`  fleet report --format ${format.padEnd(7)} ${seconds.toFixed(1).padStart(6)} s, ${Math.round(devices / seconds).toLocaleString('en-US').padStart(8)} devices/s, ${(statSync(out).size / 2 ** 20).toFixed(0)} MB, server peak RSS ${peakRss(child.pid!).toFixed(0)} MB`);
    }
    log(`  server peak RSS before the reports ${rssBefore.toFixed(0)} MB`);
    await pool.end();
  } finally {
    child?.kill('SIGTERM');
    cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== new URL(import.meta.url).pathname) {
  // Imported (a diagnosis script uses generate()).
} else if (values.serve !== undefined) {
  // The server process: what `lanaudit server` runs, on loopback.
  const pool = openPool(values.serve, { max: 20 });
  const log = createLogger({ stream: process.stderr, human: false, level: 'error' });
  const server = await listen(createApp({ pool, config: serverSection.parse({}), log, clock: systemWallClock }), { host: '127.0.0.1', port: 0, tls: null });
  process.stdout.write(`${server.url}\n`);
  process.on('SIGTERM', () => void server.close().then(() => pool.end()).then(() => process.exit(0)));
} else {
  await bench(Number(values.sites), Number(values['per-site']));
}
