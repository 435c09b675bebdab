/**
 * Fleet sync benchmark (issue 13): 100 sites × 10,000 devices in one PostgreSQL.
 *
 *   npx tsx test/bench/fleet-sync.ts [--sites 100] [--devices 10000]
 *
 * Site 1 is a real SQLite inventory (two scans stored through the Inventory API with the real
 * identification rules, ~10 evidence rows per camera); its first push and an unchanged push after a
 * second scan go through the agent's own path (buildBatches, pushOutbox over HTTPS) to the real
 * `lanaudit server` (dist/) on 127.0.0.1, a child process whose RSS is sampled. Sites 2..N receive
 * site 1's first batches re-addressed to them (generated rows, same sizes), pushed over HTTPS. Then
 * N agents push a batch of changes at once, each resending it once as if the acknowledgement had been
 * lost: every push must be answered, nothing lost, nothing doubled (counted in PostgreSQL).
 * Uses a PostgreSQL cluster of its own (initdb in a temp dir, fsync off), removed at the end.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { Inventory } from '../../src/inventory/inventory.js';
import { afterScan } from '../../src/pipeline/after-scan.js';
import { buildBatches } from '../../src/sync/build-batches.js';
import { httpRequest } from '../../src/sync/http.js';
import { pushOutbox, type FleetEndpoint } from '../../src/sync/push.js';
import type { Batch } from '../../src/sync/protocol.js';
import type { Observation } from '../../src/observations/observation.js';
import { silentLogger } from '../../src/util/log.js';
import { storeScan } from '../changes/helpers.js';
import { ensureBuilt, ROOT } from '../helpers/cli.js';
import { addSite } from '../../src/server/store/sites.js';
import { fleetCert, fleetTempDir, freeLoopbackPort, snapshotBuild, startFleetServer } from '../helpers/fleet-server.js';
import { pgBinDir, startCluster } from '../helpers/pg-cluster.js';

const { values } = parseArgs({ options: { sites: { type: 'string', default: '100' }, devices: { type: 'string', default: '10000' } } });
const SITES = Number(values.sites);
const DEVICES = Number(values.devices);
const log = (line: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const siteName = (k: number) => `site-${String(k).padStart(3, '0')}`;

/** Device i: 4 in 5 are Hikvision cameras that say so on every protocol (10 evidence rows), the rest PCs. */
function observations(i: number, at: string): Observation[] {
  const ip = `10.${Math.floor(i / 65536) + 1}.${Math.floor(i / 256) % 256}.${i % 256}`;
  const hex = i.toString(16).padStart(6, '0');
  const tail = `${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
  const o = (kind: Observation['kind'], value: string, source: string, port?: number): Observation => ({ ip, kind, value, source, at, ...(port !== undefined ? { port } : {}) });
  if (i % 5 !== 0) {
    const mac = `58:50:ed:${tail}`;
    return [
      { ip, mac, kind: 'mac', value: mac, source: 'neigh', at },
      o('tcp.open', '80', 'tcp', 80), o('tcp.open', '554', 'tcp', 554), o('tcp.open', '8000', 'tcp', 8000),
      o('http.server', 'App-webs/', 'http', 80), o('http.title', 'Hikvision', 'http', 80),
      o('rtsp.server', 'Hikvision RTSP server', 'rtsp', 554), o('rtsp.realm', 'HIK IP Camera', 'rtsp', 554),
      o('onvif.scope', 'onvif://www.onvif.org/name/HIKVISION onvif://www.onvif.org/hardware/DS-2CD2043G0-I', 'onvif'),
      o('upnp.manufacturer', 'Hikvision', 'ssdp'), o('upnp.model', 'DS-2CD2043G0-I', 'ssdp'),
      o('sadp.reply', `<ProbeMatch><DeviceType>IPCamera</DeviceType><DeviceDescription>DS-2CD2043G0-I</DeviceDescription><DeviceSN>DS-2CD2043G0-I2019AAWRC${String(i).padStart(8, '0')}</DeviceSN><MAC>58-50-ed-${tail.replaceAll(':', '-')}</MAC><SoftwareVersion>V5.6.3build 190923</SoftwareVersion></ProbeMatch>`, 'sadp'),
      o('hostname', `cam-${i}`, 'ptr'),
    ];
  }
  const mac = `00:1b:a9:${tail}`;
  return [
    { ip, mac, kind: 'mac', value: mac, source: 'neigh', at },
    o('tcp.open', '22', 'tcp', 22), o('ssh.banner', 'SSH-2.0-OpenSSH_9.2p1 Debian-2', 'ssh', 22),
    o('tcp.open', '443', 'tcp', 443), o('http.server', 'nginx', 'http', 443),
    o('upnp.manufacturer', 'Brother', 'ssdp'), o('hostname', `pc-${i}`, 'ptr'),
  ];
}

async function scan(inv: Inventory, at: string): Promise<number> {
  const obs: Observation[] = [];
  for (let i = 1; i <= DEVICES; i++) obs.push(...observations(i, at));
  const id = storeScan(inv, ['10.1.0.0/16'], obs);
  await afterScan(inv, id, { goneAfterScans: 1, log: silentLogger, now: () => new Date(at) });
  return id;
}

function rss(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), hwmMb: Math.round(kb('VmHWM') / 1024) };
}

const ms = (start: bigint) => Number((process.hrtime.bigint() - start) / 1_000_000n);

async function main(): Promise<void> {
  ensureBuilt();
  const dir = fleetTempDir('fleet-bench');
  const cluster = await startCluster();
  let server: Awaited<ReturnType<typeof startFleetServer>> | undefined;
  const results: Record<string, unknown> = {
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      node: process.version,
      postgres: execFileSync(path.join(pgBinDir(), 'postgres'), ['--version'], { encoding: 'utf8' }).trim(),
      commit: execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(),
      loadAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
    },
    sites: SITES,
    devicesPerSite: DEVICES,
  };
  const admin = new pg.Pool({ connectionString: cluster.url.replace(/\/postgres$/, '/fleet'), max: 2 });
  try {
    const boot = new pg.Client({ connectionString: cluster.url });
    await boot.connect();
    await boot.query('CREATE DATABASE fleet');
    await boot.end();
    const pgUrl = cluster.url.replace(/\/postgres$/, '/fleet');
    const bin = snapshotBuild(dir);
    const cert = fleetCert(dir, ['127.0.0.1']);
    server = await startFleetServer({ pgUrl, cert, host: '127.0.0.1', port: await freeLoopbackPort(), dir, bin });
    const pid = server.child.pid!;
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rss(pid).rssMb)), 250);
    results['serverRssIdleMb'] = rss(pid).rssMb;

    const tokens: string[] = [];
    for (let k = 1; k <= SITES; k++) tokens.push((await addSite(admin, siteName(k), 'bench')).token);
    const endpoint = (k: number): FleetEndpoint => ({ url: server!.url, token: tokens[k - 1]!, ca: cert.cert, timeoutMs: 600_000 });

    // Site 1: a real inventory, two scans.
    let t = process.hrtime.bigint();
    const invPath = path.join(dir, 'site-001.db');
    let clock = Date.parse('2026-12-01T08:00:00.000Z');
    const inv = Inventory.open(invPath, { now: () => new Date(clock) });
    await scan(inv, new Date(clock).toISOString());
    results['site1InventoryBuildMs'] = ms(t);
    log(`site 1 inventory: ${DEVICES} devices in ${results['site1InventoryBuildMs']} ms`);

    t = process.hrtime.bigint();
    const first = buildBatches(inv, { site: siteName(1) });
    const buildMs = ms(t);
    const bodies: Buffer[] = [];
    for (let e = inv.sync.nextBatch(1); e !== null; e = inv.sync.nextBatch(e.seq + 1)) bodies.push(e.body);
    t = process.hrtime.bigint();
    const firstPush = await pushOutbox(inv, endpoint(1));
    const pushMs = ms(t);
    if (!firstPush.ok) throw new Error(`first push failed: ${firstPush.error}`);
    results['firstPush'] = { batches: first.length, bytes: first.reduce((n, b) => n + b.bytes, 0), buildMs, pushMs, totalMs: buildMs + pushMs, target: '≤ 10 s' };
    log(`first push: ${JSON.stringify(results['firstPush'])}`);

    clock += 3_600_000;
    await scan(inv, new Date(clock).toISOString());
    t = process.hrtime.bigint();
    const unchanged = buildBatches(inv, { site: siteName(1) });
    const unchangedBuildMs = ms(t);
    t = process.hrtime.bigint();
    const unchangedPush = await pushOutbox(inv, endpoint(1));
    const unchangedPushMs = ms(t);
    if (!unchangedPush.ok) throw new Error(`unchanged push failed: ${unchangedPush.error}`);
    results['unchangedPush'] = { batches: unchanged.length, bytes: unchanged.reduce((n, b) => n + b.bytes, 0), buildMs: unchangedBuildMs, pushMs: unchangedPushMs, target: '≤ 200 ms and ≤ 2 KB' };
    log(`unchanged push: ${JSON.stringify(results['unchangedPush'])}`);
    inv.close();

    // Sites 2..N: site 1's first batches, addressed to each.
    t = process.hrtime.bigint();
    const parsed = bodies.map((b) => JSON.parse(b.toString('utf8')) as Batch);
    let next = 2;
    let loadedBytes = 0;
    const loader = async () => {
      for (let k = next++; k <= SITES; k = next++) {
        for (const b of parsed) {
          const body = Buffer.from(JSON.stringify({ ...b, site: siteName(k) }), 'utf8');
          loadedBytes += body.length;
          const reply = await push(endpoint(k), cert.cert, body, b.seq);
          if (reply.status !== 200) throw new Error(`loading ${siteName(k)} batch ${b.seq}: HTTP ${reply.status} ${reply.body.toString('utf8').slice(0, 300)}`);
        }
        if (k % 10 === 0) log(`loaded ${k} sites`);
      }
    };
    await Promise.all([loader(), loader(), loader()]);
    const loadMs = ms(t);
    results['load'] = { sites: SITES - 1, bytes: loadedBytes, ms: loadMs, devicesPerSecond: Math.round(((SITES - 1) * DEVICES) / (loadMs / 1000)) };
    log(`load: ${JSON.stringify(results['load'])}`);

    const count = async (sql: string) => Number((await admin.query<{ n: string }>(sql)).rows[0]!.n);
    results['database'] = {
      devices: await count('SELECT count(*)::text AS n FROM devices'),
      verdicts: await count('SELECT count(*)::text AS n FROM verdicts'),
      evidenceRows: await count('SELECT sum(jsonb_array_length(evidence))::text AS n FROM verdicts'),
      sizeMb: Math.round((await count("SELECT pg_database_size('fleet')::text AS n")) / 1024 ** 2),
    };
    log(`database: ${JSON.stringify(results['database'])}`);

    // N agents at once: a scan that renamed 100 devices (100 device rows, 100 events), each sent twice.
    const acked = new Map<number, number>();
    for (const { name, acked_seq } of (await admin.query<{ name: string; acked_seq: string }>('SELECT name, acked_seq::text FROM sites')).rows) acked.set(Number(name.slice(5)), Number(acked_seq));
    const template = parsed[0]!;
    const changeBatch = (k: number): Batch => {
      const at = new Date(clock + 3_600_000).toISOString();
      const devices = parsed.flatMap((b) => b.devices).filter((d) => d.id <= 100).map((d) => ({ ...d, name: `renamed-${k}-${d.id}` }));
      return {
        ...template,
        site: siteName(k),
        seq: acked.get(k)! + 1,
        createdAt: at,
        scans: [{ ...parsed.flatMap((b) => b.scans)[0]!, id: 1_000_000, startedAt: at, finishedAt: at }],
        devices,
        addresses: [],
        macs: [],
        verdicts: [],
        events: devices.map((d) => ({ id: 1_000_000 + d.id, scanId: 1_000_000, deviceId: d.id, at, type: 'changed' as const, field: 'name', old: null, new: d.name })),
        triage: [],
        seen: [{ scanId: 1_000_000, at, devices: [[1, DEVICES]] }],
      };
    };
    const changes = Array.from({ length: SITES }, (_, i) => Buffer.from(JSON.stringify(changeBatch(i + 1)), 'utf8'));
    t = process.hrtime.bigint();
    const answers = await Promise.all(
      changes.map(async (body, i) => {
        const seq = acked.get(i + 1)! + 1;
        const once = await push(endpoint(i + 1), cert.cert, body, seq);
        const again = await push(endpoint(i + 1), cert.cert, body, seq);
        return [once, again] as const;
      }),
    );
    const concurrentMs = ms(t);
    const statuses = answers.flat().map((r) => r.status);
    const duplicates = answers.filter(([, again]) => again.status === 200 && (JSON.parse(again.body.toString('utf8')) as { duplicate?: boolean }).duplicate === true).length;
    const perSite = await admin.query<{ events: string; renamed: string; batches: string; acked: string; devices: string }>(
      `SELECT (SELECT count(*) FROM events e WHERE e.site_id = s.id AND e.id > 1000000)::text AS events,
              (SELECT count(*) FROM devices d WHERE d.site_id = s.id AND d.name LIKE 'renamed-%')::text AS renamed,
              (SELECT count(*) FROM batches b WHERE b.site_id = s.id)::text AS batches,
              (SELECT count(*) FROM devices d WHERE d.site_id = s.id)::text AS devices,
              s.acked_seq::text AS acked
       FROM sites s`,
    );
    const wrong = perSite.rows.filter((r) => r.events !== '100' || r.renamed !== '100' || r.batches !== r.acked || r.devices !== String(DEVICES));
    results['concurrentAgents'] = {
      agents: SITES,
      requests: statuses.length,
      non200: statuses.filter((s) => s !== 200).length,
      duplicatesAnswered: duplicates,
      sitesWithWrongCounts: wrong.length,
      ms: concurrentMs,
    };
    log(`concurrent agents: ${JSON.stringify(results['concurrentAgents'])}`);

    clearInterval(sampler);
    results['serverRss'] = { ...rss(pid), sampledPeakMb: peak, target: '≤ 300 MB' };
    log(`server RSS: ${JSON.stringify(results['serverRss'])}`);
  } finally {
    await admin.end().catch(() => undefined);
    await server?.stop();
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const out = path.join(ROOT, 'bench-results');
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `fleet-sync-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  log(`written ${file}`);
}

/** One POST of a batch as an agent sends it (its own connection). */
function push(endpoint: FleetEndpoint, ca: Buffer, body: Buffer, seq: number) {
  return httpRequest({
    method: 'POST',
    url: new URL(`${endpoint.url}/api/v1/sync/batches?decisionsAfter=0`),
    headers: {
      authorization: `Bearer ${endpoint.token}`,
      'content-type': 'application/json',
      'x-lanaudit-seq': String(seq),
      'x-lanaudit-sha256': createHash('sha256').update(body).digest('hex'),
    },
    body,
    ca,
    timeoutMs: 600_000,
    maxReplyBytes: 64 * 1024 * 1024,
  });
}

await main();
