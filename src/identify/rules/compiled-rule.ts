import type { ObservationKind } from '../../observations/observation.js';
import type { Voice } from '../rule-match.js';
import type { EntityId } from '../verdict.js';
import type { Captures, RuleSpec } from './schema.js';

/** A rule ready to run: its spec, where it came from, its compiled pattern and resolved entity. */
export interface CompiledRule {
  readonly id: string;
  readonly kind: ObservationKind;
  /** File it was loaded from, for compiler-style messages. */
  readonly file: string;
  readonly regex: RegExp;
  readonly certainty: number;
  readonly voice: Voice;
  readonly vendor: string | null;
  readonly entity: EntityId | null;
  readonly ceiling?: 'review';
  readonly deviceType?: string;
  readonly captures: Captures;
  readonly brandKnownOnly?: true;
  readonly description: string;
  readonly spec: RuleSpec;
}
