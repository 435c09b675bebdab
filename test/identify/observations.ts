/** Hand-made observations and rule matches for identification tests. */
import type { Observation, ObservationKind } from '../../src/observations/observation.js';
import type { RuleMatch } from '../../src/identify/rule-match.js';
import { identify, type RuleMatcher } from '../../src/identify/identify.js';

const AT = '2026-11-27T10:00:00.000Z';

export function obs(kind: ObservationKind, value: string, extra: Partial<Observation> = {}): Observation {
  return { ip: '192.0.2.10', kind, value, source: 'test', at: AT, ...extra };
}

export function macObs(mac: string): Observation {
  return obs('mac', mac, { source: 'neigh' });
}

export type MatchSpec = Omit<RuleMatch, 'observation' | 'says'> & { readonly says?: string };

/** A matcher that answers for observations by (kind, value), as a rule engine would. */
export function matcherFrom(table: ReadonlyArray<readonly [ObservationKind, string, MatchSpec]>): RuleMatcher {
  return (o) =>
    table
      .filter(([kind, value]) => kind === o.kind && value === o.value)
      .map(([, , spec]) => ({ says: `rule ${spec.rule} matched`, ...spec, observation: o }));
}

export const noRules: RuleMatcher = () => [];

/** Identify options with no MAC registry: a verdict from the text alone. */
export const noMac = { lookup: () => null };

/** The verdict of a device that sent this one text and nothing else. */
export function verdictOf(kind: ObservationKind, value: string): ReturnType<typeof identify> {
  return identify([obs(kind, value)], noMac);
}

/** An ONVIF hardware scope naming this model, as a camera's WS-Discovery answer lists it. */
export const hardwareScope = (model: string): string => `onvif://www.onvif.org/hardware/${model}`;
