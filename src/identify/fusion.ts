/**
 * How separate facts add up to one verdict. Certainty per candidate combines by noisy-or
 * (1 − Π(1 − cᵢ)): each independent fact can only raise it, several weak facts can outweigh one
 * strong fact, and nothing reaches 1 from facts that are each unsure.
 */
import type { Certainty } from './policy-schema.js';
import type { Status } from './verdict.js';

/** One certain fact (a covered registrant, a vendor discovery answer) or two weaker ones that agree. */
export const COVERED_THRESHOLD = 0.8;

/** Below one "probable" registrant or one mid-strength banner, a lead is noise, not something to review. */
export const REVIEW_THRESHOLD = 0.3;

/**
 * What a MAC registrant says about the maker, by how sure the policy is that the registrant belongs
 * to the entity. Below 1 because a prefix is a label: NIC modules and relabeled devices carry
 * someone else's block.
 */
export const OUI_CERTAINTY: Readonly<Record<Certainty, number>> = {
  certain: 0.85,
  reported: 0.6,
  probable: 0.45,
};

/** A registrant outside the policy names the maker as surely as a "certain" covered registrant. */
export const OUI_MAKER_CERTAINTY = OUI_CERTAINTY.certain;

/**
 * A firmware voice this sure, naming another maker, keeps label-only support for a covered entity
 * at review: the label can be bought or printed, the firmware says who wrote the software.
 */
export const FIRMWARE_OVERRULES_LABEL = 0.6;

/** Noisy-or of independent certainties, each clamped to 0..1; rounded so 0.8 stays 0.8 at a threshold. */
export function combine(certainties: Iterable<number>): number {
  let doubt = 1;
  for (const c of certainties) doubt *= 1 - Math.min(1, Math.max(0, c));
  return Math.round((1 - doubt) * 1e6) / 1e6;
}

/** Status for a candidate's combined certainty. */
export function statusFor(certainty: number): Status {
  if (certainty >= COVERED_THRESHOLD) return 'covered';
  if (certainty >= REVIEW_THRESHOLD) return 'review';
  return 'clear';
}
