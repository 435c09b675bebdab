import type { ObservationKind } from '../observations/observation.js';

/** The covered entities of NDAA FY2019 §889(f)(3); their policy is data in oui/covered-entities.json. */
export const ENTITY_IDS = ['huawei', 'zte', 'hytera', 'hikvision', 'dahua'] as const;
export type EntityId = (typeof ENTITY_IDS)[number];

/** covered: evidence says a covered entity made it; review: something points there but not enough; clear: nothing does. */
export type Status = 'covered' | 'review' | 'clear';

/** One fact that moved the verdict, with the rule that read it. */
export interface Evidence {
  /** Rule id, e.g. "oui.registrant" or a fingerprint rule id. */
  readonly rule: string;
  readonly kind: ObservationKind;
  /** The observed value (device text, bounded, unescaped). */
  readonly value: string;
  readonly port?: number;
  readonly source: string;
  /** 0..1: how sure this one fact is on its own. */
  readonly certainty: number;
  /** Plain-language reading: "MAC prefix 58:50:ED is registered to Hangzhou Hikvision Digital Technology Co.,Ltd." */
  readonly says: string;
  /** The entity this fact points to, if any. */
  readonly entity: EntityId | null;
}

export interface Verdict {
  /** Who built it: registrant or firmware maker, official name. */
  readonly manufacturer: string | null;
  /** Short display name ("Hikvision"). */
  readonly manufacturerName: string | null;
  /** Whose label it carries, when that differs or is known. */
  readonly brand: string | null;
  readonly model: string | null;
  /** The serial number the device states of itself (SADP, DHIP, UPnP, a login realm …); null when none does. */
  readonly serial: string | null;
  /** The firmware version the device states (SADP, DHIP, a VRP sysDescr, an SSH banner …); null when none does. */
  readonly firmware: string | null;
  readonly status: Status;
  readonly covered: EntityId | null;
  /** 0..1. */
  readonly confidence: number;
  /** The MAC is locally administered: not attributable by OUI. */
  readonly randomizedMac: boolean;
  readonly evidence: readonly Evidence[];
}
