/** Shared by the sync tests: a small fleet server stub on 127.0.0.1 that follows the protocol, and sites made through the Inventory API. */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inventory } from '../../src/inventory/inventory.js';
import { batch as batchSchema, type Batch, type CentralDecision } from '../../src/sync/protocol.js';
import { afterScan } from '../../src/pipeline/after-scan.js';
import { silentLogger } from '../../src/util/log.js';
import type { Observation } from '../../src/observations/observation.js';
import { HIKVISION_VERDICT, scopeOf, verdict } from '../inventory/helpers.js';
import { device, testClock } from '../changes/helpers.js';

export interface StubRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

export interface StubReply {
  readonly status: number;
  readonly body: unknown;
}

/**
 * The server side of the protocol, in memory: a batch is applied when it is the next seq and its
 * body hashes to its header; a resend of an applied batch is a duplicate; a later one is out of
 * order (409 with expected). `intercept` answers a request itself (refusals, faults).
 */
export class StubServer {
  acked = 0;
  readonly hashes = new Map<number, string>();
  readonly applied: Batch[] = [];
  readonly requests: StubRequest[] = [];
  decisions: CentralDecision[] = [];
  token = 'site-token-0123456789abcdef';
  intercept: ((req: StubRequest) => StubReply | 'drop' | 'hang' | undefined) | undefined;
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://stub');
        const request: StubRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
        this.requests.push(request);
        const reply = this.intercept?.(request) ?? this.answer(request);
        if (reply === 'drop') {
          req.socket.destroy();
          return;
        }
        if (reply === 'hang') return;
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Batches POSTed (not position requests). */
  posts(): StubRequest[] {
    return this.requests.filter((r) => r.method === 'POST');
  }

  private answer(req: StubRequest): StubReply {
    if (req.headers.authorization !== `Bearer ${this.token}`) return { status: 401, body: { error: 'unknown or revoked token' } };
    const after = Number(req.query.get('decisionsAfter') ?? '0');
    const decisions = this.decisions.filter((d) => d.id > after);
    if (req.method === 'GET' && req.path === '/api/v1/sync/position') return { status: 200, body: { acked: this.acked, decisions } };
    if (req.method !== 'POST' || req.path !== '/api/v1/sync/batches') return { status: 404, body: { error: 'not found' } };
    const sha = createHash('sha256').update(req.body).digest('hex');
    if (sha !== req.headers['x-lanaudit-sha256']) return { status: 400, body: { error: 'body does not hash to X-Lanaudit-Sha256' } };
    const parsed = batchSchema.safeParse(JSON.parse(req.body.toString('utf8')));
    if (!parsed.success) return { status: 400, body: { error: parsed.error.issues[0]?.message } };
    const seq = parsed.data.seq;
    if (String(seq) !== req.headers['x-lanaudit-seq']) return { status: 400, body: { error: 'seq header differs from the body' } };
    if (seq <= this.acked) {
      if (this.hashes.get(seq) === sha) return { status: 200, body: { acked: this.acked, duplicate: true, decisions } };
      return { status: 409, body: { acked: this.acked, decisions: [], error: 'forked' } };
    }
    if (seq > this.acked + 1) return { status: 409, body: { acked: this.acked, expected: this.acked + 1, decisions: [], error: 'out of order' } };
    this.acked = seq;
    this.hashes.set(seq, sha);
    this.applied.push(parsed.data);
    return { status: 200, body: { acked: this.acked, decisions } };
  }
}

export const CAM = '58:50:ed:00:00:01';

/** The ith address of 10.1.0.0/16 (i from 1). */
export function ipOf(i: number): string {
  return `10.1.${Math.floor(i / 256)}.${i % 256}`;
}

/** A MAC for device i: a Hikvision OUI for the first `covered`, then a neutral maker's. */
export function macOf(i: number, covered = 0): string {
  const hex = i.toString(16).padStart(6, '0');
  const oui = i <= covered ? '58:50:ed' : '00:1b:a9';
  return `${oui}:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

/**
 * What runScan stores, from synthetic observations, with a fixed verdict per device (a Hikvision
 * MAC prefix: covered; else clear) rather than the identification rules: these tests are about
 * what is sent, not how devices are identified.
 */
export function storeScan(inv: Inventory, targets: string[], observations: Observation[], status: 'complete' | 'interrupted' = 'complete'): number {
  const scanId = inv.scans.begin({ scope: scopeOf(...targets), engine: 'test' });
  inv.observations.record(scanId, observations);
  const ids = inv.observations.resolveDevices(scanId);
  const verdicts = ids.map((id) => [id, inv.devices.get(id)?.mac?.startsWith('58:50:ed') ? HIKVISION_VERDICT : verdict({ confidence: 0.5 })] as const);
  inv.verdicts.saveAll(scanId, verdicts);
  inv.scans.finish(scanId, status, { hosts: ids.length, flagged: verdicts.filter(([, v]) => v.status === 'covered').length });
  return scanId;
}

/** storeScan then the follow-up `lanaudit scan` runs (change tracking: events, MAC history). */
export async function scanAndTrack(inv: Inventory, targets: string[], observations: Observation[], at: string): Promise<number> {
  const scanId = storeScan(inv, targets, observations);
  await afterScan(inv, scanId, { goneAfterScans: 1, log: silentLogger, now: () => new Date(at) });
  return scanId;
}

/** One scan of devices 1..n (the first `covered` of them Hikvision cameras), stored and followed up as `lanaudit scan` does. */
export function scanDevices(inv: Inventory, n: number, at: string, covered = 0): Promise<number> {
  const observations = [];
  for (let i = 1; i <= n; i++) observations.push(...device(ipOf(i), macOf(i, covered), at));
  return scanAndTrack(inv, ['10.1.0.0/16'], observations, at);
}

export { testClock };

/** Every batch in a set, merged section by section (as the server would hold them). */
export function merged(batches: readonly Batch[]): Omit<Batch, 'protocol' | 'site' | 'seq' | 'createdAt' | 'agent'> {
  const pick = <K extends keyof Batch>(k: K) => batches.flatMap((b) => b[k] as unknown[]) as Batch[K];
  return {
    scans: pick('scans'),
    devices: pick('devices'),
    addresses: pick('addresses'),
    macs: pick('macs'),
    verdicts: pick('verdicts'),
    events: pick('events'),
    triage: pick('triage'),
    seen: pick('seen'),
  };
}

/** The merge tests' site: a phone whose randomized MAC rotates (A to B), a printer, a laptop. */
export const LAN = ['10.0.0.0/24'];
export const PHONE_A = '02:5e:11:aa:00:01';
export const PHONE_B = '06:5e:11:bb:00:02';
export const PRINTER = '00:1b:a9:00:00:02';
export const LAPTOP = '3c:22:fb:00:00:05';
