import type { PoolClient } from './pool.js';

/**
 * Sets devices.triage_status/triage_until of these devices of a site from the decision in force:
 * the latest by `at`, then by uid (the same rule on every site and here, whatever order the
 * decisions arrived in); 'open' when there is none.
 */
export async function recomputeTriage(client: PoolClient, siteId: number, deviceIds: readonly (number | string)[]): Promise<void> {
  if (deviceIds.length === 0) return;
  await client.query(
    `UPDATE devices d SET triage_status = f.status, triage_until = f.until
     FROM (
       SELECT ids.id, coalesce(latest.status, 'open') AS status, latest.until
       FROM (SELECT DISTINCT unnest($2::bigint[]) AS id) ids
       LEFT JOIN LATERAL (
         SELECT t.status, t.until FROM triage t
         WHERE t.site_id = $1 AND t.device_id = ids.id
         ORDER BY t.at DESC, t.uid COLLATE "C" DESC LIMIT 1
       ) latest ON true
     ) f
     WHERE d.site_id = $1 AND d.id = f.id
       AND (d.triage_status, d.triage_until) IS DISTINCT FROM (f.status, f.until)`,
    [siteId, deviceIds.map(String)],
  );
}
