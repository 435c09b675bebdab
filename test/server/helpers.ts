/** Shared by the fleet server tests: a certificate made with openssl, HTTPS requests, batches, table dumps. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverSection } from '../../src/config/server.js';
import { createApp, systemWallClock } from '../../src/server/app.js';
import { listen, type Listening } from '../../src/server/listen.js';
import { migrate } from '../../src/server/store/migrate.js';
import { openPool, type Pool } from '../../src/server/store/pool.js';
import { addSite } from '../../src/server/store/sites.js';
import type { Batch } from '../../src/sync/protocol.js';
import { silentLogger } from '../../src/util/log.js';
import { testDatabase, type TestDatabase } from '../helpers/pg-cluster.js';

export interface TestCert {
  readonly dir: string;
  readonly certPath: string;
  readonly keyPath: string;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** A self-signed certificate for 127.0.0.1, made by openssl in a temp dir. */
export function makeCert(): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'lanaudit-tls-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyPath, '-out', certPath,
  ], { stdio: 'ignore' });
  return { dir, certPath, keyPath, cert: readFileSync(certPath), key: readFileSync(keyPath) };
}

/** Removes a makeCert() directory (each test file's afterAll). */
export function removeCert(cert: TestCert | undefined): void {
  if (cert !== undefined) rmSync(cert.dir, { recursive: true, force: true });
}

export interface TestFleetServer {
  readonly db: TestDatabase;
  readonly pool: Pool;
  readonly server: Listening;
  /** Each enrolled site's token. */
  readonly tokens: Record<string, string>;
  close(): Promise<void>;
}

/** A fleet server over HTTPS on 127.0.0.1 with a fresh database, these sites enrolled. */
export async function fleetServer(cert: TestCert, sites: readonly string[]): Promise<TestFleetServer> {
  const db = await testDatabase();
  const pool = openPool(db.url);
  await migrate(pool);
  const tokens: Record<string, string> = {};
  for (const name of sites) tokens[name] = (await addSite(pool, name, 'test')).token;
  const app = createApp({ pool, config: serverSection.parse({}), log: silentLogger, clock: systemWallClock });
  const server = await listen(app, { host: '127.0.0.1', port: 0, tls: { cert: cert.cert, key: cert.key } });
  return {
    db, pool, server, tokens,
    async close() {
      await server.close();
      await pool.end();
      await db.drop();
    },
  };
}

export interface Reply {
  readonly status: number;
  readonly body: any;
}

/** One HTTPS request trusting only the test certificate; the JSON reply. */
export function call(url: string, ca: Buffer, init: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpsRequest(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, ca }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        } catch {
          resolve({ status: res.statusCode ?? 0, body: text });
        }
      });
      res.on('error', reject);
    });
    // The server may answer (413, 401) and close before the whole body is sent.
    req.on('error', (err: NodeJS.ErrnoException) => (answered && (err.code === 'EPIPE' || err.code === 'ECONNRESET') ? undefined : reject(err)));
    req.end(init.body);
  });
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** POSTs a batch's bytes the way an agent does (headers computed from these bytes unless overridden). */
export function push(url: string, ca: Buffer, token: string, body: Buffer, seq: number | string, headers: Record<string, string> = {}, decisionsAfter = 0): Promise<Reply> {
  return call(`${url}/api/v1/sync/batches?decisionsAfter=${decisionsAfter}`, ca, {
    method: 'POST',
    body,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'x-lanaudit-seq': String(seq),
      'x-lanaudit-sha256': sha256(body),
      ...headers,
    },
  });
}

export const encode = (batch: Batch): Buffer => Buffer.from(JSON.stringify(batch), 'utf8');

const t = (minutes: number): string => new Date(Date.UTC(2026, 11, 1, 8, 0, 0) + minutes * 60_000).toISOString();

/**
 * A site's history of n batches: batch k is scan k; it sends the devices it changed (all 10 first,
 * then device k renamed), a verdict and an event per scan, addresses and MACs, sightings of every
 * device, and triage decisions whose order of arrival is not their order in time.
 */
