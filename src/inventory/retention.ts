import type Database from 'better-sqlite3';

/** The configuration's `retention` section: each limit applies only when set. */
export interface RetentionPolicy {
  /** Keep this many newest scans (any status but running); older ones are deleted as far as the rule below allows. */
  readonly keepScans?: number | undefined;
  /** Delete observations older than this many days as far as the rule below allows. */
  readonly keepObservationsDays?: number | undefined;
}

export interface PruneReport {
  /** Observations deleted (or, in a dry run, that would be). */
  readonly observations: number;
  /** Scans deleted (or that would be). */
  readonly scans: number;
  /** Scans beyond keepScans kept because they still hold the newest observation of a fact, or change tracking refers to them. */
  readonly scansKept: number;
  /** Observations older than this were candidates; null without keepObservationsDays. */
  readonly cutoff: string | null;
}

const DAY_MS = 86_400_000;

/**
 * The rule, in SQL. A "fact" is what identification groups observations by: device, address, MAC,
 * kind, value, port and source. Its newest observation (every row at its latest time) is never
 * deleted, so Inventory.deviceObservations, and with it every verdict, is the same after pruning.
 * Deletable: an older observation of a fact, taken before the cutoff or by a scan beyond keepScans;
 * and an observation never linked to a device (left by a killed scan) on the same terms. Nothing
 * of a running scan is touched.
 */
const CANDIDATES = `
  WITH running AS (SELECT id FROM scans WHERE status = 'running'),
  old_scans AS (
    SELECT id FROM scans WHERE status != 'running' AND @keep IS NOT NULL ORDER BY id DESC LIMIT -1 OFFSET coalesce(@keep, 0)
  ),
  facts AS (
    SELECT id, scan_id, device_id, at,
           MAX(at) OVER (PARTITION BY device_id, ip, mac, kind, value, port, source) AS newest
    FROM observations
  ),
  doomed AS (
    SELECT id FROM facts
    WHERE (scan_id IS NULL OR scan_id NOT IN running)
      AND (device_id IS NULL OR at < newest)
      AND ((@cutoff IS NOT NULL AND at < @cutoff) OR scan_id IN old_scans)
  )`;

/**
 * Old scans that go: nothing of them is still needed (no newest observation of a fact) and change
 * tracking does not count from them (the last scan that saw a device, the scan that declared it gone).
 */
const DOOMED_SCANS = `${CANDIDATES}
  SELECT s.id,
         NOT EXISTS (SELECT 1 FROM facts f WHERE f.scan_id = s.id AND f.device_id IS NOT NULL AND f.at = f.newest)
         AND s.id NOT IN (SELECT last_scan_id FROM device_state WHERE last_scan_id IS NOT NULL)
         AND s.id NOT IN (SELECT gone_scan_id FROM device_state WHERE gone_scan_id IS NOT NULL) AS deletable
  FROM old_scans s`;

interface Params {
  readonly keep: number | null;
  readonly cutoff: string | null;
}

/**
 * Applies the retention policy (see CANDIDATES and DOOMED_SCANS for the rule) in one IMMEDIATE
 * transaction; with dryRun, only counts. A deleted scan's verdicts, events, triage decisions and
 * alerts stay, no longer naming it.
 */
export function pruneInventory(db: Database.Database, policy: RetentionPolicy, now: Date, dryRun: boolean): PruneReport {
  const params: Params = {
    keep: policy.keepScans ?? null,
    cutoff: policy.keepObservationsDays === undefined ? null : new Date(now.getTime() - policy.keepObservationsDays * DAY_MS).toISOString(),
  };
  if (params.keep === null && params.cutoff === null) return { observations: 0, scans: 0, scansKept: 0, cutoff: null };
  const run = () => {
    const old = db.prepare<[Params], { id: number; deletable: number }>(DOOMED_SCANS).all(params);
    const scans = old.filter((s) => s.deletable === 1).map((s) => s.id);
    const observations = dryRun
      ? (db.prepare<[Params], { n: number }>(`${CANDIDATES} SELECT COUNT(*) AS n FROM doomed`).get(params)?.n ?? 0)
      : db.prepare<[Params]>(`${CANDIDATES} DELETE FROM observations WHERE id IN (SELECT id FROM doomed)`).run(params).changes;
    if (!dryRun && scans.length > 0) deleteScans(db, scans);
    return { observations, scans: scans.length, scansKept: old.length - scans.length, cutoff: params.cutoff };
  };
  return dryRun ? db.transaction(run)() : db.transaction(run).immediate();
}

/** Deletes scans whose observations are gone already; rows that name them keep their history without the link. */
function deleteScans(db: Database.Database, ids: readonly number[]): void {
  const list = JSON.stringify(ids);
  const inList = 'IN (SELECT value FROM json_each(?))';
  for (const table of ['verdicts', 'events', 'triage', 'alerts']) db.prepare(`UPDATE ${table} SET scan_id = NULL WHERE scan_id ${inList}`).run(list);
  db.prepare(`DELETE FROM tracked_scans WHERE scan_id ${inList}`).run(list);
  const left = db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM observations WHERE scan_id ${inList}`).get(list)?.n ?? 0;
  if (left !== 0) throw new Error(`bug: pruning scans that still hold ${left} observations`);
  db.prepare(`DELETE FROM scans WHERE id ${inList}`).run(list);
}
