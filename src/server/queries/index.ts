/**
 * The fleet's read side: pure data access over the server's PostgreSQL (store/migrations.ts), used by
 * the read API (server/api) and the console. Every function takes a Queryable (the pg Pool or one
 * client) and typed filters, runs parameterized SQL only, and returns typed rows with ISO times.
 * Lists are keyset-paginated: pass the previous page's `next` as `cursor` (never an offset); a cursor
 * from another sort or listing is refused with a CursorError (a UsageError: a 400 for the API).
 *
 *   listDevices(db, filter: FleetDeviceFilter, page: {limit?, cursor?}, sort: DeviceSort = 'last_seen')
 *       -> Page<FleetDevice> = { items, next: string | null }     limit 1..PAGE_MAX (default PAGE_DEFAULT)
 *       sorts: last_seen (newest first), status (flagged first, then newest), ip (by address), site (by site, then address)
 *   deviceDetail(db, site: string, id: number) -> FleetDeviceDetail | null
 *       device, current verdict with evidence, verdict history, address and MAC history, events, triage history
 *   listChanges(db, filter: ChangeFilter {site?, since?, type?}, page) -> Page<FleetEvent>   newest first
 *   overview(db, {scans? = 10, now?}) -> FleetOverview: open covered by site and entity, review queue,
 *       per site counts and the last scans' flagged counts (trend), health, stale sites
 *   siteHealth(db, now = new Date()) -> SiteHealth[]: last sync, last complete scan, agent, lag, stale, failed pushes, last error
 *   fleetReport(db, filter) / withFleetReport(...): the report writers' input, streamed with a cursor (report-devices.ts)
 */
export { CursorError, PAGE_DEFAULT, PAGE_MAX, type Page, type PageRequest } from './cursor.js';
export type { Queryable } from './db.js';
export type { FleetDeviceFilter } from './device-filter.js';
export { DEVICE_SORTS, type DeviceSort, type FleetDevice, type FleetTriage, listDevices } from './devices.js';
export { DETAIL_HISTORY_MAX, deviceDetail, type FleetDeviceDetail, type FleetTriageDecision, type FleetVerdict, type HistoryEntry } from './device-detail.js';
export { type ChangeFilter, EVENT_TYPES, type EventType, type FleetEvent, listChanges } from './changes.js';
export { type FleetOverview, overview, type SiteOverview, type TrendPoint } from './overview.js';
export { isStale, type SiteHealth, siteHealth, STALE_UNKNOWN_SECONDS } from './site-health.js';
