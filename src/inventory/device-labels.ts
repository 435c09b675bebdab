/**
 * What people recognise a device by: its name and where it is plugged in, each chosen from its
 * stored facts by one rule.
 *
 *  - name: deviceName's rule (ptr > netbios > mdns > SNMP sysName > UPnP friendlyName, then newest, then least).
 *  - location: the placements ('location' facts) of the newest scan that placed the device; of
 *    those the highest confidence, then the least value in code-point order. Facts with no scan
 *    (none today) count as older than any scan, the later sighting first. A value that does not
 *    decode (an older or foreign form) is skipped.
 *
 * Pure functions of the set of facts: the same facts give the same labels in any order.
 */
import type { Placement } from '../infrastructure/place-devices.js';
import { decodeLocation } from '../infrastructure/location.js';
import type { Observation, ObservationKind } from '../observations/observation.js';
import { deviceName } from '../probes/names/device-name.js';
import type { DeviceRecord } from './types.js';

export interface DeviceLabels {
  readonly name: string | null;
  readonly location: Placement | null;
}

/** A device as listings, reports and alerts show it; a listing adds its IPv6 addresses when it has any. */
export type LabelledDevice = DeviceRecord & DeviceLabels & { readonly ipv6?: readonly string[] };

/** The part of a stored fact the labels read. */
export interface LabelFact extends Pick<Observation, 'kind' | 'source' | 'value' | 'at'> {
  readonly scanId: number | null;
}

/** The fact kinds the labels are made of: what a listing reads of each device's facts. */
export const LABEL_KINDS = ['hostname', 'snmp.sysname', 'location'] as const satisfies readonly ObservationKind[];

const CONFIDENCE_RANK = { high: 0, medium: 1, low: 2 } as const;

export function deviceLabels(facts: readonly LabelFact[]): DeviceLabels {
  return { name: deviceName(facts), location: currentLocation(facts) };
}

export function currentLocation(facts: Iterable<LabelFact>): Placement | null {
  let best: { fact: LabelFact; placement: Placement } | null = null;
  for (const fact of facts) {
    if (fact.kind !== 'location') continue;
    const placement = decodeLocation(fact.value);
    if (placement === null) continue;
    if (best === null || newer(fact, placement, best.fact, best.placement)) best = { fact, placement };
  }
  return best?.placement ?? null;
}

function newer(a: LabelFact, pa: Placement, b: LabelFact, pb: Placement): boolean {
  const scanA = a.scanId ?? -1;
  const scanB = b.scanId ?? -1;
  if (scanA !== scanB) return scanA > scanB;
  if (a.scanId === null && a.at !== b.at) return a.at > b.at;
  const rank = CONFIDENCE_RANK[pa.confidence] - CONFIDENCE_RANK[pb.confidence];
  if (rank !== 0) return rank < 0;
  return a.value < b.value;
}
