/**
 * Applies the fingerprint rules to observations. Rules are compiled once (on first use) and
 * indexed by kind, so one observation costs only the patterns of its own kind. Every rule that
 * matches is returned: combining them is the fusion's job, not first-match-wins.
 */
import type { Observation } from '../../observations/observation.js';
import type { RuleMatch } from '../rule-match.js';
import type { CompiledRule } from './compiled-rule.js';
import { loadRuleSet, type RuleSet } from './load.js';
import { matchText } from './normalize.js';

/** The capture-derived and fixed facts one rule reads from one text; null when it does not match. */
export interface Reading {
  readonly model?: string;
  readonly firmware?: string;
  readonly serial?: string;
  readonly deviceType?: string;
}

function group(found: RegExpExecArray, index: number | undefined): string | undefined {
  if (index === undefined) return undefined;
  const text = found[index]?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/** Runs one rule on already-normalized text. */
export function readWith(rule: CompiledRule, text: string): Reading | null {
  const found = rule.regex.exec(text);
  if (found === null) return null;
  const model = group(found, rule.captures.model);
  const firmware = group(found, rule.captures.firmware);
  const serial = group(found, rule.captures.serial);
  const deviceType = group(found, rule.captures.deviceType) ?? rule.deviceType;
  return {
    ...(model === undefined ? {} : { model }),
    ...(firmware === undefined ? {} : { firmware }),
    ...(serial === undefined ? {} : { serial }),
    ...(deviceType === undefined ? {} : { deviceType }),
  };
}

/** Every rule of the observation's kind that matches it, in file order. */
export function matchWith(ruleSet: RuleSet, obs: Observation): RuleMatch[] {
  const rules = ruleSet.byKind.get(obs.kind);
  if (rules === undefined) return [];
  const text = matchText(obs.kind, obs.value);
  const matches: RuleMatch[] = [];
  for (const rule of rules) {
    const reading = readWith(rule, text);
    if (reading === null) continue;
    matches.push({
      rule: rule.id,
      observation: obs,
      certainty: rule.certainty,
      voice: rule.voice,
      vendor: rule.vendor,
      entity: rule.entity,
      ...(rule.ceiling === undefined ? {} : { ceiling: rule.ceiling }),
      ...reading,
      says: rule.description,
    });
  }
  return matches;
}

let defaultRuleSet: RuleSet | undefined;

/** The rules shipped in oui/, loaded and checked once. */
export function defaultRules(): RuleSet {
  defaultRuleSet ??= loadRuleSet();
  return defaultRuleSet;
}

/** What the shipped rules conclude from one observation (empty when nothing matches). */
export function matchObservation(obs: Observation): RuleMatch[] {
  return matchWith(defaultRules(), obs);
}
