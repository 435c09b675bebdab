import type Database from 'better-sqlite3';

/** The configuration's `retention` section: each limit applies only when set. */
export interface RetentionPolicy {
  /** Keep this many newest scans (any status but running); older ones are deleted as far as the rule below allows. */
  readonly keepScans?: number | undefined;
  /** Delete sightings and unresolved observations older than this many days as far as the rule below allows. */
  readonly keepObservationsDays?: number | undefined;
}

export interface PruneReport {
  /** Unresolved observations (left by a killed scan) deleted, or in a dry run, that would be. */
  readonly observations: number;
  /** Sightings (a device seen in a scan, for `show` and change tracking) deleted, or that would be. */
  readonly sightings: number;
  /** Scans deleted (or that would be). */
  readonly scans: number;
  /** Scans beyond keepScans kept because a fact was last seen in them, or change tracking refers to them. */
  readonly scansKept: number;
  /** Older sightings and observations were candidates; null without keepObservationsDays. */
  readonly cutoff: string | null;
}

const DAY_MS = 86_400_000;

/**
 * The rule, in SQL. Facts (one row per fact with its latest sighting: migration 6) are what
 * verdicts rest on and grow only with change: never deleted. What grows with time is deletable:
 * - observations never resolved to a device (left by a killed scan), taken before the cutoff or by
 *   a scan beyond keepScans;
 * - sightings (device_scans) of scans that go, and with a cutoff those of scans started before it,
 *   except each device's newest (change tracking counts a device's absence from it).
 * Nothing of a running scan is touched.
 */
const CANDIDATES = `
  WITH running AS (SELECT id FROM scans WHERE status = 'running'),
  old_scans AS (
    SELECT id FROM scans WHERE status != 'running' AND @keep IS NOT NULL ORDER BY id DESC LIMIT -1 OFFSET coalesce(@keep, 0)
  ),
  -- Old scans that go: no fact was last seen in them, and change tracking does not count from them
  -- (the last scan that saw a device, the scan that declared it gone).
  doomed_scans AS (
    SELECT id FROM old_scans s
    WHERE NOT EXISTS (SELECT 1 FROM facts f WHERE f.last_scan = s.id)
      AND s.id NOT IN (SELECT last_scan_id FROM device_state WHERE last_scan_id IS NOT NULL)
      AND s.id NOT IN (SELECT gone_scan_id FROM device_state WHERE gone_scan_id IS NOT NULL)
  ),
  before_cutoff AS (SELECT id FROM scans WHERE status != 'running' AND @cutoff IS NOT NULL AND started_at < @cutoff),
  doomed_observations AS (
    SELECT id FROM observations
    WHERE device_id IS NULL AND (scan_id IS NULL OR scan_id NOT IN running)
      AND ((@cutoff IS NOT NULL AND at < @cutoff) OR scan_id IN old_scans)
  ),
  -- The same rule over the batches an ended scan left staged (migration 10): a real run expands them
  -- into observations first; a dry run, which writes nothing, counts them where they are.
  doomed_staged AS (
    SELECT r.key FROM staged_batches b JOIN json_each(b.rows) r
    WHERE b.scan_id NOT IN running
      AND ((@cutoff IS NOT NULL AND r.value ->> 6 < @cutoff) OR b.scan_id IN old_scans)
  ),
  doomed_sightings AS (
    SELECT ds.scan_id, ds.device_id FROM device_scans ds
    WHERE ds.scan_id IN doomed_scans
       OR (ds.scan_id IN before_cutoff
           AND ds.scan_id < (SELECT MAX(newest.scan_id) FROM device_scans newest WHERE newest.device_id = ds.device_id))
  )`;

interface Params {
  readonly keep: number | null;
  readonly cutoff: string | null;
}

/**
 * Applies the retention policy (see CANDIDATES for the rule) in one IMMEDIATE transaction; with
 * dryRun, only counts. A deleted scan's verdicts, events, triage decisions and alerts stay, no
 * longer naming it.
 */
export function pruneInventory(db: Database.Database, policy: RetentionPolicy, now: Date, dryRun: boolean, expandStaged?: () => void): PruneReport {
  const params: Params = {
    keep: policy.keepScans ?? null,
    cutoff: policy.keepObservationsDays === undefined ? null : new Date(now.getTime() - policy.keepObservationsDays * DAY_MS).toISOString(),
  };
  if (params.keep === null && params.cutoff === null) return { observations: 0, sightings: 0, scans: 0, scansKept: 0, cutoff: null };
  const count = (what: string) => db.prepare<[Params], { n: number }>(`${CANDIDATES} SELECT COUNT(*) AS n FROM ${what}`).get(params)?.n ?? 0;
  const run = (): PruneReport => {
    // In the same transaction as the deletes: a scan that ends meanwhile cannot leave batches behind a scan deleted.
    if (!dryRun) expandStaged?.();
    const old = count('old_scans');
    const scans = db.prepare<[Params], { id: number }>(`${CANDIDATES} SELECT id FROM doomed_scans`).all(params).map((s) => s.id);
    const counts = { observations: count('doomed_observations') + count('doomed_staged'), sightings: count('doomed_sightings') };
    if (!dryRun) {
      db.prepare<[Params]>(`${CANDIDATES} DELETE FROM observations WHERE id IN (SELECT id FROM doomed_observations)`).run(params);
      db.prepare<[Params]>(`${CANDIDATES} DELETE FROM device_scans WHERE (scan_id, device_id) IN (SELECT scan_id, device_id FROM doomed_sightings)`).run(params);
      if (scans.length > 0) deleteScans(db, scans);
    }
    return { ...counts, scans: scans.length, scansKept: old - scans.length, cutoff: params.cutoff };
  };
  return dryRun ? db.transaction(run)() : db.transaction(run).immediate();
}

/** Deletes scans whose observations (staged or not) and sightings are gone already; rows that name them keep their history without the link. */
function deleteScans(db: Database.Database, ids: readonly number[]): void {
  const list = JSON.stringify(ids);
  const inList = 'IN (SELECT value FROM json_each(?))';
  for (const table of ['verdicts', 'events', 'triage', 'alerts']) db.prepare(`UPDATE ${table} SET scan_id = NULL WHERE scan_id ${inList}`).run(list);
  db.prepare(`DELETE FROM tracked_scans WHERE scan_id ${inList}`).run(list);
  const left = db
    .prepare<[string, string, string], { n: number }>(
      `SELECT (SELECT COUNT(*) FROM observations WHERE scan_id ${inList}) + (SELECT COUNT(*) FROM device_scans WHERE scan_id ${inList})
         + (SELECT COUNT(*) FROM staged_batches WHERE scan_id ${inList}) AS n`,
    )
    .get(list, list, list)?.n ?? 0;
  if (left !== 0) throw new Error(`bug: pruning scans that still hold ${left} observations or sightings`);
  db.prepare(`DELETE FROM scans WHERE id ${inList}`).run(list);
}
