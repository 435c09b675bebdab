import { readFileSync } from 'node:fs';
import type { FleetConfig } from '../config/fleet.js';
import type { Inventory } from '../inventory/inventory.js';
import { RuntimeError } from '../util/errors.js';
import { buildBatches, type BuiltBatch } from './build-batches.js';
import { pushOutbox, type FleetEndpoint, type PushReport } from './push.js';

export interface SyncReport extends PushReport {
  /** Batches built by this sync (the outbox may hold older ones too). */
  readonly built: readonly BuiltBatch[];
}

/** The server to push to, with the token and CA read from their files. */
export function fleetEndpoint(fleet: FleetConfig): FleetEndpoint {
  const token = fleet.token ?? readSecretFile(fleet.tokenFile ?? '', 'fleet.tokenFile').trim();
  if (token === '') throw new RuntimeError(`fleet.tokenFile ${fleet.tokenFile ?? ''} is empty: put the site token in it`);
  return { url: fleet.url, token, ...(fleet.caFile !== undefined ? { ca: readSecretFile(fleet.caFile, 'fleet.caFile', false) } : {}) };
}

function readSecretFile(path: string, what: string): string;
function readSecretFile(path: string, what: string, text: false): Buffer;
function readSecretFile(path: string, what: string, text = true): string | Buffer {
  try {
    return text ? readFileSync(path, 'utf8') : readFileSync(path);
  } catch (err) {
    throw new RuntimeError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
}

/** Puts what changed into batches, then pushes the outbox (`lanaudit sync`, and after each complete scan). */
export async function syncNow(inventory: Inventory, fleet: FleetConfig, endpoint: FleetEndpoint = fleetEndpoint(fleet)): Promise<SyncReport> {
  const built = buildBatches(inventory, { site: fleet.site });
  return { ...(await pushOutbox(inventory, endpoint)), built };
}

/** What syncAfterScan reports to: the agent's or the scan command's logger. */
export interface SyncLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/**
 * After a complete scan, when the site belongs to a fleet: build and push. Never throws: a push
 * that fails is logged and its batches wait in the outbox for the next scan or `lanaudit sync`.
 */
export async function syncAfterScan(inventory: Inventory, scanId: number, fleet: FleetConfig, log: SyncLog): Promise<SyncReport | null> {
  if (inventory.scans.get(scanId)?.status !== 'complete') return null;
  try {
    const report = await syncNow(inventory, fleet);
    const fields = { scan: scanId, server: fleet.url, built: report.built.length, sent: report.sent, acked: report.acked, waiting: report.waiting };
    if (report.ok) log.info('fleet sync done', { ...fields, decisions: report.decisionsApplied });
    else log.warn('fleet sync stopped; the batches wait in the outbox', { ...fields, error: report.error });
    for (const line of report.skippedDecisions) log.warn(line);
    return report;
  } catch (err) {
    log.warn('fleet sync failed; what was built waits in the outbox', { scan: scanId, error: err instanceof Error ? err.message : String(err) });
    return null;
  }
}
