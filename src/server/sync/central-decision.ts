import { randomBytes } from 'node:crypto';
import type { CentralDecision } from '../../sync/protocol.js';
import { UsageError } from '../../util/errors.js';
import { writeAudit } from '../store/audit.js';
import { inTransaction, type Pool } from '../store/pool.js';
import { recomputeTriage } from '../store/triage-in-force.js';

export interface CentralDecisionInput {
  readonly siteName: string;
  /** The site's own device id. */
  readonly deviceId: number;
  readonly status: CentralDecision['status'];
  readonly note: string;
  /** Who decided (a console user, or the OS user of the CLI). */
  readonly by: string;
  /** A waiver's end (ISO time), else null. */
  readonly until: string | null;
  /** When it was decided (default: now). */
  readonly at?: Date;
}

/** The site or device named does not exist on the server. */
export class UnknownDeviceError extends UsageError {}

/**
 * Records a triage decision made centrally: kept with a new uid beside the site's own decisions,
 * delivered to the site on its next sync (position or push reply), put in force here by the same
 * rule as everywhere (latest by time, then uid), and written to the audit trail.
 */
export async function recordCentralDecision(pool: Pool, input: CentralDecisionInput): Promise<CentralDecision> {
  if (input.note.trim() === '') throw new UsageError('a central decision needs a note: why it was decided');
  const uid = randomBytes(16).toString('hex');
  const at = (input.at ?? new Date()).toISOString();
  return inTransaction(pool, async (client) => {
    const device = await client.query<{ site_id: number }>(
      'SELECT d.site_id FROM devices d JOIN sites s ON s.id = d.site_id WHERE s.name = $1 AND d.id = $2',
      [input.siteName, input.deviceId],
    );
    const siteId = device.rows[0]?.site_id;
    if (siteId === undefined) throw new UnknownDeviceError(`no device ${input.deviceId} at site ${input.siteName.slice(0, 140)}`);
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO triage (uid, site_id, device_id, status, note, by, at, until, origin)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'central') RETURNING id::text`,
      [uid, siteId, input.deviceId, input.status, input.note, input.by, at, input.until],
    );
    await recomputeTriage(client, siteId, [input.deviceId]);
    await writeAudit(client, {
      actor: input.by,
      action: 'triage',
      target: `${input.siteName}/${input.deviceId}`,
      detail: { uid, status: input.status, note: input.note, until: input.until },
    });
    return {
      id: Number(rows[0]!.id),
      uid,
      deviceId: input.deviceId,
      status: input.status,
      note: input.note,
      by: input.by,
      at,
      until: input.until,
      origin: 'central',
    };
  });
}
