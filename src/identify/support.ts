/**
 * Step 2 of identification: how much the facts support each covered entity and each vendor.
 * Certainty adds up by noisy-or (fusion.ts). Every ranking here is total: certainty, then voice
 * (firmware before label), then a stable key; facts arrive in canonical order (facts.ts), so "the
 * first fact" of a group is a stable choice too.
 */
import type { Fact } from './facts.js';
import { combine } from './fusion.js';
import type { Voice } from './rule-match.js';
import { ENTITY_IDS, type EntityId } from './verdict.js';

export interface Candidate {
  readonly key: EntityId;
  readonly certainty: number;
  /** Its facts, in canonical order. */
  readonly facts: readonly Fact[];
  /** Some of its facts are the firmware's own voice. */
  readonly firmware: boolean;
}

export interface VendorGroup {
  /** The vendor name, lower-cased. */
  readonly key: string;
  /** The vendor as its surest fact spells it. */
  readonly name: string;
  /** The first covered entity its facts name, or null. */
  readonly entity: EntityId | null;
  readonly certainty: number;
  readonly facts: readonly Fact[];
}

/** The surest fact of a non-empty list; on a tie the first, which canonical order makes stable. */
export function strongest(facts: readonly Fact[]): Fact {
  let best = facts[0]!;
  for (const f of facts) if (f.evidence.certainty > best.evidence.certainty) best = f;
  return best;
}

function certaintyOf(facts: readonly Fact[]): number {
  return combine(facts.map((f) => f.evidence.certainty));
}

/**
 * Support per covered entity, strongest first. Ties: an entity its firmware speaks for first,
 * then ENTITY_IDS order.
 */
export function entitySupport(facts: readonly Fact[]): Candidate[] {
  const candidates: Candidate[] = [];
  for (const id of ENTITY_IDS) {
    let support: Fact[] | undefined;
    let firmware = false;
    for (const f of facts) {
      if (f.evidence.entity !== id) continue;
      (support ??= []).push(f);
      if (f.voice === 'firmware') firmware = true;
    }
    if (support !== undefined) candidates.push({ key: id, certainty: certaintyOf(support), facts: support, firmware });
  }
  // Array sort is stable, so equal candidates keep ENTITY_IDS order.
  return candidates.length > 1 ? candidates.sort((a, b) => b.certainty - a.certainty || Number(b.firmware) - Number(a.firmware)) : candidates;
}

/**
 * The strongest vendor group among the facts of one voice: by combined certainty, then by the
 * smaller vendor key. The only group the verdict reads of that voice.
 */
export function topVendorGroup(facts: readonly Fact[], voice: Voice): VendorGroup | undefined {
  let groups: Map<string, Fact[]> | undefined;
  for (const f of facts) {
    if (f.voice !== voice || f.vendor === null) continue;
    const key = f.vendor.toLowerCase();
    groups ??= new Map();
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [f]);
    else group.push(f);
  }
  if (groups === undefined) return undefined;
  let top: VendorGroup | undefined;
  for (const [key, group] of groups) {
    const certainty = certaintyOf(group);
    if (top !== undefined && (certainty < top.certainty || (certainty === top.certainty && key > top.key))) continue;
    top = {
      key,
      name: strongest(group).vendor ?? key,
      entity: group.find((f) => f.evidence.entity !== null)?.evidence.entity ?? null,
      certainty,
      facts: group,
    };
  }
  return top;
}

/**
 * The one rule for who made a flagged device: its covered entity, unless the firmware names
 * another maker more surely than all the evidence for that entity (a tie goes to the entity).
 * Then the firmware's maker it is, and the entity stays at review (status.ts).
 */
export function firmwareOverrules(firmware: VendorGroup | undefined, flagged: Candidate): firmware is VendorGroup {
  return firmware !== undefined && firmware.entity !== flagged.key && firmware.certainty > flagged.certainty;
}
