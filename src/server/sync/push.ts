import { createHash } from 'node:crypto';
import { BATCH_MAX_SIGHTING_PAIRS, batch as batchSchema, PROTOCOL_VERSION, type Batch, type SyncReply } from '../../sync/protocol.js';
import type { Logger } from '../../util/log.js';
import { inTransaction, type Pool } from '../store/pool.js';
import { raiseFleetAlerts } from '../alerts/raise-fleet-alerts.js';
import { applyBatchRows } from './apply-batch.js';
import { centralDecisionsFor } from './decisions.js';

export interface PushRequest {
  /** The site of the token that authenticated the push. */
  readonly site: { readonly id: number; readonly name: string };
  readonly seqHeader: string | undefined;
  readonly sha256Header: string | undefined;
  readonly body: Uint8Array;
  /** The highest central decision id the agent has applied. */
  readonly decisionsAfter: number;
}

export type PushOutcome =
  | { readonly status: 200; readonly reply: SyncReply }
  | { readonly status: 409; readonly reply: SyncReply & { readonly error: string } }
  | { readonly status: 400 | 403; readonly reply: { readonly error: string } };

type Verdict = { readonly kind: 'applied' | 'duplicate'; readonly acked: number } | { readonly kind: 'fork' | 'gap'; readonly acked: number };

/**
 * One push, per the protocol (src/sync/protocol.ts): the body must hash to its header, parse and
 * be the token's site's; then by seq it is a duplicate (nothing applied), a fork or a gap (409), or
 * the next batch, applied whole in one transaction. The site row is locked first, so two pushes of
 * one site are applied one after the other. A refused push is counted on the site, outside the
 * transaction (which rolled back).
 */
export async function receivePush(pool: Pool, log: Logger, req: PushRequest): Promise<PushOutcome> {
  const parsed = parseBatch(req);
  if ('error' in parsed) return refuse(pool, log, req.site, 400, parsed.error);
  const batch = parsed.batch;
  if (batch.site !== req.site.name) return refuse(pool, log, req.site, 403, `this token belongs to site ${req.site.name}, not ${batch.site}`);
  const sha256 = createHash('sha256').update(req.body).digest();
  let verdict: Verdict;
  try {
    verdict = await inTransaction(pool, async (client) => {
      const site = await client.query<{ acked: string; central_alerts: boolean }>(
        'SELECT acked_seq::text AS acked, central_alerts FROM sites WHERE id = $1 FOR UPDATE',
        [req.site.id],
      );
      const acked = Number(site.rows[0]?.acked ?? 0);
      if (batch.seq <= acked) {
        const known = await client.query<{ sha256: Buffer }>('SELECT sha256 FROM batches WHERE site_id = $1 AND seq = $2', [req.site.id, batch.seq]);
        const duplicate = known.rows[0]?.sha256.equals(sha256) === true;
        if (duplicate) await client.query('UPDATE sites SET last_sync_at = now() WHERE id = $1', [req.site.id]);
        return { kind: duplicate ? 'duplicate' : 'fork', acked };
      }
      if (batch.seq > acked + 1) return { kind: 'gap', acked };
      await applyBatchRows(client, req.site.id, batch);
      if (site.rows[0]?.central_alerts === true) {
        const touched = [...new Set([...(batch.merged ?? []).map((m) => m.into), ...batch.devices.map((d) => d.id), ...batch.triage.map((t) => t.deviceId)])];
        await raiseFleetAlerts(client, req.site, touched, new Date());
      }
      await client.query(
        `UPDATE sites SET acked_seq = $2, last_sync_at = now(), agent_version = $3, agent_hostname = $4,
           last_complete_scan_at = greatest(last_complete_scan_at, $5::timestamptz), failed_pushes = 0
         WHERE id = $1`,
        [req.site.id, batch.seq, batch.agent.version, batch.agent.hostname, lastCompleteScan(batch)],
      );
      await client.query('INSERT INTO batches (site_id, seq, sha256, bytes, rows) VALUES ($1, $2, $3, $4, $5)', [
        req.site.id,
        batch.seq,
        sha256,
        req.body.byteLength,
        rowCount(batch),
      ]);
      return { kind: 'applied', acked: batch.seq };
    });
  } catch (err) {
    const rejected = dataError(err);
    if (rejected === null) throw err;
    return refuse(pool, log, req.site, 400, `batch ${batch.seq} refused by the database: ${rejected}`);
  }
  if (verdict.kind === 'fork') {
    const error = `batch ${batch.seq} differs from the batch ${batch.seq} already applied: the site's history forked (restored or replaced inventory?); an operator must resolve it`;
    await recordFailure(pool, log, req.site, error);
    return { status: 409, reply: { acked: verdict.acked, decisions: [], error } };
  }
  if (verdict.kind === 'gap') {
    return { status: 409, reply: { acked: verdict.acked, expected: verdict.acked + 1, decisions: [], error: `out of order: expected batch ${verdict.acked + 1}` } };
  }
  if (verdict.kind === 'applied') log.info('batch applied', { site: req.site.name, seq: batch.seq, bytes: req.body.byteLength, rows: rowCount(batch) });
  const decisions = await centralDecisionsFor(pool, req.site.id, req.decisionsAfter);
  return { status: 200, reply: { acked: verdict.acked, ...(verdict.kind === 'duplicate' ? { duplicate: true } : {}), decisions } };
}

