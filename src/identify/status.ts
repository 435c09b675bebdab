/**
 * Step 3 of identification: the status, from the support per entity. The surest entity sets it by
 * threshold (fusion.ts); then each of these rules can only lower covered to review, and each one
 * that applies is kept as a finding for the notes:
 * - ceiling: the facts for the entity that may flag are too weak alone, the rest may only send a device to review (a chip maker's block, a page listing cameras);
 * - label-only: only labels point to the entity and the firmware names another maker surely enough;
 * - maker: the firmware names another maker more surely than all the evidence for the entity;
 * - two-firmwares: two covered makers' firmware each strong enough to flag (spoofed or relayed);
 * and every other entity with support is a contradiction kept for review.
 */
import { combine, FIRMWARE_OVERRULES_LABEL, statusFor } from './fusion.js';
import { firmwareOverrules, type Candidate, type VendorGroup } from './support.js';
import type { Status } from './verdict.js';

export type Finding =
  | { readonly kind: 'ceiling'; readonly flagged: Candidate }
  | { readonly kind: 'label-only' | 'maker'; readonly flagged: Candidate; readonly firmware: VendorGroup }
  | { readonly kind: 'two-firmwares' | 'also'; readonly flagged: Candidate; readonly other: Candidate };

export interface Judgement {
  readonly status: Status;
  /** The entity the evidence points to when status is covered or review. */
  readonly flagged: Candidate | undefined;
  readonly findings: readonly Finding[];
}

const CLEAR: Judgement = { status: 'clear', flagged: undefined, findings: [] };

/** candidates: entitySupport's ranking; firmware: the top firmware vendor group. */
export function judge(candidates: readonly Candidate[], firmware: VendorGroup | undefined): Judgement {
  const flagged = candidates[0];
  if (flagged === undefined) return CLEAR;
  let status = statusFor(flagged.certainty);
  if (status === 'clear') return CLEAR;
  const findings: Finding[] = [];

  if (status === 'covered' && !uncappedCarries(flagged)) {
    status = 'review';
    findings.push({ kind: 'ceiling', flagged });
  }
  const labelOnly = !flagged.firmware;
  if (labelOnly && firmware !== undefined && firmware.entity !== flagged.key && firmware.certainty >= FIRMWARE_OVERRULES_LABEL) {
    status = 'review';
    findings.push({ kind: 'label-only', flagged, firmware });
  } else if (firmwareOverrules(firmware, flagged)) {
    status = 'review';
    findings.push({ kind: 'maker', flagged, firmware });
  }
  for (const other of candidates.slice(1)) {
    // A device runs one firmware: two covered makers' firmware each strong enough to flag means
    // spoofed or relayed banners, which a person must look at rather than a flag on either.
    if (status === 'covered' && statusFor(other.certainty) === 'covered' && flagged.firmware && other.firmware) {
      status = 'review';
      findings.push({ kind: 'two-firmwares', flagged, other });
    }
    findings.push({ kind: 'also', flagged, other });
  }
  return { status, flagged, findings };
}

/**
 * Whether the facts that may flag (no review ceiling) carry a flag: alone, or as the firmware's own
 * voice surely enough to overrule a label. Facts capped at review (a page that may list other
 * devices, parts, software) then add to them; beside only weaker facts they may not lift an entity
 * to covered: a host named "dahua-nvr-proxy" serving a camera list is not a Dahua device.
 */
function uncappedCarries(candidate: Candidate): boolean {
  const uncapped = candidate.facts.filter((f) => f.ceiling !== 'review');
  if (uncapped.length === candidate.facts.length) return true;
  if (statusFor(combine(uncapped.map((f) => f.evidence.certainty))) === 'covered') return true;
  return combine(uncapped.filter((f) => f.voice === 'firmware').map((f) => f.evidence.certainty)) >= FIRMWARE_OVERRULES_LABEL;
}
