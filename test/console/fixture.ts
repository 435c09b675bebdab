/**
 * A console on 127.0.0.1 over a fresh test database: two sites synced through the protocol's own
 * batch schema and apply (so the rows are what an agent would leave), one of them carrying the lab's
 * `hostile` profile's device strings as names and evidence, and three users (admin, triager, viewer).
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../src/server/app.js';
import { serverSection, type ServerConfig } from '../../src/config/server.js';
import { addUser } from '../../src/server/console/users.js';
import { migrate } from '../../src/server/store/migrate.js';
import { inTransaction, openPool, type Pool } from '../../src/server/store/pool.js';
import { applyBatchRows } from '../../src/server/sync/apply-batch.js';
import { batch as batchSchema, type Batch, type DeviceRow, type VerdictRow } from '../../src/sync/protocol.js';
import { silentLogger } from '../../src/util/log.js';
import { testDatabase, type TestDatabase } from '../helpers/pg-cluster.js';

export const PASSWORD = 'correct horse battery staple';
export const USERS = { admin: 'alice', triager: 'tom', viewer: 'vera' } as const;

export interface ConsoleServer {
  readonly base: string;
  readonly pool: Pool;
  close(): Promise<void>;
}

export async function serveConsole(pool: Pool, console: Partial<ServerConfig['console']> = {}): Promise<ConsoleServer> {
  const config = serverSection.parse({ console });
  const app = createApp({ pool, config, log: silentLogger, clock: { now: () => new Date() } });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    pool,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    }),
  };
}

export interface SeededDatabase {
  readonly db: TestDatabase;
  readonly pool: Pool;
  drop(): Promise<void>;
}

export async function seededDatabase(): Promise<SeededDatabase> {
  const db = await testDatabase();
  const pool = openPool(db.url, { max: 6 });
  await migrate(pool);
  for (const [role, name] of Object.entries(USERS)) await addUser(pool, name, role as keyof typeof USERS, PASSWORD, 'test');
  await seedSite(pool, 'hq', hqDevices());
  await seedSite(pool, 'branch-2', branchDevices());
  return {
    db,
    pool,
    async drop() {
      await pool.end();
      await db.drop();
    },
  };
}

// ---- the sites' devices ----

const T0 = '2026-12-01T08:00:00.000Z';
const T1 = '2026-12-04T08:00:00.000Z';

interface Seed {
  readonly device: Omit<DeviceRow, 'firstSeen' | 'verdictId'>;
  readonly evidence: VerdictRow['evidence'];
}

const HOSTILE = JSON.parse(readFileSync(new URL('../lab/profiles/hostile.json', import.meta.url), 'utf8')) as {
  devices: { id: string; mac: string; ip: string; hostname: string; snmp?: { sysName?: string }; mdns?: { name: string }[]; truth: { maker: string | null; covered: string | null } }[];
};

/** The name a scan would show: SNMP sysName, else the mDNS instance name, else the host name. */
const nameOf = (d: (typeof HOSTILE.devices)[number]) => (d.snmp?.sysName ?? d.mdns?.[0]?.name ?? d.hostname).slice(0, 256);

/** Every string a hostile device says (its services' headers, bodies, banners, names), bounded as the protocol bounds them. */
function saidStrings(device: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === 'string') {
      if (key !== 'note' && key !== 'id' && v.length > 0) out.push(v.slice(0, 8_192));
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'truth') walk(x, k);
  };
  walk(device, '');
  return [...new Set(out)].slice(0, 24);
}

export const HOSTILE_NAMES = HOSTILE.devices.map(nameOf);

