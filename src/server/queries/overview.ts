import type { EntityId } from '../../identify/verdict.js';
import { int, isoTime, isoTimeOrNull, type Queryable } from './db.js';
import { TRIAGE_IN_FORCE } from './device-filter.js';
import { type SiteHealth, siteHealth } from './site-health.js';

export interface TrendPoint {
  readonly scanId: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly status: 'running' | 'complete' | 'interrupted';
  readonly hosts: number;
  readonly flagged: number;
}

export interface SiteOverview {
  readonly site: string;
  readonly devices: number;
  readonly covered: number;
  /** Covered devices whose triage in force is open: what still needs a decision. */
  readonly openCovered: number;
  readonly review: number;
  /** The last scans, oldest first (at most the overview's `scans`). */
  readonly trend: readonly TrendPoint[];
  readonly health: SiteHealth;
}

export interface FleetOverview {
  /** Open covered devices per site and entity (sites by name, entities by count). */
  readonly openCovered: readonly { readonly site: string; readonly entity: EntityId | null; readonly count: number }[];
  /** Devices in review whose triage in force is open. */
  readonly reviewQueue: number;
  readonly sites: readonly SiteOverview[];
  /** Names of the stale sites (site-health.ts's rule). */
  readonly stale: readonly string[];
}

/** The fleet at a glance: one pass of counts over the devices, the last `scans` scans of each site. */
export async function overview(db: Queryable, opts: { readonly scans?: number; readonly now?: Date } = {}): Promise<FleetOverview> {
  const scans = Math.min(Math.max(opts.scans ?? 10, 1), 100);
  const open = `${TRIAGE_IN_FORCE} = 'open'`;
  const [entities, counts, trend, health] = [
    await db.query(
      `SELECT s.name AS site, d.covered, count(*) AS n FROM devices d JOIN sites s ON s.id = d.site_id
       WHERE lanaudit_status_key(d.status) = 3 AND ${open} GROUP BY s.name, d.covered ORDER BY s.name, n DESC, d.covered`,
    ),
    // Flagged and review devices through the status index; every device counted apart, from an index alone.
    await db.query(
      `SELECT site_id, sum(n) AS devices, sum(covered) AS covered, sum(open_covered) AS open_covered, sum(review) AS review FROM (
         SELECT site_id, count(*) AS n, 0 AS covered, 0 AS open_covered, 0 AS review FROM devices GROUP BY site_id
         UNION ALL
         SELECT site_id, 0, count(*) FILTER (WHERE d.status = 'covered'), count(*) FILTER (WHERE d.status = 'covered' AND ${open}),
                count(*) FILTER (WHERE d.status = 'review' AND ${open})
         FROM devices d WHERE lanaudit_status_key(d.status) >= 2 GROUP BY site_id
       ) c GROUP BY site_id`,
    ),
    await db.query(
      `SELECT s.id AS site_id, x.* FROM sites s CROSS JOIN LATERAL (
         SELECT id, started_at, finished_at, status, hosts, flagged FROM scans WHERE site_id = s.id ORDER BY started_at DESC, id DESC LIMIT $1
       ) x ORDER BY s.id, x.started_at, x.id`,
      [scans],
    ),
    await siteHealth(db, opts.now),
  ];
  const ids = await db.query('SELECT id, name FROM sites');
  const nameOf = new Map(ids.rows.map((r: Record<string, unknown>) => [int(r['id']), r['name'] as string]));
  const count = new Map(counts.rows.map((r: Record<string, unknown>) => [nameOf.get(int(r['site_id'])), r]));
  const points = new Map<string, TrendPoint[]>();
  for (const r of trend.rows as Record<string, unknown>[]) {
    const site = nameOf.get(int(r['site_id']))!;
    let list = points.get(site);
    if (list === undefined) points.set(site, (list = []));
    list.push({
      scanId: int(r['id']),
      startedAt: isoTime(r['started_at']),
      finishedAt: isoTimeOrNull(r['finished_at']),
      status: r['status'] as TrendPoint['status'],
      hosts: int(r['hosts']),
      flagged: int(r['flagged']),
    });
  }
  const sites = health.map((h): SiteOverview => {
    const c = count.get(h.site) as Record<string, unknown> | undefined;
    return {
      site: h.site,
      devices: int(c?.['devices'] ?? 0),
      covered: int(c?.['covered'] ?? 0),
      openCovered: int(c?.['open_covered'] ?? 0),
      review: int(c?.['review'] ?? 0),
      trend: points.get(h.site) ?? [],
      health: h,
    };
  });
  return {
    openCovered: entities.rows.map((r: Record<string, unknown>) => ({ site: r['site'] as string, entity: r['covered'] as EntityId | null, count: int(r['n']) })),
    reviewQueue: sites.reduce((n, s) => n + s.review, 0),
    sites,
    stale: health.filter((h) => h.stale).map((h) => h.site),
  };
}
