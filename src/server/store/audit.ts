import type { Pool, PoolClient } from './pool.js';

export interface AuditEntry {
  /** Who: a console user, or the OS user who ran the CLI. */
  readonly actor: string;
  /** What, e.g. 'site.add', 'token.revoke', 'triage'. */
  readonly action: string;
  readonly target?: string | null;
  /** Never a secret. */
  readonly detail?: Readonly<Record<string, unknown>> | null;
}

/** Appends one row to the audit trail (in the caller's transaction when given a client). */
export async function writeAudit(db: Pool | PoolClient, entry: AuditEntry): Promise<void> {
  await db.query('INSERT INTO audit (actor, action, target, detail) VALUES ($1, $2, $3, $4)', [
    entry.actor,
    entry.action,
    entry.target ?? null,
    entry.detail === undefined || entry.detail === null ? null : JSON.stringify(entry.detail),
  ]);
}