function hqDevices(): Seed[] {
  const hostile: Seed[] = HOSTILE.devices.map((d) => {
    const covered = (d.truth.covered ?? null) as DeviceRow['covered'];
    return {
      device: {
        id: Number(d.ip.split('.')[3]),
        mac: d.mac,
        ip: d.ip,
        name: nameOf(d),
        location: null,
        status: covered !== null ? 'covered' : d.truth.maker === null ? 'review' : 'clear',
        covered,
        manufacturer: d.truth.maker,
        manufacturerName: d.truth.maker,
        brand: covered === 'dahua' ? 'Amcrest <b>"sold"</b>' : null,
        model: covered === 'hikvision' ? 'DS-2CD2043G2-I "><img src=x onerror=alert(2)>' : null,
        serial: covered !== null ? `SN\u202e<script>alert(3)</script>` : null,
        firmware: null,
      },
      evidence: saidStrings(d).map((value, i) => ({
        rule: `hostile.${d.id}.${i}`,
        kind: 'http-title',
        value,
        source: 'lab hostile profile',
        certainty: 0.5,
        says: `The device said ${value.slice(0, 200)}`,
        entity: covered,
      })),
    };
  });
  // The hostile profile's covered camera, placed on a switch port: the page shows where it is.
  const hik = hostile.find((s) => s.device.covered === 'hikvision')!;
  (hik.device as { location: DeviceRow['location'] }).location = {
    switchName: 'core-sw-1', switchAddress: '10.79.0.2', port: 'Gi1/0/5', portAlias: 'NVR rack <script>alert(4)</script>', vlan: 30, confidence: 'high',
  };
  const plain: Seed[] = Array.from({ length: 30 }, (_, i) => ({
    device: {
      id: 100 + i, mac: `02:aa:00:00:00:${(i + 16).toString(16)}`, ip: `10.79.1.${i + 1}`, name: `printer-${i + 1}`, location: null,
      status: 'clear', covered: null, manufacturer: 'Hewlett Packard', manufacturerName: 'HP', brand: null, model: `LaserJet ${i}`, serial: null, firmware: null,
    },
    evidence: [{ rule: 'oui.registrant', kind: 'mac', value: `02:aa:00:00:00:${(i + 16).toString(16)}`, source: 'arp', certainty: 0.6, says: 'MAC prefix registered to HP', entity: null }],
  }));
  return [...hostile, ...plain];
}

function branchDevices(): Seed[] {
  return [
    {
      device: {
        id: 1, mac: '00:e0:fc:12:34:56', ip: '10.80.0.10', name: 'branch-switch', location: null, status: 'covered', covered: 'huawei',
        manufacturer: 'Huawei Technologies Co.,Ltd', manufacturerName: 'Huawei', brand: null, model: 'S5735-L24T4S-A', serial: '2102351', firmware: 'V200R021',
      },
      evidence: [{ rule: 'oui.registrant', kind: 'mac', value: '00:e0:fc:12:34:56', source: 'arp', certainty: 0.9, says: 'MAC prefix 00:E0:FC is registered to Huawei', entity: 'huawei' }],
    },
    {
      device: {
        id: 2, mac: '02:bb:00:00:00:02', ip: '10.80.0.20', name: 'branch-printer', location: null, status: 'clear', covered: null,
        manufacturer: 'Brother', manufacturerName: 'Brother', brand: null, model: null, serial: null, firmware: null,
      },
      evidence: [],
    },
  ];
}

async function seedSite(pool: Pool, name: string, seeds: readonly Seed[]): Promise<void> {
  const { rows } = await pool.query<{ id: number }>('INSERT INTO sites (name, schedule_seconds, last_sync_at, last_complete_scan_at, agent_version, agent_hostname) VALUES ($1, 3600, now(), now(), $2, $3) RETURNING id', [name, '0.1.0', `${name}-agent`]);
  const ids = seeds.map((s) => s.device.id).sort((a, b) => a - b);
  const raw: Batch = {
    protocol: 1,
    site: name,
    seq: 1,
    createdAt: T1,
    agent: { version: '0.1.0', hostname: `${name}-agent` },
    scans: [1, 2].map((id) => ({ id, startedAt: id === 1 ? T0 : T1, finishedAt: id === 1 ? T0 : T1, scope: '10.79.0.0/24', ranges: [[0, 255]], engine: 'native', status: 'complete' as const, hosts: seeds.length, flagged: seeds.filter((s) => s.device.covered !== null).length, error: null })),
    devices: seeds.map((s) => ({ ...s.device, firstSeen: T0, verdictId: s.device.id })),
    addresses: seeds.map((s) => ({ deviceId: s.device.id, ip: s.device.ip, firstSeen: T0, lastSeen: T1 })),
    macs: seeds.flatMap((s) => (s.device.mac === null ? [] : [{ deviceId: s.device.id, mac: s.device.mac, firstSeen: T0, lastSeen: T1 }])),
    verdicts: seeds.map((s) => ({
      id: s.device.id, deviceId: s.device.id, scanId: 1, at: T0, status: s.device.status ?? 'review', covered: s.device.covered, manufacturer: s.device.manufacturer,
      manufacturerName: s.device.manufacturerName, brand: s.device.brand, model: s.device.model, serial: s.device.serial, firmware: s.device.firmware,
      confidence: 0.9, randomizedMac: false, evidence: s.evidence,
    })),
    events: seeds.map((s, i) => ({ id: i + 1, scanId: 1, deviceId: s.device.id, at: T0, type: 'new' as const, field: null, old: null, new: null })),
    triage: [],
    seen: [{ scanId: 2, at: T1, devices: ids.map((id) => [id, id] as [number, number]) }],
  };
  const parsed = batchSchema.parse(raw);
  await inTransaction(pool, (client) => applyBatchRows(client, rows[0]!.id, parsed));
}
