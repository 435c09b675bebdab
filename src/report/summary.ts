import type { ReportDevices } from './report-input.js';

export interface StatusCounts {
  readonly devices: number;
  readonly covered: number;
  readonly review: number;
  readonly clear: number;
  readonly unidentified: number;
}

export interface ReportSummary extends StatusCounts {
  readonly byEntity: Readonly<Record<string, number>>;
  /** A fleet report's counts per site, sites by name (absent in a site's report). */
  readonly bySite?: Readonly<Record<string, StatusCounts>>;
}

export interface MakerCount {
  readonly maker: string;
  readonly covered: number;
  readonly review: number;
  readonly clear: number;
  readonly unidentified: number;
  readonly total: number;
}

/**
 * One pass over the devices (no evidence needed): counts by status and covered entity (entities in
 * the order their first device is listed), and devices per maker and status, largest first, the
 * tail folded into "Other" (for the chart).
 */
export async function tally(devices: Pick<ReportDevices, 'briefs' | 'coveredEntities'>, top = 8): Promise<{ summary: ReportSummary; makers: MakerCount[] }> {
  const counts = { covered: 0, review: 0, clear: 0, unidentified: 0 };
  const entities = new Map<string, number>();
  const rows = new Map<string, { covered: number; review: number; clear: number; unidentified: number }>();
  const sites = new Map<string, { devices: number; covered: number; review: number; clear: number; unidentified: number }>();
  let total = 0;
  for await (const d of devices.briefs()) {
    total++;
    counts[d.status]++;
    if (d.site !== undefined) {
      let site = sites.get(d.site);
      if (!site) sites.set(d.site, (site = { devices: 0, covered: 0, review: 0, clear: 0, unidentified: 0 }));
      site.devices++;
      site[d.status]++;
    }
    if (d.status === 'covered' && d.covered) entities.set(d.covered, (entities.get(d.covered) ?? 0) + 1);
    const maker = d.manufacturerName ?? d.manufacturer ?? 'Unknown';
    let row = rows.get(maker);
    if (!row) rows.set(maker, (row = { covered: 0, review: 0, clear: 0, unidentified: 0 }));
    row[d.status]++;
  }
  const byEntity: Record<string, number> = {};
  for (const id of devices.coveredEntities()) if (entities.has(id)) byEntity[id] = entities.get(id)!;
  for (const [id, n] of entities) byEntity[id] ??= n;
  const bySite = sites.size ? { bySite: Object.fromEntries([...sites].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) } : {};
  return { summary: { devices: total, ...counts, byEntity, ...bySite }, makers: topMakers(rows, top) };
}

function topMakers(rows: ReadonlyMap<string, Omit<MakerCount, 'maker' | 'total'>>, top: number): MakerCount[] {
  const all = [...rows].map(([maker, c]) => ({ maker, ...c, total: c.covered + c.review + c.clear + c.unidentified }));
  // Covered makers first so the chart never hides a flag in "Other".
  all.sort((a, b) => b.covered - a.covered || b.total - a.total || a.maker.localeCompare(b.maker));
  if (all.length <= top) return all;
  const rest = all.slice(top - 1).reduce(
    (o, r) => ({ ...o, covered: o.covered + r.covered, review: o.review + r.review, clear: o.clear + r.clear, unidentified: o.unidentified + r.unidentified, total: o.total + r.total }),
    { maker: 'Other', covered: 0, review: 0, clear: 0, unidentified: 0, total: 0 },
  );
  return [...all.slice(0, top - 1), rest];
}
