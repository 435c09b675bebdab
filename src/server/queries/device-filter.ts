import type { EntityId, Status } from '../../identify/verdict.js';
import type { TriageStatus } from '../../inventory/triage-store.js';
import { normalizeMac } from '../../observations/observation.js';
import { cidrBlock, parseIpv4 } from '../../scope/ipv4.js';
import { UsageError } from '../../util/errors.js';

/** The fleet's device filters; every one given must match. Text is matched as given, never as SQL. */
export interface FleetDeviceFilter {
  /** Site name. */
  readonly site?: string | undefined;
  readonly status?: Status | 'unidentified' | undefined;
  /** true: covered (the README's "flagged"); false: anything else. */
  readonly flagged?: boolean | undefined;
  readonly covered?: EntityId | undefined;
  /** Contained (case-insensitive) in the manufacturer, its display name or the brand. */
  readonly maker?: string | undefined;
  /** Contained (case-insensitive) in the device's name. */
  readonly name?: string | undefined;
  /** A current IPv4 address, or a CIDR block (10.0.3.0/24). */
  readonly ip?: string | undefined;
  /** A current MAC, any common notation. */
  readonly mac?: string | undefined;
  /** The triage status in force now (an expired waiver is open again). */
  readonly triage?: TriageStatus | undefined;
  /** ISO time: last seen at or after. */
  readonly since?: string | undefined;
}

/** SQL of a device's triage status in force now (alias d). */
export const TRIAGE_IN_FORCE = `CASE WHEN d.triage_status = 'waiver' AND d.triage_until <= now() THEN 'open' ELSE d.triage_status END`;

const STATUS_KEY: Readonly<Record<NonNullable<FleetDeviceFilter['status']>, number>> = { covered: 3, review: 2, unidentified: 1, clear: 0 };

/** `%` and `_` in the user's text are literal, as the site's filters treat them. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** The conditions (alias d) and their parameters, numbered after `params`' existing ones. */
export function deviceConditions(filter: FleetDeviceFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  if (filter.site !== undefined) where.push(`d.site_id = (SELECT id FROM sites WHERE name = ${p(filter.site)})`);
  // As the key the indexes hold, so a status filter and the status sort share devices_key_status.
  if (filter.status !== undefined) where.push(`lanaudit_status_key(d.status) = ${p(STATUS_KEY[filter.status])}`);
  if (filter.flagged !== undefined) where.push(`lanaudit_status_key(d.status) ${filter.flagged ? '=' : '<>'} 3`);
  if (filter.covered !== undefined) where.push(`d.covered = ${p(filter.covered)}`);
  if (filter.maker !== undefined && filter.maker.trim() !== '') {
    const pattern = p(containsPattern(filter.maker.trim()));
    where.push(`(d.manufacturer ILIKE ${pattern} OR d.manufacturer_name ILIKE ${pattern} OR d.brand ILIKE ${pattern})`);
  }
  if (filter.name !== undefined && filter.name.trim() !== '') where.push(`d.name ILIKE ${p(containsPattern(filter.name.trim()))}`);
  if (filter.ip !== undefined) {
    const block = ipBlock(filter.ip);
    if (block === null) where.push(`d.ip = ${p(filter.ip.trim())}`);
    else where.push(`lanaudit_ipv4_key(d.ip) BETWEEN ${p(block.first)} AND ${p(block.last)}`);
  }
  if (filter.mac !== undefined) {
    const mac = normalizeMac(filter.mac);
    if (mac === null) throw new UsageError(`mac: "${filter.mac.slice(0, 40)}" is not a MAC address`);
    where.push(`d.mac = ${p(mac)}`);
  }
  if (filter.triage !== undefined) where.push(`${TRIAGE_IN_FORCE} = ${p(filter.triage)}`);
  if (filter.since !== undefined) {
    const ms = Date.parse(filter.since);
    if (Number.isNaN(ms)) throw new UsageError(`since: "${filter.since.slice(0, 40)}" is not a date`);
    where.push(`d.last_seen >= ${p(new Date(ms).toISOString())}::timestamptz`);
  }
  return where;
}

/** A CIDR block's addresses, or null for a plain address (matched exactly, IPv6 included). */
function ipBlock(text: string): { first: number; last: number } | null {
  const m = /^([0-9.]+)\/([0-9]{1,2})$/.exec(text.trim());
  if (m === null) return null;
  const n = parseIpv4(m[1]!);
  const prefix = Number(m[2]);
  if (n === null || prefix > 32) throw new UsageError(`ip: "${text.slice(0, 40)}" is not an IPv4 address or CIDR block`);
  return cidrBlock(n, prefix);
}

/** Whether the filter pins the status key (one status, or flagged), so the status index serves a newest-first listing. */
export function pinsStatus(filter: FleetDeviceFilter): boolean {
  return filter.status !== undefined || filter.flagged === true;
}
