import type { Observation } from '../observations/observation.js';
import type { EntityId } from './verdict.js';

/**
 * Whose voice a fact is. A label can be bought or printed (MAC registrant, ONVIF name scope,
 * SSDP manufacturer); the firmware's own voice (SADP/DHIP answers, the vendor web server, the
 * Dahua "Login to <serial>" realm, a scope layout) says who wrote the software. When the two
 * disagree the device is "made by <firmware maker>, sold as <label>" (OEM detection).
 */
export type Voice = 'label' | 'firmware';

/** What one fingerprint rule (oui/rules/*.json) concluded from one observation. */
export interface RuleMatch {
  readonly rule: string;
  readonly observation: Observation;
  /** 0..1, from the rule. */
  readonly certainty: number;
  readonly voice: Voice;
  /** Vendor name from oui/vendors.json (one maker, one name), or null when the rule only says "generic". */
  readonly vendor: string | null;
  readonly entity: EntityId | null;
  /**
   * 'review': this match alone may at most send the device to review, never flag it (e.g. a
   * HiSilicon-SoC DVR banner: the chip is Huawei's, the device is a third party's).
   */
  readonly ceiling?: 'review';
  readonly model?: string;
  readonly firmware?: string;
  readonly serial?: string;
  readonly deviceType?: string;
  /** The label the device gives itself (ONVIF name, UPnP manufacturer), as it spells it. */
  readonly brand?: string;
  /** The brand counts only when the vendor vocabulary knows it. */
  readonly brandKnownOnly?: true;
  /** Plain-language reading of the match, from the rule's description. */
  readonly says: string;
}
