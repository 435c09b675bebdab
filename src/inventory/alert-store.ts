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

/** An alert that no target has taken yet: raised with no target configured, or every target failing. */
export interface UndeliveredAlert {
  readonly id: number;
  readonly deviceId: number;
  /** The device's current address. */
  readonly ip: string;
  readonly reason: string;
  readonly at: string;
  /** Deliveries still to be tried (pending or failed); 0 when no target was configured. */
  readonly queued: number;
}

/** An alert raised at or after some time that has no delivery to a target. */
export interface MissingDelivery {
  readonly alertId: number;
  readonly deviceId: number;
  readonly target: string;
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

interface UndeliveredRow {
  readonly id: number;
  readonly device_id: number;
  readonly ip: string;
  readonly reason: string;
  readonly at: string;
  readonly queued: number;
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
    // Takes a delivery for one sender; fails while another sender's claim holds or once it is settled.
    claim: db.prepare<[string, string, number, string, string]>(
      `UPDATE alert_deliveries SET claimed_by = ?, claimed_until = ?
       WHERE alert_id = ? AND target = ? AND status IN ('pending', 'failed')
         AND (claimed_until IS NULL OR claimed_until <= ?)`,
    ),
    // A settled delivery (delivered, abandoned) is never rewritten by a sender whose claim had lapsed.
    recordRound: db.prepare<[string, number, string, string | null, string | null, number, string]>(
      `UPDATE alert_deliveries SET status = ?, attempts = attempts + ?, rounds = rounds + 1, last_attempt_at = ?,
         last_error = coalesce(?, last_error), delivered_at = coalesce(?, delivered_at),
         claimed_by = NULL, claimed_until = NULL
       WHERE alert_id = ? AND target = ? AND status IN ('pending', 'failed')`,
    ),
    missingDeliveries: db.prepare<[string, string], { alert_id: number; device_id: number; target: string }>(
      `SELECT a.id AS alert_id, a.device_id, t.value AS target
       FROM alerts a CROSS JOIN json_each(?) t
       WHERE a.at >= ? AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id AND d.target = t.value)
       ORDER BY a.id, t.value`,
    ),
    undeliveredAlerts: db.prepare<[number], UndeliveredRow>(
      `SELECT a.id, a.device_id, dv.ip, a.reason, a.at,
              (SELECT COUNT(*) FROM alert_deliveries q WHERE q.alert_id = a.id AND q.status IN ('pending', 'failed')) AS queued
       FROM alerts a JOIN devices dv ON dv.id = a.device_id
       WHERE NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id AND d.status = 'delivered')
       ORDER BY a.id DESC LIMIT ?`,
    ),
    undeliveredCount: db.prepare<[], { n: number }>(
      `SELECT COUNT(*) AS n FROM alerts a
       WHERE NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id AND d.status = 'delivered')`,
    ),
    dropShadowed: db.prepare<[string, string]>(
      `DELETE FROM alert_deliveries WHERE target = ? AND alert_id IN (SELECT alert_id FROM alert_deliveries WHERE target = ?)`,
    ),
    renameTarget: db.prepare<[string, string]>(`UPDATE alert_deliveries SET target = ? WHERE target = ?`),
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

  /**
   * Moves each target's deliveries to its new name. Where the new name already has a delivery of
   * the same alert (queued by a catch-up before the rename), the older record, with its history, wins.
   */
  renameTargets(pairs: readonly (readonly [from: string, to: string])[]): void {
    this.db.transaction(() => {
      for (const [from, to] of pairs) {
        if (from === to) continue;
        this.sql.dropShadowed.run(to, from);
        this.sql.renameTarget.run(to, from);
      }
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

  /**
   * Claims one delivery for `owner` until `until`, in an IMMEDIATE transaction: of two processes
   * delivering at once, exactly one gets it and the other leaves it. False when another claim still
   * holds or the delivery is settled. recordRound releases the claim.
   */
  claim(alertId: number, target: string, owner: string, now: string, until: string): boolean {
    return this.db.transaction(() => this.sql.claim.run(owner, until, alertId, target, now).changes === 1).immediate();
  }

  /** Alerts raised at or after `since` that have no delivery (of any state) to one of these targets. */
  missingDeliveries(targets: readonly string[], since: string): MissingDelivery[] {
    return this.sql.missingDeliveries
      .all(JSON.stringify(targets), since)
      .map((row) => ({ alertId: row.alert_id, deviceId: row.device_id, target: row.target }));
  }

  /** Queues a pending delivery of an existing alert to a target (nothing when one exists). */
  addDelivery(alertId: number, target: string): void {
    this.sql.insertDelivery.run(alertId, target);
  }

  /** Alerts no target has taken, newest first (at most `limit`), and how many there are in all. */
  undeliveredAlerts(limit: number): { readonly total: number; readonly newest: UndeliveredAlert[] } {
    const newest = this.sql.undeliveredAlerts.all(limit).map((row) => ({
      id: row.id,
      deviceId: row.device_id,
      ip: row.ip,
      reason: row.reason,
      at: row.at,
      queued: row.queued,
    }));
    return { total: this.sql.undeliveredCount.get()?.n ?? 0, newest };
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
