/**
 * How current identification's knowledge is: the date of the IEEE registry MAC lookups use and of
 * the covered-entity policy, for `status` and every report, and a warning when the registry is older
 * than the configured number of months (identification.registryMaxAgeMonths): new blocks registered
 * since then are unknown to it, and a covered maker's new prefix goes unnoticed.
 */
import type { OuiBlock } from './oui-index.js';
import { registryInUse } from './oui-registry.js';
import { defaultPolicy } from './policy.js';

export interface KnowledgeDates {
  readonly registry: {
    /** YYYY-MM-DD; null when nothing records it. */
    readonly date: string | null;
    /** "oui-data 2.1.9", or the IEEE CSV files `lanaudit oui update` loaded. */
    readonly origin: string;
    readonly loaded: boolean;
    readonly counts: Readonly<Record<OuiBlock, number>>;
  };
  readonly policy: {
    readonly date: string | null;
    /** Titles of the sources it was checked against. */
    readonly sources: readonly string[];
  };
  /** What the reader should act on: an old or undated registry, a loaded registry not used. */
  readonly warnings: readonly string[];
}

/** Whole months from `date` (YYYY-MM-DD) to `now`, counted as a calendar does (2026-01-31 → 2026-02-28 is 0). */
export function monthsSince(date: string, now: Date): number {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const months = (now.getUTCFullYear() - y) * 12 + (now.getUTCMonth() + 1 - m);
  return now.getUTCDate() < d ? months - 1 : months;
}

const UPDATE_HINT = 'download oui.csv, mam.csv and oui36.csv from the IEEE Registration Authority and run lanaudit oui update --from DIR';

/** The registry's and the policy's dates, with the warnings they call for at `now`. */
export function knowledgeDates(now: Date, maxAgeMonths: number): KnowledgeDates {
  const choice = registryInUse();
  const { registry } = choice;
  const policy = defaultPolicy();
  const warnings: string[] = [];
  if (registry.date === null) {
    warnings.push(`The IEEE OUI registry in use (${registry.origin}) has no recorded date, so its age is unknown: ${UPDATE_HINT}.`);
  } else {
    const age = monthsSince(registry.date, now);
    if (age >= maxAgeMonths) {
      warnings.push(`The IEEE OUI registry in use is from ${registry.date} (${registry.origin}), ${age} months old: older than identification.registryMaxAgeMonths (${maxAgeMonths}); ${UPDATE_HINT}.`);
    }
  }
  if (choice.passedOver !== undefined) warnings.push(`A loaded OUI registry is not used: ${choice.passedOver}.`);
  return {
    registry: { date: registry.date, origin: registry.origin, loaded: choice.loaded, counts: registry.counts },
    policy: { date: policy.asOf?.date ?? null, sources: policy.asOf?.sources.map((s) => s.title) ?? [] },
    warnings,
  };
}

/** One line each for the registry and the policy, as status and the text reports show them. */
export function knowledgeLines(k: KnowledgeDates): [registry: string, policy: string] {
  const total = k.registry.counts['MA-L'] + k.registry.counts['MA-M'] + k.registry.counts['MA-S'];
  return [
    `OUI registry: ${k.registry.date ?? 'date unknown'} (${k.registry.origin}${k.registry.loaded ? ', loaded by lanaudit oui update' : ''}; ${total.toLocaleString('en-US')} assignments)`,
    `Covered-entity policy: as of ${k.policy.date ?? 'an unrecorded date'}${k.policy.sources.length ? ` (${k.policy.sources.map((t) => t.split(',')[0]).join('; ')})` : ''}`,
  ];
}
