import type { EntityId, Status, Verdict } from '../identify/verdict.js';
import type { Observation } from '../observations/observation.js';
import type { Ipv4Range } from '../scope/types.js';

export type ScanStatus = 'running' | 'complete' | 'interrupted';

export interface ScanRecord {
  readonly id: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** Scope labels joined with ", ": for display only. */
  readonly scope: string;
  /** The addresses the scan covered (exclusions removed): what change tracking counts an absence in. */
  readonly ranges: readonly Ipv4Range[];
  readonly engine: string;
  readonly status: ScanStatus;
  readonly hosts: number;
  readonly flagged: number;
  /** Why it did not complete, when it did not (set by finishScan, or on recovery of a killed scan). */
  readonly error?: string;
}

export interface StoredObservation extends Observation {
  readonly id: number;
  readonly scanId: number | null;
}

export interface DeviceRecord {
  readonly id: number;
  /** Stable identity when known; null for hosts seen only by IP (routed, or no ARP answer). */
  readonly mac: string | null;
  /** Current (last seen) IPv4 address. */
  readonly ip: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly verdict: Verdict | null;
}

/** One entry of a device's verdict history; the newest is its current verdict. */
export interface VerdictRecord {
  readonly id: number;
  readonly deviceId: number;
  /** The scan whose identification produced it; null for re-identification outside a scan. */
  readonly scanId: number | null;
  readonly at: string;
  readonly verdict: Verdict;
}

export interface IpHistoryEntry {
  readonly ip: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

export interface DeviceDetail extends DeviceRecord {
  readonly ipHistory: readonly IpHistoryEntry[];
  readonly observations: readonly StoredObservation[];
  /** Ids of the scans that saw it, newest first. */
  readonly scans: readonly number[];
}

export interface DeviceFilter {
  readonly flagged?: boolean;
  readonly status?: Status;
  /** Case-insensitive match on manufacturer, display name or covered entity id. */
  readonly vendor?: string;
  /** ISO time: last seen at or after. */
  readonly since?: string;
  readonly covered?: EntityId;
}
