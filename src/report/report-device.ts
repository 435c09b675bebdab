import type { Placement } from '../infrastructure/place-devices.js';
import type { LabelledDevice } from '../inventory/device-labels.js';
import type { Evidence, EntityId, Status } from '../identify/verdict.js';

/** One device as every report format sees it; the JSON report's `devices[]` element (README: "JSON report"). */
export interface ReportDevice {
  /** The device's id in its site's inventory. */
  readonly id: number;
  /** The site's name, in a fleet report only (where (site, id) names a device). */
  readonly site?: string;
  readonly ip: string;
  /** Its IPv6 addresses, latest first (same MAC as the IPv4 host: one device); absent when none was seen. */
  readonly ipv6?: readonly string[];
  readonly mac: string | null;
  /** The name people know it by (device-labels.ts: DNS, NetBIOS, mDNS, SNMP sysName or UPnP friendlyName), else null. */
  readonly name: string | null;
  /** Where the switches last placed it (switch, port, VLAN, confidence), else null. */
  readonly location: Placement | null;
  readonly manufacturer: string | null;
  readonly manufacturerName: string | null;
  readonly brand: string | null;
  readonly model: string | null;
  /** The serial number the device states of itself (identification's verdict: SADP, DHIP, UPnP …), else null. */
  readonly serial: string | null;
  readonly status: Status | 'unidentified';
  readonly covered: EntityId | null;
  readonly confidence: number;
  readonly randomizedMac: boolean;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly evidence: readonly Evidence[];
}

export function toReportDevice(device: LabelledDevice): ReportDevice {
  const v = device.verdict;
  const out: ReportDevice = {
    id: device.id,
    ip: device.ip,
    mac: device.mac,
    name: device.name,
    location: device.location,
    manufacturer: v?.manufacturer ?? null,
    manufacturerName: v?.manufacturerName ?? null,
    brand: v?.brand ?? null,
    model: v?.model ?? null,
    serial: v?.serial ?? null,
    status: v?.status ?? 'unidentified',
    covered: v?.covered ?? null,
    confidence: v?.confidence ?? 0,
    randomizedMac: v?.randomizedMac ?? false,
    firstSeen: device.firstSeen,
    lastSeen: device.lastSeen,
    evidence: v?.evidence ?? [],
  };
  // Added only to the few devices with IPv6 addresses: the IPv4-only ones keep one object shape.
  return device.ipv6?.length ? Object.assign(out, { ipv6: device.ipv6 }) : out;
}

/** A device needs action when the evidence says a covered entity made it. */
export function isFlagged(device: Pick<ReportDevice, 'status'>): boolean {
  return device.status === 'covered';
}