export function siteHistory(site: string, n: number): Batch[] {
  const batches: Batch[] = [];
  for (let k = 1; k <= n; k++) {
    const ids = k === 1 ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] : [((k - 1) % 10) + 1];
    batches.push({
      protocol: 1,
      site,
      seq: k,
      createdAt: t(k * 60 + 5),
      agent: { version: `0.1.${k}`, hostname: 'agent-host' },
      scans: [{ id: k, startedAt: t(k * 60), finishedAt: t(k * 60 + 2), scope: '10.9.0.0/28', ranges: [[168361984, 168361999]], engine: 'native', status: 'complete', hosts: 10, flagged: 1, error: null }],
      devices: ids.map((id) => ({
        id,
        mac: `02:00:00:00:00:${String(id).padStart(2, '0')}`,
        ip: `10.9.0.${id}`,
        firstSeen: t(60),
        name: k === 1 ? null : `cam-${id}-v${k}`,
        location: id === 3 ? { switchName: 'sw1', switchAddress: '10.9.0.254', port: 'Gi1/0/3', portAlias: '', vlan: 10, confidence: 'high' } : null,
        verdictId: id === 3 ? 1 : null,
        status: id === 3 ? 'covered' : null,
        covered: id === 3 ? 'hikvision' : null,
        manufacturer: id === 3 ? 'Hikvision' : null,
        manufacturerName: null,
        brand: null,
        model: id === 3 ? 'DS-2CD2043' : null,
        serial: null,
        firmware: null,
      })),
      addresses: ids.map((id) => ({ deviceId: id, ip: `10.9.0.${id}`, firstSeen: t(k * 60), lastSeen: t(k * 60 + 1) })),
      macs: ids.map((id) => ({ deviceId: id, mac: `02:00:00:00:00:${String(id).padStart(2, '0')}`, firstSeen: t(k * 60), lastSeen: t(k * 60 + 1) })),
      verdicts: k === 1 ? [verdict(1, 3, 1)] : [verdict(k, ((k - 1) % 10) + 1, k)],
      events: [{ id: k, scanId: k, deviceId: ((k - 1) % 10) + 1, at: t(k * 60 + 2), type: k === 1 ? 'new' : 'changed', field: k === 1 ? null : 'name', old: null, new: `cam-${k}` }],
      // Batch 2 brings a later decision than batch 4 does: the later by time stays in force.
      triage:
        k === 2 ? [decision('a'.repeat(32), 3, 'waiver', t(300))] : k === 4 ? [decision('b'.repeat(32), 3, 'acknowledged', t(200))] : [],
      seen: [{ scanId: k, at: t(k * 60 + 1), devices: [[1, 5], [6, 10]] }],
    });
  }
  return batches;
}

function verdict(id: number, deviceId: number, scanId: number): Batch['verdicts'][number] {
  return {
    id, deviceId, scanId, at: t(scanId * 60 + 1), status: 'covered', covered: 'hikvision', manufacturer: 'Hikvision', manufacturerName: 'Hangzhou Hikvision',
    brand: null, model: 'DS-2CD2043', serial: null, firmware: null, confidence: 0.95, randomizedMac: false,
    evidence: [{ rule: 'oui', kind: 'mac', value: '02:00:00', source: 'test', certainty: 0.9, says: 'Hikvision OUI', entity: 'hikvision' }],
  };
}

function decision(uid: string, deviceId: number, status: Batch['triage'][number]['status'], at: string): Batch['triage'][number] {
  return { uid, deviceId, status, note: `${status} by the site`, by: 'site-admin', at, until: status === 'waiver' ? t(100_000) : null, origin: 'site' };
}

/** Every table a batch writes, for one site, ordered by key, without the site's id (so two sites compare) or arrival times. */
export async function dumpSite(pool: Pool, siteName: string): Promise<Record<string, unknown[]>> {
  const site = await pool.query<{ id: number }>('SELECT id FROM sites WHERE name = $1', [siteName]);
  const id = site.rows[0]!.id;
  const q = async (sql: string) => (await pool.query(sql, [id])).rows;
  return {
    site: await q('SELECT acked_seq, last_complete_scan_at, agent_version, agent_hostname FROM sites WHERE id = $1'),
    batches: await q('SELECT seq, encode(sha256, \'hex\') AS sha256, bytes, rows FROM batches WHERE site_id = $1 ORDER BY seq'),
    scans: await q('SELECT * FROM scans WHERE site_id = $1 ORDER BY id'),
    devices: await q('SELECT * FROM devices WHERE site_id = $1 ORDER BY id'),
    device_ips: await q('SELECT * FROM device_ips WHERE site_id = $1 ORDER BY device_id, ip'),
    device_macs: await q('SELECT * FROM device_macs WHERE site_id = $1 ORDER BY device_id, mac'),
    verdicts: await q('SELECT * FROM verdicts WHERE site_id = $1 ORDER BY id'),
    events: await q('SELECT * FROM events WHERE site_id = $1 ORDER BY id'),
    triage: await q('SELECT uid, device_id, status, note, by, at, until, origin FROM triage WHERE site_id = $1 ORDER BY uid'),
  };
}

/** The dump with site ids removed, to compare two sites' states. */
export function withoutSite(dump: Record<string, unknown[]>): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries(dump).map(([k, rows]) => [k, rows.map((r) => ({ ...(r as object), site_id: undefined }))]));
}
