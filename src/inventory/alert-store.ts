import type Database from 'better-sqlite3';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'abandoned';

export interface NewAlert {
  readonly deviceId: number;
  /** Why it is sent: 'new', 'reappeared', 'removed-reappeared', 'waiver-expired', 'newly-flagged'. */
  readonly reason: string;
  /** What state change it is about (the event or triage decision that caused it): one alert per device, reason and version. */
  readonly stateVersion: string;
  readonly scanId: number | null;
  readonly at: string;
  /** The JSON message body, exactly as sent. */
  readonly message: string;
}

export interface PendingDelivery {
  readonly alertId: number;
  readonly deviceId: number;
  readonly reason: string;
  readonly target: string;
  readonly attempts: number;
  readonly rounds: number;
  readonly message: string;
}

export interface DeliveryRound {
  readonly status: Exclude<DeliveryStatus, 'pending'>;
  /** Attempts made in this round. */
  readonly attempts: number;
  readonly at: string;
  readonly error: string | null;
}

export interface TargetDeliveryState {
  readonly target: string;
  readonly lastSuccess: string | null;
  readonly lastFailure: { readonly at: string; readonly error: string } | null;
  readonly pending: number;
  readonly failed: number;
  readonly abandoned: number;
  readonly delivered: number;
}

interface PendingRow {
  readonly alert_id: number;
  readonly device_id: number;
  readonly reason: string;
  readonly target: string;
  readonly attempts: number;
  readonly rounds: number;
  readonly message: string;
}

interface TargetRow {
  readonly target: string;
  readonly last_success: string | null;
  readonly pending: number;
  readonly failed: number;
  readonly abandoned: number;
  readonly delivered: number;
}

function prepare(db: Database.Database) {
  return {
    insertAlert: db.prepare<[number, string, string, number | null, string, string]>(
      `INSERT INTO alerts (device_id, reason, state_version, scan_id, at, message) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (device_id, reason, state_version) DO NOTHING`,
    ),
    insertDelivery: db.prepare<[number, string]>(
      `INSERT INTO alert_deliveries (alert_id, target, status) VALUES (?, ?, 'pending') ON CONFLICT DO NOTHING`,
    ),
    undelivered: db.prepare<[string], PendingRow>(
      `SELECT d.alert_id, a.device_id, a.reason, d.target, d.attempts, d.rounds, a.message
       FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
       WHERE d.status IN ('pending', 'failed') AND d.target IN (SELECT value FROM json_each(?))
       ORDER BY d.alert_id`,
    ),
    recordRound: db.prepare<[string, number, string, string | null, string | null, number, string]>(
      `UPDATE alert_deliveries SET status = ?, attempts = attempts + ?, rounds = rounds + 1, last_attempt_at = ?,
         last_error = coalesce(?, last_error), delivered_at = coalesce(?, delivered_at)
       WHERE alert_id = ? AND target = ?`,
    ),
    targets: db.prepare<[], TargetRow>(
      `SELECT target, MAX(delivered_at) AS last_success,
              SUM(status = 'pending') AS pending, SUM(status = 'failed') AS failed,
              SUM(status = 'abandoned') AS abandoned, SUM(status = 'delivered') AS delivered
       FROM alert_deliveries GROUP BY target ORDER BY target`,
    ),
    lastFailure: db.prepare<[string], { at: string; error: string }>(
      `SELECT last_attempt_at AS at, last_error AS error FROM alert_deliveries
       WHERE target = ? AND status IN ('failed', 'abandoned') AND last_error IS NOT NULL AND last_attempt_at IS NOT NULL
       ORDER BY last_attempt_at DESC LIMIT 1`,
    ),
  };
}

/** Alerts (one per device, reason and state version) and their delivery to each target. Reached as inventory.alerts. */
export class AlertStore {
  private readonly sql: ReturnType<typeof prepare>;

  constructor(private readonly db: Database.Database) {
    this.sql = prepare(db);
  }

  /**
   * Records the alert with a pending delivery per target, and returns its id; null, writing nothing,
   * when this device, reason and state version were already alerted.
   */
  create(alert: NewAlert, targets: readonly string[]): number | null {
    return this.db.transaction(() => {
      const result = this.sql.insertAlert.run(alert.deviceId, alert.reason, alert.stateVersion, alert.scanId, alert.at, alert.message);
      if (result.changes === 0) return null;
      const id = Number(result.lastInsertRowid);
      for (const target of targets) this.sql.insertDelivery.run(id, target);
      return id;
    })();
  }

  /** Pending and failed deliveries to these targets, oldest alert first. */
  undelivered(targets: readonly string[]): PendingDelivery[] {
    return this.sql.undelivered.all(JSON.stringify(targets)).map((row) => ({
      alertId: row.alert_id,
      deviceId: row.device_id,
      reason: row.reason,
      target: row.target,
      attempts: row.attempts,
      rounds: row.rounds,
      message: row.message,
    }));
  }

  recordRound(alertId: number, target: string, round: DeliveryRound): void {
    this.sql.recordRound.run(
      round.status,
      round.attempts,
      round.at,
      round.error,
      round.status === 'delivered' ? round.at : null,
      alertId,
      target,
    );
  }

  /** Per target ever alerted: last success, last failure still unresolved, and counts by status. */
  status(): TargetDeliveryState[] {
    return this.sql.targets.all().map((row) => ({
      target: row.target,
      lastSuccess: row.last_success,
      lastFailure: this.sql.lastFailure.get(row.target) ?? null,
      pending: row.pending,
      failed: row.failed,
      abandoned: row.abandoned,
      delivered: row.delivered,
    }));
  }
}
