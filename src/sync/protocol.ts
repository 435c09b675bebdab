/**
 * The fleet sync protocol, version 1: what a site's agent pushes to `lanaudit server` and what it
 * gets back. Shared by the agent (src/sync) and the server (src/server); both validate with these
 * schemas, so a change here is a protocol change.
 *
 * Push: `POST /api/v1/sync/batches`, body = one Batch as JSON (UTF-8), headers
 *   Authorization: Bearer <site token>
 *   X-Lanaudit-Seq: <batch.seq>
 *   X-Lanaudit-Sha256: <hex SHA-256 of the body bytes exactly as sent>
 * The agent stores each batch's bytes in its outbox before the first attempt and resends the same
 * bytes until acknowledged, so a retry is byte-identical. The server:
 *   - 401 unknown/revoked token; 403 batch.site is not the token's site (nothing written);
 *   - 400 body does not hash to the header, is not JSON, or fails the schema (truncated, forged);
 *   - 413 body over the server's limit (the agent splits batches well below it);
 *   - seq <= acked with the same hash: 200, a duplicate, nothing applied again;
 *     seq <= acked with another hash: 409 (the site's history forked: operator action);
 *   - seq > acked + 1: 409 with `expected` (out of order: the agent resends from there);
 *   - seq == acked + 1: applies the whole batch in one transaction, records (site, seq, hash), 200.
 * Every apply is an idempotent upsert keyed by (site, the site's own row id), so the central state
 * is a clean replay of the site's batches in order.
 *
 * Merges: when the site's change tracking folds a device into another (a rotated randomized MAC),
 * the batch's optional `merged` section says so, in the order they happened, and the server applies
 * it FIRST, before the batch's other rows (rows built after a merge already name `into`): the rows
 * of `from` already sent (verdicts, events, triage, alerts, addresses, MACs) move to `into`, and
 * `from`'s device row is folded into `into`'s (or becomes it, when `into` has not been sent yet).
 * The site may later give `from`'s id to a new device: its rows come after the merge.
 *
 * Pull: every 200 (push or `GET /api/v1/sync/position?decisionsAfter=N`) carries the site's
 * acknowledged seq and the central triage decisions for the site with id > decisionsAfter (the
 * agent sends the highest it has applied), oldest first. A site with nothing new costs one GET.
 */
import { z } from 'zod';

export const PROTOCOL_VERSION = 1;
/** The agent closes a batch at this many rows (devices + verdicts + events + …) or bytes, well below the server's body limit. */
export const BATCH_MAX_ROWS = 5_000;
export const BATCH_MAX_BYTES = 4 * 1024 * 1024;
/** The server's default request body limit (413 above it): twice the agent's batches. */
export const SERVER_BODY_LIMIT = 2 * BATCH_MAX_BYTES;
/**
 * Device id pairs in all of a batch's sightings together. Counted before the schema check: a body of
 * nothing but "[1,1]," pairs at the byte limit is over a million small arrays, hundreds of MB once
 * parsed and checked. The agent's byte bound keeps its batches well below.
 */
export const BATCH_MAX_SIGHTING_PAIRS = 1_000_000;

const id = z.number().int().positive();
const time = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().max(max);
const entity = z.enum(['huawei', 'zte', 'hytera', 'hikvision', 'dahua']);
const status = z.enum(['covered', 'review', 'clear']);

export const scanRow = z.strictObject({
  id,
  startedAt: time,
  finishedAt: time.nullable(),
  scope: text(4_096),
  /** [[first, last], …] unsigned 32-bit IPv4 addresses, as the site stores them. */
  ranges: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])).max(4_096),
  engine: text(32),
  status: z.enum(['running', 'complete', 'interrupted']),
  hosts: z.number().int().min(0),
  flagged: z.number().int().min(0),
  error: text(8_192).nullable(),
});

export const placement = z.strictObject({
  switchName: text(256),
  switchAddress: text(64),
  port: text(256),
  portAlias: text(256),
  vlan: z.number().int().min(0).max(4_095).nullable(),
  confidence: z.enum(['high', 'medium', 'low']),
});

/** Who made a device and what it says of itself, as a verdict states it (a device row copies its current verdict's). */
const verdictFields = {
  manufacturer: text(256).nullable(),
  manufacturerName: text(256).nullable(),
  brand: text(256).nullable(),
  model: text(256).nullable(),
  serial: text(256).nullable(),
  firmware: text(256).nullable(),
};

/**
 * A device as it is now on the site: identity, labels and its current verdict's fields. Sent when
 * any of these changed since the last batch; last_seen is not among them (it moves every scan):
 * `seen` carries it.
 */
