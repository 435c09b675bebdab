import { hostname } from 'node:os';
import { secretScrubber } from '../config/redact.js';
import type { AlertStore, PendingDelivery } from '../inventory/alert-store.js';
import type { Logger } from '../util/log.js';
import { sleep } from '../util/sleep.js';
import { send, type SendOptions } from './send.js';
import { targetSecrets, type Target } from './targets.js';

export type AlertLog = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface DeliveryOptions {
  /** Attempts per delivery in one round (one after-scan phase). */
  readonly tries?: number;
  /** Wait before the second attempt; doubles for each further one. */
  readonly backoffMs?: number;
  /** Rounds (after-scan phases) before an undeliverable alert is abandoned. */
  readonly maxRounds?: number;
  readonly send?: SendOptions;
  readonly now?: () => Date;
}

export interface DeliveryReport {
  readonly delivered: number;
  /** Failed this round; retried after the next scan. */
  readonly failed: number;
  /** Failed for the last allowed round; no longer retried. */
  readonly abandoned: number;
  /** Not tried this round because the target had just failed: a dead target costs one alert's tries, not all of them. */
  readonly deferred: number;
  /** Left alone because another process (another scan's follow-up) was sending them. */
  readonly elsewhere: number;
}

export const DEFAULT_TRIES = 3;
export const DEFAULT_BACKOFF_MS = 1000;
export const DEFAULT_MAX_ROUNDS = 10;
/** Beyond the longest a round of tries can take: a claim outlives its sender only if that sender died. */
const CLAIM_MARGIN_MS = 60_000;
const SYSLOG_TIMEOUT_MS = 10_000;

/**
 * Delivers every pending or failed alert to each target, targets in parallel, alerts in order.
 * Never throws for a target's failure: it is recorded, logged (without secrets) and retried later.
 */
export async function deliverPending(alerts: AlertStore, targets: readonly Target[], log: AlertLog, options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const reports = await Promise.all(targets.map((target) => deliverTo(alerts, target, log, options)));
  return reports.reduce(
    (sum, r) => ({
      delivered: sum.delivered + r.delivered,
      failed: sum.failed + r.failed,
      abandoned: sum.abandoned + r.abandoned,
      deferred: sum.deferred + r.deferred,
      elsewhere: sum.elsewhere + r.elsewhere,
    }),
    { delivered: 0, failed: 0, abandoned: 0, deferred: 0, elsewhere: 0 },
  );
}

async function deliverTo(alerts: AlertStore, target: Target, log: AlertLog, options: DeliveryOptions): Promise<DeliveryReport> {
  const tries = Math.max(1, options.tries ?? DEFAULT_TRIES);
  const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  const maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
  const now = options.now ?? (() => new Date());
  const scrub = secretScrubber(targetSecrets(target));
  const report = { delivered: 0, failed: 0, abandoned: 0, deferred: 0, elsewhere: 0 };
  const owner = `${hostname()}:${process.pid}`;
  const leaseMs = tries * (target.kind === 'webhook' ? target.timeoutMs : SYSLOG_TIMEOUT_MS) + backoffMs * 2 ** tries + CLAIM_MARGIN_MS;
  let targetDown = false;
  for (const delivery of alerts.undelivered([target.name])) {
    if (targetDown) {
      report.deferred++;
      continue;
    }
    // Two scans finishing together both see this delivery pending: only the claimant sends it.
    const claimedAt = now();
    if (!alerts.claim(delivery.alertId, target.name, owner, claimedAt.toISOString(), new Date(claimedAt.getTime() + leaseMs).toISOString())) {
      report.elsewhere++;
      continue;
    }
    let error = '';
    let attempts = 0;
    for (; attempts < tries; attempts++) {
      if (attempts > 0) await sleep(backoffMs * 2 ** (attempts - 1));
      try {
        await send(target, delivery.message, summaryOf(delivery), delivery.alertId, options.send);
        error = '';
        break;
      } catch (err) {
        error = scrub(describe(err));
      }
    }
    const at = now().toISOString();
    if (error === '') {
      alerts.recordRound(delivery.alertId, target.name, { status: 'delivered', attempts: attempts + 1, at, error: null });
      report.delivered++;
      log.info(`alert ${delivery.alertId} (${delivery.reason}, device ${delivery.deviceId}) delivered to ${target.name}`);
      continue;
    }
    targetDown = true;
    const abandon = delivery.rounds + 1 >= maxRounds;
    alerts.recordRound(delivery.alertId, target.name, { status: abandon ? 'abandoned' : 'failed', attempts, at, error });
    if (abandon) {
      report.abandoned++;
      log.error(`alert ${delivery.alertId} (${delivery.reason}, device ${delivery.deviceId}) abandoned for ${target.name} after ${delivery.rounds + 1} rounds: ${error}`);
    } else {
      report.failed++;
      log.warn(`alert ${delivery.alertId} (${delivery.reason}, device ${delivery.deviceId}) not delivered to ${target.name} after ${attempts} tries: ${error}; retried after the next scan`);
    }
  }
  return report;
}

function summaryOf(delivery: PendingDelivery): string {
  try {
    const parsed: unknown = JSON.parse(delivery.message);
    if (parsed !== null && typeof parsed === 'object' && 'summary' in parsed && typeof parsed.summary === 'string') return parsed.summary;
  } catch {
    // A message we stored ourselves; fall through to a generic line rather than lose the alert.
  }
  return `lanaudit alert ${delivery.alertId}: ${delivery.reason}, device ${delivery.deviceId}`;
}

/** fetch hides the reason in `cause` ("fetch failed" ← ECONNREFUSED); timeouts are named. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'timed out';
  const cause = err.cause instanceof Error ? `: ${'code' in err.cause && typeof err.cause.code === 'string' ? err.cause.code : err.cause.message}` : '';
  return `${err.message}${cause}`.slice(0, 300);
}
