import { BATCH_MAX_ROWS, type CentralDecision } from '../../sync/protocol.js';
import type { Pool, PoolClient } from '../store/pool.js';

interface DecisionRow {
  readonly id: string;
  readonly uid: string;
  readonly device_id: string;
  readonly status: CentralDecision['status'];
  readonly note: string | null;
  readonly by: string;
  readonly at: Date;
  readonly until: Date | null;
}

/** The site's central decisions with id > after, oldest first, at most `limit` (the agent asks again for the rest). */
export async function centralDecisionsFor(db: Pool | PoolClient, siteId: number, after: number, limit = BATCH_MAX_ROWS): Promise<CentralDecision[]> {
  const { rows } = await db.query<DecisionRow>(
    `SELECT id::text, uid, device_id::text, status, note, by, at, until FROM triage
     WHERE site_id = $1 AND origin = 'central' AND id > $2 ORDER BY id LIMIT $3`,
    [siteId, after, limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    uid: r.uid,
    deviceId: Number(r.device_id),
    status: r.status,
    note: r.note,
    by: r.by,
    at: r.at.toISOString(),
    until: r.until === null ? null : r.until.toISOString(),
    origin: 'central',
  }));
}