export const deviceRow = z.strictObject({
  id,
  mac: text(17).nullable(),
  ip: text(45),
  firstSeen: time,
  name: text(256).nullable(),
  location: placement.nullable(),
  /** The site's id of the current verdict (its row is in this or an earlier batch); null before identification. */
  verdictId: id.nullable(),
  status: status.nullable(),
  covered: entity.nullable(),
  ...verdictFields,
});

/** Which devices a finished scan saw (site device ids as inclusive ranges: an unchanged site is a few pairs). */
export const sightings = z.strictObject({
  scanId: id,
  at: time,
  devices: z.array(z.tuple([id, id])).max(100_000),
});

export const addressRow = z.strictObject({ deviceId: id, ip: text(45), firstSeen: time, lastSeen: time });
export const macRow = z.strictObject({ deviceId: id, mac: text(17), firstSeen: time, lastSeen: time });

export const evidenceRow = z.strictObject({
  rule: text(256),
  kind: text(64),
  value: text(8_192),
  port: z.number().int().min(0).max(65_535).optional(),
  source: text(256),
  certainty: z.number().min(0).max(1),
  says: text(8_192),
  entity: entity.nullable(),
});

/** A verdict history row; immutable once written. */
export const verdictRow = z.strictObject({
  id,
  deviceId: id,
  scanId: id.nullable(),
  at: time,
  status,
  covered: entity.nullable(),
  ...verdictFields,
  confidence: z.number().min(0).max(1),
  randomizedMac: z.boolean(),
  evidence: z.array(evidenceRow).max(512),
});

/** A change event; immutable once written. */
export const eventRow = z.strictObject({
  id,
  scanId: id.nullable(),
  deviceId: id,
  at: time,
  type: z.enum(['new', 'gone', 'changed', 'reappeared']),
  field: text(64).nullable(),
  old: text(8_192).nullable(),
  new: text(8_192).nullable(),
});

export const triageStatus = z.enum(['open', 'acknowledged', 'waiver', 'false-positive', 'removed']);

/**
 * A triage decision, identified everywhere by its uid (made where it was decided: a site's local
 * decision or a central one). Both sides keep every decision; the one in force for a device is the
 * latest by `at`, then uid.
 */
export const triageRow = z.strictObject({
  uid: z.string().regex(/^[0-9a-f]{32}$/),
  deviceId: id,
  status: triageStatus,
  note: text(4_096).nullable(),
  by: text(256),
  at: time,
  until: time.nullable(),
  origin: z.enum(['site', 'central']),
});

/** A device the site merged into another: `from` no longer exists there. */
export const mergeRow = z
  .strictObject({
    from: id,
    into: id,
    /** When the site last saw `from`: the sighting that showed it to be `into`. */
    at: time,
  })
  .refine((m) => m.from !== m.into, 'a device cannot be merged into itself');

export const batch = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  /** The site's name as enrolled; must be the token's site. */
  site: text(128),
  seq: id,
  createdAt: time,
  agent: z.strictObject({ version: text(64), hostname: text(256) }),
  /** Applied first, in order (see the header); absent when the batch carries none. */
  merged: z.array(mergeRow).max(BATCH_MAX_ROWS).optional(),
  scans: z.array(scanRow).max(BATCH_MAX_ROWS),
  devices: z.array(deviceRow).max(BATCH_MAX_ROWS),
  addresses: z.array(addressRow).max(BATCH_MAX_ROWS),
  macs: z.array(macRow).max(BATCH_MAX_ROWS),
  verdicts: z.array(verdictRow).max(BATCH_MAX_ROWS),
  events: z.array(eventRow).max(BATCH_MAX_ROWS),
  triage: z.array(triageRow).max(BATCH_MAX_ROWS),
  seen: z.array(sightings).max(BATCH_MAX_ROWS),
});

/** A decision recorded centrally, delivered to its site. */
export const centralDecision = triageRow.extend({ id, origin: z.literal('central') });

export const syncReply = z.strictObject({
  /** The highest seq the server has applied for this site (0: none). */
  acked: z.number().int().min(0),
  /** Set on 409 out of order: the seq the server expects next. */
  expected: id.optional(),
  duplicate: z.boolean().optional(),
  decisions: z.array(centralDecision).max(BATCH_MAX_ROWS),
});

export type Batch = z.infer<typeof batch>;
export type ScanRow = z.infer<typeof scanRow>;
export type DeviceRow = z.infer<typeof deviceRow>;
export type Sightings = z.infer<typeof sightings>;
export type MergeRow = z.infer<typeof mergeRow>;
export type AddressRow = z.infer<typeof addressRow>;
export type MacRow = z.infer<typeof macRow>;
export type VerdictRow = z.infer<typeof verdictRow>;
export type EventRow = z.infer<typeof eventRow>;
export type TriageRow = z.infer<typeof triageRow>;
export type CentralDecision = z.infer<typeof centralDecision>;
export type SyncReply = z.infer<typeof syncReply>;
