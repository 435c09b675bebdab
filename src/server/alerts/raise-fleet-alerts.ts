/**
 * Fleet alerts, for sites that leave alerting to the server (sites.central_alerts): one alert per
 * physical device and state across the whole fleet. A device is its MAC when it has a stable one
 * (a camera moved between sites, or a laptop roaming between them, is the same device) and its
 * site's id otherwise. Its state is what would make a site alert again: covered by an entity
 * while needing action, under the decision in force (a reopening after "removed" is a new state,
 * so it alerts again), or a waiver that ran out.
 */
import { alertMessage } from '../../alerts/message.js';
import type { AlertReason } from '../../changes/state-change.js';
import type { Placement } from '../../infrastructure/place-devices.js';
import type { LabelledDevice } from '../../inventory/device-labels.js';
import type { Evidence, Verdict } from '../../identify/verdict.js';
import { inTransaction, type Pool, type PoolClient } from '../store/pool.js';

interface CandidateRow {
  id: string;
  mac: string | null;
  ip: string;
  name: string | null;
  location: Placement | null;
  covered: string;
  manufacturer: string | null;
  manufacturer_name: string | null;
  brand: string | null;
  model: string | null;
  serial: string | null;
  firmware: string | null;
  first_seen: Date;
  last_seen: Date;
  confidence: number | null;
  randomized_mac: boolean | null;
  evidence: Evidence[] | null;
  triage_status: string;
  triage_until: Date | null;
  triage_uid: string | null;
  triage_by: string | null;
}

export interface FleetAlertState {
  readonly key: string;
  readonly state: string;
  readonly reason: AlertReason;
}

/** The fleet-wide identity and state of a covered device, or null when it needs no action. */
export function fleetAlertState(siteId: number, row: Pick<CandidateRow, 'id' | 'mac' | 'randomized_mac' | 'covered' | 'triage_status' | 'triage_until' | 'triage_uid' | 'triage_by'>, now: Date): FleetAlertState | null {
  const key = row.mac !== null && row.randomized_mac !== true ? `mac:${row.mac.toLowerCase()}` : `site:${siteId}:${row.id}`;
  if (row.triage_status === 'waiver' && row.triage_until !== null && row.triage_until.getTime() <= now.getTime()) {
    return { key, state: `waiver-expired:${row.covered}:${row.triage_uid}`, reason: 'waiver-expired' };
  }
  if (row.triage_status !== 'open') return null;
  // An 'open' decision in force is a reopening (by lanaudit when a removed device came back, or by a person).
  if (row.triage_uid === null) return { key, state: `covered:${row.covered}`, reason: 'new' };
  return { key, state: `covered:${row.covered}:${row.triage_uid}`, reason: row.triage_by === 'lanaudit' ? 'removed-reappeared' : 'reappeared' };
}

/**
 * Inside the push's transaction: records a fleet alert for each of these devices of the site that
 * is covered and needs action, unless the fleet already has one for that device and state. Returns
 * how many were recorded; delivery happens after the commit (deliver-fleet-alerts.ts).
 */
export async function raiseFleetAlerts(client: PoolClient, site: { readonly id: number; readonly name: string }, deviceIds: readonly number[], now: Date): Promise<number> {
  if (deviceIds.length === 0) return 0;
  const { rows } = await client.query<CandidateRow>(
    `SELECT d.id::text AS id, d.mac, d.ip, d.name, d.location, d.covered, d.manufacturer, d.manufacturer_name, d.brand, d.model,
       d.serial, d.firmware, d.first_seen, d.last_seen, v.confidence, v.randomized_mac, v.evidence,
       d.triage_status, d.triage_until, t.uid AS triage_uid, t.by AS triage_by
     FROM devices d
     LEFT JOIN verdicts v ON v.site_id = d.site_id AND v.id = d.verdict_id
     LEFT JOIN LATERAL (
       SELECT uid, by FROM triage WHERE site_id = d.site_id AND device_id = d.id ORDER BY at DESC, uid COLLATE "C" DESC LIMIT 1
     ) t ON true
     WHERE d.site_id = $1 AND d.id = ANY($2::bigint[]) AND d.status = 'covered' AND d.covered IS NOT NULL
     ORDER BY d.id`,
    [site.id, deviceIds.map(String)],
  );
  let raised = 0;
  for (const row of rows) {
    const state = fleetAlertState(site.id, row, now);
    if (state === null) continue;
    const message = { ...alertMessage(labelled(row), state.reason, null, now.toISOString()), site: site.name };
    const inserted = await client.query(
      `INSERT INTO fleet_alerts (device_key, state, site_id, device_id, at, message) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (device_key, state) DO NOTHING`,
      [state.key, state.state, site.id, row.id, now, JSON.stringify(message)],
    );
    raised += inserted.rowCount ?? 0;
  }
  return raised;
}

function labelled(row: CandidateRow): LabelledDevice {
  const verdict: Verdict = {
    manufacturer: row.manufacturer,
    manufacturerName: row.manufacturer_name,
    brand: row.brand,
    model: row.model,
    serial: row.serial,
    firmware: row.firmware,
    status: 'covered',
    covered: row.covered as Verdict['covered'],
    confidence: row.confidence ?? 0,
    randomizedMac: row.randomized_mac === true,
    evidence: row.evidence ?? [],
  };
  return {
    id: Number(row.id),
    mac: row.mac,
    ip: row.ip,
    firstSeen: row.first_seen.toISOString(),
    lastSeen: row.last_seen.toISOString(),
    verdict,
    name: row.name,
    location: row.location,
  };
}

/**
 * Waivers run out with time, not with a push: the covered devices of sites that leave alerting to
 * the server whose waiver has ended get their alert now. Returns how many were recorded.
 */
export async function raiseExpiredWaivers(pool: Pool, now: Date): Promise<number> {
  const { rows } = await pool.query<{ site_id: number; name: string; ids: string[] }>(
    `SELECT s.id AS site_id, s.name, array_agg(d.id::text) AS ids FROM devices d JOIN sites s ON s.id = d.site_id
     WHERE s.central_alerts AND d.status = 'covered' AND d.triage_status = 'waiver' AND d.triage_until <= $1
     GROUP BY s.id, s.name`,
    [now],
  );
  let raised = 0;
  for (const row of rows) {
    raised += await inTransaction(pool, (client) => raiseFleetAlerts(client, { id: row.site_id, name: row.name }, row.ids.map(Number), now));
  }
  return raised;
}
