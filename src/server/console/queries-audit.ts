/** The audit log as the console shows it (rows are written by store/audit.ts). */
import type { Queryable } from '../queries/db.js';

export interface AuditRow {
  readonly id: string;
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly detail: unknown;
}

/** Newest first, keyset by id: `before` is the last id of the previous page. */
export async function listAudit(db: Queryable, limit: number, before: string | null): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT id::text AS id, at, actor, action, target, detail FROM audit
      WHERE ($1::bigint IS NULL OR id < $1::bigint) ORDER BY id DESC LIMIT $2`,
    [before, limit],
  );
  return rows;
}
