import type { EntityId } from '../identify/verdict.js';
import { describeLocation } from '../infrastructure/location.js';
import { entityInfo } from '../identify/policy.js';
import type { ReportDevice } from './report-device.js';
import type { TriageStatus } from '../inventory/triage-store.js';
import { effectiveTriage, type ReportInput, type TriageEntry } from './report-input.js';
import type { ReportSummary, StatusCounts } from './summary.js';

/** Plain-language wording shared by the human-readable formats (device text unescaped: each format escapes). */

export function entityName(id: EntityId | null): string | null {
  return id === null ? null : entityInfo(id).displayName;
}

/** "Dahua", or "made by Dahua, sold as Amcrest" when the label is not the maker's. */
export function makerLabel(d: Pick<ReportDevice, 'manufacturer' | 'manufacturerName' | 'brand'>): string {
  const maker = d.manufacturerName ?? d.manufacturer;
  if (!maker) return d.brand ? `sold as ${d.brand}` : 'unknown maker';
  if (d.brand && d.brand.toLowerCase() !== maker.toLowerCase()) return `made by ${maker}, sold as ${d.brand}`;
  return maker;
}

/** The brand on the item: the label when known, else the maker. */
export function brandOf(d: ReportDevice): string | null {
  return d.brand ?? d.manufacturerName ?? d.manufacturer;
}

/** FAR "item description": what it is and who made it, from the verdict. */
export function itemDescription(d: ReportDevice): string {
  const entity = entityName(d.covered);
  const what = d.model ? `${d.model} network device` : 'network device';
  return `${what} at ${d.ip}${d.mac ? ` (MAC ${d.mac})` : ''}, ${makerLabel(d)}${entity ? `; produced by covered entity ${entity}` : ''}`;
}

/** The full location line (switch and address, port and alias, VLAN, confidence), or null when no switch placed it. */
export function locationLine(d: Pick<ReportDevice, 'location'>): string | null {
  return d.location === null ? null : describeLocation(d.location);
}

/** "core-sw Gi1/0/5 VLAN 20", "(medium)"/"(low)" added when the placement is not certain: a table cell. */
export function locationCell(d: Pick<ReportDevice, 'location'>): string | null {
  const l = d.location;
  if (l === null) return null;
  return `${l.switchName || l.switchAddress} ${l.port}${l.vlan !== null ? ` VLAN ${l.vlan}` : ''}${l.confidence === 'high' ? '' : ` (${l.confidence})`}`;
}

export const STATUS_LABEL: Readonly<Record<ReportDevice['status'], string>> = {
  covered: 'Covered',
  review: 'Review',
  clear: 'Clear',
  unidentified: 'Unidentified',
};

export const TRIAGE_LABEL: Readonly<Record<TriageStatus, string>> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  waiver: 'Waiver',
  'false-positive': 'False positive',
  removed: 'Removed',
};

/** "Waiver until 2027-01-01 (J. Doe, 2026-11-20)", "Open (expired waiver)", or "no triage recorded". */
export function triageLabel(entry: TriageEntry | undefined, now: string, recorded: boolean): string {
  if (!recorded) return 'no triage recorded';
  const status = effectiveTriage(entry, now);
  if (!entry) return TRIAGE_LABEL.open;
  if (status === 'open' && entry.status === 'waiver') return `Open (waiver expired ${entry.until?.slice(0, 10) ?? ''})`;
  const until = entry.until ? ` until ${entry.until.slice(0, 10)}` : '';
  const who = [entry.by, entry.at.slice(0, 10)].filter(Boolean).join(', ');
  return `${TRIAGE_LABEL[status]}${until} (${who})`;
}

/** Flagged devices first (by entity, then IP), then the rest by status and IP: the order every human-readable report uses. */
export function reportOrder(devices: readonly ReportDevice[]): ReportDevice[] {
  const rank: Record<ReportDevice['status'], number> = { covered: 0, review: 1, unidentified: 2, clear: 3 };
  return [...devices].sort((a, b) => rank[a.status] - rank[b.status] || (a.covered ?? '').localeCompare(b.covered ?? '') || ipKey(a.ip) - ipKey(b.ip) || a.id - b.id);
}

/**
 * A number as String(n) writes it (for finite n), made without V8's number-to-string cache: that cache
 * lives in the old generation, so every string it keeps for a new number (an address key, a device id)
 * outlives the young generation and waits for a full collection, and a report's peak memory grew
 * with its device count.
 */
export function numberText(n: number): string {
  return JSON.stringify(n);
}

export function ipKey(ip: string): number {
  const p = ip.split('.').map(Number);
  return p.length === 4 && p.every((n) => Number.isInteger(n)) ? ((p[0]! * 256 + p[1]!) * 256 + p[2]!) * 256 + p[3]! : 0;
}

/** A device whose flag still needs a FAR report: covered, and not waived (unexpired) or a false positive. */
export function farReportable(d: Pick<ReportDevice, 'id' | 'status' | 'site'>, input: ReportInput): boolean {
  if (d.status !== 'covered') return false;
  const status = effectiveTriage(input.triage?.get(d.id, d.site), input.meta.generatedAt);
  return status !== 'waiver' && status !== 'false-positive';
}

/** A fleet report's counts per site, every site of the report listed (none matched: zeros), by name. */
export function siteCounts(summary: ReportSummary, sites: readonly string[]): [string, StatusCounts][] {
  const zero: StatusCounts = { devices: 0, covered: 0, review: 0, clear: 0, unidentified: 0 };
  return [...new Set([...sites, ...Object.keys(summary.bySite ?? {})])].sort().map((s) => [s, summary.bySite?.[s] ?? zero]);
}

/** The sites a fleet report covers, as one line of facts: "3 sites: a, b, c". */
export function sitesLine(sites: readonly string[]): string {
  return `${countText(sites.length, 'site')}: ${sites.join(', ')}`;
}

export function countText(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