function parseBatch(req: PushRequest): { batch: Batch } | { error: string } {
  const hash = createHash('sha256').update(req.body).digest('hex');
  if (req.sha256Header === undefined || req.sha256Header.toLowerCase() !== hash) return { error: 'the body does not hash to X-Lanaudit-Sha256 (truncated or altered in transit)' };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(req.body));
  } catch {
    return { error: 'the body is not UTF-8 JSON' };
  }
  const pairs = sightingPairs(value);
  if (pairs > BATCH_MAX_SIGHTING_PAIRS) return { error: `the batch's sightings hold ${pairs} device id pairs, over the limit of ${BATCH_MAX_SIGHTING_PAIRS}` };
  const result = batchSchema.safeParse(value);
  if (!result.success) {
    // Paths and reasons only: the values are the site's data.
    const issues = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    return { error: `not a protocol ${PROTOCOL_VERSION} batch: ${issues.join('; ')}${result.error.issues.length > 5 ? ` (and ${result.error.issues.length - 5} more)` : ''}` };
  }
  if (req.seqHeader !== String(result.data.seq)) return { error: `X-Lanaudit-Seq (${(req.seqHeader ?? '').slice(0, 20)}) is not the batch's seq (${result.data.seq})` };
  return { batch: result.data };
}

async function refuse(pool: Pool, log: Logger, site: PushRequest['site'], status: 400 | 403, error: string): Promise<PushOutcome> {
  await recordFailure(pool, log, site, error);
  return { status, reply: { error } };
}

/** Counted on the site for `fleet status` (failed pushes since the last applied batch, and the last reason). */
export async function recordFailure(pool: Pool, log: Logger, site: PushRequest['site'], error: string): Promise<void> {
  log.warn('push refused', { site: site.name, error });
  await pool.query('UPDATE sites SET failed_pushes = failed_pushes + 1, last_error = $2, last_error_at = now() WHERE id = $1', [site.id, error.slice(0, 2_000)]);
}

/** The newest finish of the batch's complete scans, or null. */
function lastCompleteScan(batch: Batch): string | null {
  const times = batch.scans.filter((s) => s.status === 'complete' && s.finishedAt !== null).map((s) => Date.parse(s.finishedAt!));
  return times.length === 0 ? null : new Date(Math.max(...times)).toISOString();
}

function rowCount(batch: Batch): number {
  return (batch.merged?.length ?? 0) + batch.scans.length + batch.devices.length + batch.addresses.length + batch.macs.length + batch.verdicts.length + batch.events.length + batch.triage.length + batch.seen.length;
}

/**
 * PostgreSQL's message when it refused the batch's data (a value out of range, a check failed):
 * the site's input, a 400 like any invalid batch. Null for anything else (connection lost): a 500,
 * the agent retries.
 */
function dataError(err: unknown): string | null {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23')) ? (err as Error).message : null;
}

/** How many id pairs the parsed body's sightings carry, whatever its shape (the schema checks the rest). */
function sightingPairs(value: unknown): number {
  const seen = (value as { seen?: unknown } | null)?.seen;
  if (!Array.isArray(seen)) return 0;
  let pairs = 0;
  for (const s of seen) {
    const devices = (s as { devices?: unknown } | null)?.devices;
    if (Array.isArray(devices)) pairs += devices.length;
  }
  return pairs;
}
