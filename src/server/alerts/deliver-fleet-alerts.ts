/**
 * Sends the fleet alerts not yet delivered to the server's alert targets (the `alerts:` section of
 * the server's configuration, the same targets a site has). An alert is claimed with SKIP LOCKED, so
 * two server processes never send one alert twice at once; one that fails stays for the next round,
 * up to MAX_ATTEMPTS. Receivers deduplicate on X-Lanaudit-Alert ("fleet-<id>") if a round with
 * several targets is retried after one of them took it.
 */
import { deliveryTimeoutMs, send } from '../../alerts/send.js';
import type { Target } from '../../alerts/targets.js';
import type { Logger } from '../../util/log.js';
import { allowIdle, inTransaction, type Pool } from '../store/pool.js';

const MAX_ATTEMPTS = 10;
const ROUND = 100;

export interface DeliveryRound {
  readonly delivered: number;
  readonly failed: number;
}

export async function deliverFleetAlerts(pool: Pool, targets: readonly Target[], log: Logger): Promise<DeliveryRound> {
  if (targets.length === 0) return { delivered: 0, failed: 0 };
  return inTransaction(pool, async (client) => {
    // The claim holds while each alert goes to every target, the transaction idle meanwhile: the
    // server's idle limit must not end it before the slowest targets give up.
    await allowIdle(pool, client, targets.reduce((n, t) => n + deliveryTimeoutMs(t), 0) + 10_000);
    const { rows } = await client.query<{ id: string; message: string }>(
      `SELECT id::text, message FROM fleet_alerts WHERE delivered_at IS NULL AND attempts < $1
       ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [MAX_ATTEMPTS, ROUND],
    );
    let delivered = 0;
    let failed = 0;
    for (const row of rows) {
      const summary = (JSON.parse(row.message) as { summary?: string }).summary ?? 'lanaudit fleet alert';
      const errors: string[] = [];
      for (const target of targets) {
        // The fleet's alert ids are their own sequence: "fleet-" keeps them apart from a site's.
        await send(target, row.message, summary, `fleet-${row.id}`).catch((err: unknown) => errors.push(`${target.name}: ${(err as Error).message}`));
      }
      if (errors.length === 0) {
        delivered++;
        await client.query('UPDATE fleet_alerts SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1', [row.id]);
      } else {
        failed++;
        log.warn('fleet alert not delivered', { alert: row.id, error: errors.join('; ') });
        await client.query('UPDATE fleet_alerts SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [row.id, errors.join('; ').slice(0, 2_000)]);
      }
    }
    return { delivered, failed };
  });
}
