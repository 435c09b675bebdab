import type { AlertReason } from '../changes/state-change.js';
import type { Placement } from '../infrastructure/place-devices.js';
import { describeLocation } from '../infrastructure/location.js';
import type { LabelledDevice } from '../inventory/device-labels.js';
import { plainText } from '../util/safe-text.js';

/** The JSON body every webhook receives (README "Alerts"). Device text is inside JSON strings, unescaped. */
export interface AlertMessage {
  readonly schema: 'lanaudit.alert';
  readonly version: 1;
  readonly reason: AlertReason;
  /** One plain line for people and syslog. */
  readonly summary: string;
  readonly scan: number | null;
  readonly time: string;
  readonly device: {
    readonly id: number;
    readonly ip: string;
    readonly mac: string | null;
    /** The name people know it by, when one is known (README "Names"). */
    readonly name: string | null;
    /** Where the switches last placed it, when they did. */
    readonly location: Placement | null;
    readonly manufacturer: string | null;
    readonly brand: string | null;
    readonly model: string | null;
    readonly firstSeen: string;
    readonly lastSeen: string;
  };
  readonly verdict: { readonly status: string; readonly covered: string | null; readonly confidence: number };
  /** The strongest facts behind the verdict, strongest first. */
  readonly evidence: readonly { readonly rule: string; readonly says: string; readonly certainty: number; readonly entity: string | null }[];
}

const REASON_TEXT: Readonly<Record<AlertReason, string>> = {
  new: 'new covered device',
  reappeared: 'covered device back on the network',
  'removed-reappeared': 'covered device marked removed is back on the network',
  'waiver-expired': 'waiver ended for covered device',
  'newly-flagged': 'device now identified as covered',
};

const EVIDENCE_LIMIT = 5;

export function alertMessage(device: LabelledDevice, reason: AlertReason, scanId: number | null, time: string): AlertMessage {
  const verdict = device.verdict;
  const evidence = [...(verdict?.evidence ?? [])]
    .sort((a, b) => b.certainty - a.certainty)
    .slice(0, EVIDENCE_LIMIT)
    .map((e) => ({ rule: e.rule, says: e.says, certainty: e.certainty, entity: e.entity }));
  const maker = verdict?.manufacturerName ?? verdict?.manufacturer ?? 'unknown maker';
  // Name and location are bounded apart, so a long one never pushes the address out of the line.
  const name = device.name ? ` "${plainText(device.name, 60)}"` : '';
  const location = device.location ? `, on ${plainText(describeLocation(device.location), 140)}` : '';
  const summary = plainText(
    `${REASON_TEXT[reason]}: ${verdict?.covered ?? 'covered'} — ${maker}${verdict?.model ? ` ${verdict.model}` : ''}${name} ` +
      `at ${device.ip}${device.mac ? ` (${device.mac})` : ''}${location}${scanId === null ? '' : `, scan ${scanId}`}`,
    400,
  );
  return {
    schema: 'lanaudit.alert',
    version: 1,
    reason,
    summary,
    scan: scanId,
    time,
    device: {
      id: device.id,
      ip: device.ip,
      mac: device.mac,
      name: device.name,
      location: device.location,
      manufacturer: verdict?.manufacturer ?? null,
      brand: verdict?.brand ?? null,
      model: verdict?.model ?? null,
      firstSeen: device.firstSeen,
      lastSeen: device.lastSeen,
    },
    verdict: { status: verdict?.status ?? 'unidentified', covered: verdict?.covered ?? null, confidence: verdict?.confidence ?? 0 },
    evidence,
  };
}
