import type { Batch } from '../../sync/protocol.js';
import type { PoolClient } from '../store/pool.js';
import { recomputeTriage } from '../store/triage-in-force.js';
import { pgJson } from './pg-json.js';

/**
 * Applies one batch's rows to a site, inside the caller's transaction. Every statement is an
 * idempotent upsert keyed by (site, the site's row id), one multi-row statement per table (the
 * rows travel as one jsonb parameter), so a 5,000-row batch is a handful of round trips.
 */
export async function applyBatchRows(client: PoolClient, siteId: number, batch: Batch): Promise<void> {
  // First: the batch's rows were built after these merges and name the devices merged into.
  await applyMerges(client, siteId, batch.merged ?? []);
  await upsertScans(client, siteId, lastById(batch.scans));
  await upsertDevices(client, siteId, lastById(batch.devices));
  await upsertAddresses(client, siteId, batch);
  await insertHistory(client, siteId, batch);
  await applySightings(client, siteId, batch.seen);
  // Also the devices of this batch: a decision may have arrived before its device.
  const touched = [...new Set([...batch.triage.map((t) => t.deviceId), ...batch.devices.map((d) => d.id)])];
  await recomputeTriage(client, siteId, touched);
}

/**
 * The site's device merges, in order (protocol.ts): what the server holds of `from` moves to `into`
 * and `from`'s device row is folded into `into`'s, or becomes it when `into` was not sent yet. A
 * merge applied again finds nothing of `from` left: it changes nothing more.
 */
async function applyMerges(client: PoolClient, siteId: number, merged: NonNullable<Batch['merged']>): Promise<void> {
  for (const { from, into } of merged) {
    const ids = [siteId, from, into];
    for (const table of ['verdicts', 'events', 'triage'] as const) {
      await client.query(`UPDATE ${table} SET device_id = $3 WHERE site_id = $1 AND device_id = $2`, ids);
    }
    // An alert keyed by the site's id (raise-fleet-alerts.ts: a device without a stable MAC) takes
    // `into`'s key, unless `into` has that alert already: the device does not alert twice.
    await client.query(
      `UPDATE fleet_alerts a SET device_id = $3,
         device_key = CASE WHEN a.device_key = $4 AND NOT EXISTS (SELECT 1 FROM fleet_alerts b WHERE b.device_key = $5 AND b.state = a.state)
           THEN $5 ELSE a.device_key END
       WHERE a.site_id = $1 AND a.device_id = $2`,
      [...ids, `site:${siteId}:${from}`, `site:${siteId}:${into}`],
    );
    for (const [table, column] of [['device_ips', 'ip'], ['device_macs', 'mac']] as const) {
      await client.query(
        `INSERT INTO ${table} (site_id, device_id, ${column}, first_seen, last_seen)
         SELECT site_id, $3, ${column}, first_seen, last_seen FROM ${table} WHERE site_id = $1 AND device_id = $2
         ON CONFLICT (site_id, device_id, ${column}) DO UPDATE SET first_seen = least(${table}.first_seen, EXCLUDED.first_seen),
           last_seen = greatest(${table}.last_seen, EXCLUDED.last_seen)`,
        ids,
      );
      await client.query(`DELETE FROM ${table} WHERE site_id = $1 AND device_id = $2`, [siteId, from]);
    }
    // A sighting of `from` not folded yet counts for `into` (folded later it would find no `from`):
    // the result does not depend on when the server folds.
    const source = await client.query<{ first_seen: Date; last_seen: Date }>(
      `SELECT d.first_seen, greatest(d.last_seen, (SELECT max(p.at) FROM pending_sightings p WHERE p.site_id = $1 AND $2 BETWEEN p.lo AND p.hi)) AS last_seen
       FROM devices d WHERE d.site_id = $1 AND d.id = $2`,
      [siteId, from],
    );
    const row = source.rows[0];
    if (row !== undefined) {
      const folded = await client.query(
        'UPDATE devices SET first_seen = least(first_seen, $3), last_seen = greatest(last_seen, $4) WHERE site_id = $1 AND id = $2',
        [siteId, into, row.first_seen, row.last_seen],
      );
      if (folded.rowCount === 1) await client.query('DELETE FROM devices WHERE site_id = $1 AND id = $2', [siteId, from]);
      else await client.query('UPDATE devices SET id = $3, last_seen = $4 WHERE site_id = $1 AND id = $2', [...ids, row.last_seen]);
    }
    await recomputeTriage(client, siteId, [into]);
  }
}

