import type { Deadline } from '../config/deadline.js';
import type { ChangeEventRecord } from '../inventory/change-store.js';
import type { EntityId } from '../identify/verdict.js';
import type { KnowledgeDates } from '../identify/knowledge-dates.js';
import type { DeviceBrief } from '../inventory/device-listing.js';
import type { TriageEntry, TriageStatus } from '../inventory/triage-store.js';
import type { ReportDevice } from './report-device.js';

/**
 * Everything a report is rendered from. The inventory supplies devices; issue 5's config supplies
 * the organization facts (until then: CLI options); triage and changes are optional so a report
 * renders the same before and after they exist, saying "none recorded" where they are absent.
 */
export interface ReportInput {
  readonly meta: ReportMeta;
  readonly devices: ReportDevices;
  /** Current triage decision per device (by id, and site in a fleet report); absent when no triage store exists yet. */
  readonly triage?: TriageLookup;
  /** Change events since the previous report (new, gone, changed devices); absent when not tracked. */
  readonly changes?: readonly ChangeEvent[];
}

/** A site's devices come in a plain iterable; the fleet's stream from PostgreSQL, asynchronously. */
export type Rows<T> = Iterable<T> | AsyncIterable<T>;

/** A brief of a device; a fleet report's briefs name the device's site. */
export type ReportBrief = DeviceBrief & { readonly site?: string };

/** The triage decision in force per device: a site's is a Map by id; the fleet's also takes the site. */
export interface TriageLookup {
  get(id: number, site?: string): TriageEntry | undefined;
}

/**
 * The devices a report covers, read as a writer walks them: an inventory of any size is never held
 * at once. Each call starts a new pass; the passes agree (an inventory reads them in one snapshot).
 * A writer finishes one pass before it starts the next (a fleet report's passes share one connection).
 */
export interface ReportDevices {
  /** Status, entity and maker of every device, evidence left unread, in any order: counts up front. */
  briefs(): Rows<ReportBrief>;
  /** The covered devices' entities, in the order the first device of each is listed. */
  coveredEntities(): readonly EntityId[];
  /** Every device in listing order (by address). */
  listed(): Rows<ReportDevice>;
  /** Every device in the order of the human-readable reports (reportOrder), or only the flagged ones. */
  ranked(flaggedOnly: boolean): Rows<ReportDevice>;
  /** ranked(false) for a table that shows no evidence: reading each device's evidence is most of the cost. */
  rankedRows(): Rows<Omit<ReportDevice, 'evidence'>>;
}

export interface ReportMeta {
  readonly generatedAt: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly flaggedOnly: boolean;
  /** ISO time the devices were filtered on (`--since`), if any. */
  readonly since?: string;
  readonly organization?: string;
  readonly site?: string;
  /** A fleet report: the sites it covers, by name. Each device then names its site, and counts are given per site. */
  readonly sites?: readonly string[];
  readonly contact?: string;
  readonly contract?: string;
  readonly orders?: readonly string[];
  /** Supplier named in the FAR report; defaults to the organization. */
  readonly supplier?: string;
  readonly uei?: string;
  readonly cage?: string;
  readonly scanWindow?: ScanWindow;
  readonly far?: FarSettings;
  /** Dates of the OUI registry and the covered-entity policy behind the verdicts, with their warnings (absent: not known to the caller). */
  readonly knowledge?: KnowledgeDates;
}

export interface ScanWindow {
  readonly from: string;
  readonly to: string;
  readonly scans: number;
}

/** FAR 52.204-25(d) settings: the 2025 FAR overhaul and FAR Case 2026-001 may move the clause and change the deadlines. */
export interface FarSettings {
  readonly clause: string;
  /** Time from identification to the first report. */
  readonly initial: Deadline;
  /** Time from the first report to the follow-up report; null when the rule in force has a single report. */
  readonly followUp: Deadline | null;
}

export type { Deadline };

export const DEFAULT_FAR: FarSettings = {
  clause: '52.204-25(d)',
  initial: { amount: 1, unit: 'business-days' },
  followUp: { amount: 10, unit: 'business-days' },
};

export type { TriageEntry } from '../inventory/triage-store.js';

/** One change event, as the inventory's change tracking records it; a fleet report's name the device's site. */
export type ChangeEvent = Pick<ChangeEventRecord, 'at' | 'deviceId' | 'type' | 'field' | 'old' | 'new' | 'ip' | 'mac'> & { readonly site?: string };

/** The triage status in force at `now`: an expired waiver counts as open again. */
export function effectiveTriage(entry: TriageEntry | undefined, now: string): TriageStatus {
  if (!entry) return 'open';
  // At `until` itself the waiver has ended, as triage and alerts decide it.
  if (entry.status === 'waiver' && entry.until !== null && entry.until <= now) return 'open';
  return entry.status;
}
