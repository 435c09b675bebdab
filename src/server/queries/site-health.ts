import { int, isoTime, isoTimeOrNull, type Queryable } from './db.js';

export interface SiteHealth {
  readonly site: string;
  readonly createdAt: string;
  readonly lastSyncAt: string | null;
  readonly lastCompleteScanAt: string | null;
  readonly agentVersion: string | null;
  readonly agentHostname: string | null;
  /** The site's expected time between scans, null when not known yet. */
  readonly scheduleSeconds: number | null;
  readonly ackedSeq: number;
  /** Seconds since the last sync (since enrollment when it never synced). */
  readonly silentSeconds: number;
  /** Seconds from the last complete scan to the last sync that brought it (how old the fleet's view of the site was then). */
  readonly lagSeconds: number | null;
  /** Silent longer than twice its schedule, or STALE_UNKNOWN_SECONDS when its schedule is not known. */
  readonly stale: boolean;
  readonly failedPushes: number;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
}

export const STALE_UNKNOWN_SECONDS = 24 * 3_600;

export function isStale(silentSeconds: number, scheduleSeconds: number | null): boolean {
  return silentSeconds > (scheduleSeconds !== null && scheduleSeconds > 0 ? 2 * scheduleSeconds : STALE_UNKNOWN_SECONDS);
}

/** Every site's sync health, by name. `now` is a parameter so a test can stand at any time. */
export async function siteHealth(db: Queryable, now: Date = new Date()): Promise<SiteHealth[]> {
  const { rows } = await db.query(
    `SELECT name, created_at, last_sync_at, last_complete_scan_at, agent_version, agent_hostname, schedule_seconds,
            acked_seq, failed_pushes, last_error, last_error_at FROM sites ORDER BY name`,
  );
  return rows.map((r: Record<string, unknown>) => {
    const lastSync = isoTimeOrNull(r['last_sync_at']);
    const lastScan = isoTimeOrNull(r['last_complete_scan_at']);
    const schedule = r['schedule_seconds'] === null ? null : int(r['schedule_seconds']);
    const silentSeconds = Math.max(0, Math.floor((now.getTime() - Date.parse(lastSync ?? isoTime(r['created_at']))) / 1000));
    return {
      site: r['name'] as string,
      createdAt: isoTime(r['created_at']),
      lastSyncAt: lastSync,
      lastCompleteScanAt: lastScan,
      agentVersion: r['agent_version'] as string | null,
      agentHostname: r['agent_hostname'] as string | null,
      scheduleSeconds: schedule,
      ackedSeq: int(r['acked_seq']),
      silentSeconds,
      lagSeconds: lastSync !== null && lastScan !== null ? Math.max(0, Math.floor((Date.parse(lastSync) - Date.parse(lastScan)) / 1000)) : null,
      stale: isStale(silentSeconds, schedule),
      failedPushes: int(r['failed_pushes']),
      lastError: r['last_error'] as string | null,
      lastErrorAt: isoTimeOrNull(r['last_error_at']),
    };
  });
}