/** A row sent twice in one batch: the later one is the newer state (and one upsert may not touch a row twice). */
function lastById<T extends { readonly id: number }>(rows: readonly T[]): T[] {
  return [...new Map(rows.map((r) => [r.id, r])).values()];
}

async function upsertScans(client: PoolClient, siteId: number, scans: Batch['scans']): Promise<void> {
  if (scans.length === 0) return;
  await client.query(
    `INSERT INTO scans (site_id, id, started_at, finished_at, scope, ranges, engine, status, hosts, flagged, error)
     SELECT $1, r.id, r."startedAt", r."finishedAt", r.scope, r.ranges, r.engine, r.status, r.hosts, r.flagged, r.error
     FROM jsonb_to_recordset($2::jsonb) AS r(id bigint, "startedAt" timestamptz, "finishedAt" timestamptz, scope text, ranges jsonb,
       engine text, status text, hosts integer, flagged integer, error text)
     ON CONFLICT (site_id, id) DO UPDATE SET started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, scope = EXCLUDED.scope,
       ranges = EXCLUDED.ranges, engine = EXCLUDED.engine, status = EXCLUDED.status, hosts = EXCLUDED.hosts, flagged = EXCLUDED.flagged, error = EXCLUDED.error`,
    [siteId, pgJson(scans)],
  );
}

/** Identity, labels and current verdict as sent; last_seen only moves forward (first sent: firstSeen; later: sightings). */
async function upsertDevices(client: PoolClient, siteId: number, devices: Batch['devices']): Promise<void> {
  if (devices.length === 0) return;
  await client.query(
    `INSERT INTO devices (site_id, id, mac, ip, first_seen, last_seen, name, location, verdict_id, status, covered,
       manufacturer, manufacturer_name, brand, model, serial, firmware)
     SELECT $1, r.id, r.mac, r.ip, r."firstSeen", r."firstSeen", r.name, r.location, r."verdictId", r.status, r.covered,
       r.manufacturer, r."manufacturerName", r.brand, r.model, r.serial, r.firmware
     FROM jsonb_to_recordset($2::jsonb) AS r(id bigint, mac text, ip text, "firstSeen" timestamptz, name text, location jsonb,
       "verdictId" bigint, status text, covered text, manufacturer text, "manufacturerName" text, brand text, model text, serial text, firmware text)
     ON CONFLICT (site_id, id) DO UPDATE SET mac = EXCLUDED.mac, ip = EXCLUDED.ip, first_seen = EXCLUDED.first_seen,
       last_seen = greatest(devices.last_seen, EXCLUDED.last_seen), name = EXCLUDED.name, location = EXCLUDED.location,
       verdict_id = EXCLUDED.verdict_id, status = EXCLUDED.status, covered = EXCLUDED.covered, manufacturer = EXCLUDED.manufacturer,
       manufacturer_name = EXCLUDED.manufacturer_name, brand = EXCLUDED.brand, model = EXCLUDED.model, serial = EXCLUDED.serial,
       firmware = EXCLUDED.firmware`,
    [siteId, pgJson(devices)],
  );
}

