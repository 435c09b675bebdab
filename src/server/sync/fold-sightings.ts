import { inTransaction, type Pool } from '../store/pool.js';

/**
 * Moves devices.last_seen forward to a site's pending sightings (apply-batch.ts) and deletes them,
 * one transaction per site: a fold that fails leaves them for the next. last_seen only moves
 * forward, so folding twice, late, or beside a push changes nothing more. Each sighting time is one
 * int8multirange containment over the site's devices on the primary key: a range join planned on
 * statistics that predate a new site rescanned the site once per device. Returns the rows folded.
 */
export async function foldSightings(pool: Pool, siteId?: number): Promise<number> {
  const sites =
    siteId !== undefined ? [siteId] : (await pool.query<{ site_id: number }>('SELECT DISTINCT site_id FROM pending_sightings')).rows.map((r) => r.site_id);
  let folded = 0;
  for (const site of sites) {
    folded += await inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ at: Date; ranges: string; n: number }>(
        `WITH s AS (DELETE FROM pending_sightings WHERE site_id = $1 RETURNING at, lo, hi)
         SELECT at, range_agg(int8range(lo, hi, '[]'))::text AS ranges, count(*)::int AS n FROM s GROUP BY at ORDER BY at`,
        [site],
      );
      for (const row of rows) {
        await client.query('UPDATE devices SET last_seen = $3 WHERE site_id = $1 AND id <@ $2::int8multirange AND last_seen < $3', [site, row.ranges, row.at]);
      }
      return rows.reduce((n, r) => n + r.n, 0);
    });
  }
  return folded;
}