/** A device's addresses and MACs over time: the earliest first sighting and the latest last one win. */
async function upsertAddresses(client: PoolClient, siteId: number, batch: Batch): Promise<void> {
  const tables = [
    { table: 'device_ips', column: 'ip', rows: batch.addresses },
    { table: 'device_macs', column: 'mac', rows: batch.macs },
  ] as const;
  for (const { table, column, rows } of tables) {
    if (rows.length === 0) continue;
    await client.query(
      `INSERT INTO ${table} (site_id, device_id, ${column}, first_seen, last_seen)
       SELECT $1, r."deviceId", r.${column}, min(r."firstSeen"), max(r."lastSeen")
       FROM jsonb_to_recordset($2::jsonb) AS r("deviceId" bigint, ${column} text, "firstSeen" timestamptz, "lastSeen" timestamptz)
       GROUP BY r."deviceId", r.${column}
       ON CONFLICT (site_id, device_id, ${column}) DO UPDATE SET first_seen = least(${table}.first_seen, EXCLUDED.first_seen),
         last_seen = greatest(${table}.last_seen, EXCLUDED.last_seen)`,
      [siteId, pgJson(rows)],
    );
  }
}

/**
 * Verdicts, events and triage decisions are immutable once written: a row already there is kept.
 * A site's decision is stored as the site's whatever origin it claims: a central decision it
 * echoes back is already here under its uid, and a site cannot forge one.
 */
async function insertHistory(client: PoolClient, siteId: number, batch: Batch): Promise<void> {
  if (batch.verdicts.length > 0) {
    await client.query(
      `INSERT INTO verdicts (site_id, id, device_id, scan_id, at, status, covered, manufacturer, manufacturer_name, brand, model,
         serial, firmware, confidence, randomized_mac, evidence)
       SELECT $1, r.id, r."deviceId", r."scanId", r.at, r.status, r.covered, r.manufacturer, r."manufacturerName", r.brand, r.model,
         r.serial, r.firmware, r.confidence, r."randomizedMac", r.evidence
       FROM jsonb_to_recordset($2::jsonb) AS r(id bigint, "deviceId" bigint, "scanId" bigint, at timestamptz, status text, covered text,
         manufacturer text, "manufacturerName" text, brand text, model text, serial text, firmware text, confidence real,
         "randomizedMac" boolean, evidence jsonb)
       ON CONFLICT (site_id, id) DO NOTHING`,
      [siteId, pgJson(batch.verdicts)],
    );
  }
  if (batch.events.length > 0) {
    await client.query(
      `INSERT INTO events (site_id, id, scan_id, device_id, at, type, field, old, new)
       SELECT $1, r.id, r."scanId", r."deviceId", r.at, r.type, r.field, r.old, r.new
       FROM jsonb_to_recordset($2::jsonb) AS r(id bigint, "scanId" bigint, "deviceId" bigint, at timestamptz, type text, field text, old text, new text)
       ON CONFLICT (site_id, id) DO NOTHING`,
      [siteId, pgJson(batch.events)],
    );
  }
  if (batch.triage.length > 0) {
    await client.query(
      `INSERT INTO triage (uid, site_id, device_id, status, note, by, at, until, origin)
       SELECT r.uid, $1, r."deviceId", r.status, r.note, r.by, r.at, r.until, 'site'
       FROM jsonb_to_recordset($2::jsonb) AS r(uid text, "deviceId" bigint, status text, note text, by text, at timestamptz, until timestamptz)
       ORDER BY r.at, r.uid
       ON CONFLICT (uid) DO NOTHING`,
      [siteId, pgJson(batch.triage)],
    );
  }
}

/**
 * A scan's sightings are stored as they came (one row per id range) and folded into last_seen
 * after the push is acknowledged (fold-sightings.ts): an unchanged site's push stays one small
 * insert whatever the site's size.
 */
async function applySightings(client: PoolClient, siteId: number, seen: Batch['seen']): Promise<void> {
  // An inverted range names no device.
  const rows = seen.flatMap((s) => s.devices.filter(([lo, hi]) => lo <= hi).map(([lo, hi]) => ({ scanId: s.scanId, at: s.at, lo, hi })));
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO pending_sightings (site_id, scan_id, at, lo, hi)
     SELECT $1, r."scanId", r.at, r.lo, r.hi
     FROM jsonb_to_recordset($2::jsonb) AS r("scanId" bigint, at timestamptz, lo bigint, hi bigint)`,
    [siteId, pgJson(rows)],
  );
}
