/**
 * Applies the fingerprint rules to observations. Rules are compiled once (on first use) and
 * indexed by kind, so one observation costs only the patterns of its own kind. Every rule that
 * matches is returned: combining them is the fusion's job, not first-match-wins.
 */
import type { Observation } from '../../observations/observation.js';
import { safeDecodeUri } from '../../util/percent-decode.js';
import type { RuleMatch } from '../rule-match.js';
import type { CompiledRule } from './compiled-rule.js';
import { loadRuleSet, type RuleSet } from './load.js';
import { matchText, ruleKind } from './normalize.js';

/** The capture-derived and fixed facts one rule reads from one text. */
export interface Reading {
  readonly model?: string;
  readonly firmware?: string;
  readonly serial?: string;
  readonly deviceType?: string;
  readonly brand?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Percent-decodes a captured label (ONVIF scopes are URIs: `LTS%20CMIP3142W`); a broken escape keeps the text as sent. */
function decoded(text: string): string {
  return text.includes('%') ? safeDecodeUri(text).trim() : text;
}

function group(found: RegExpExecArray, index: number | undefined): string | undefined {
  if (index === undefined) return undefined;
  const text = found[index]?.trim();
  return text === undefined || text === '' ? undefined : text;
}

// Assigns only the fields that have a value (exactOptionalPropertyTypes): no spread temporaries,
// since this runs for every match of every observation.
function fill(target: Mutable<Reading>, rule: CompiledRule, found: RegExpExecArray): void {
  const { captures } = rule;
  const model = group(found, captures.model);
  if (model !== undefined) target.model = model;
  const firmware = group(found, captures.firmware);
  if (firmware !== undefined) target.firmware = firmware;
  const serial = group(found, captures.serial);
  if (serial !== undefined) target.serial = serial;
  const deviceType = group(found, captures.deviceType) ?? rule.deviceType;
  if (deviceType !== undefined) target.deviceType = deviceType;
  const brand = group(found, captures.brand);
  if (brand !== undefined) {
    const text = decoded(brand);
    if (text !== '') target.brand = text;
  }
}

/** Runs one rule on already-normalized text; null when it does not match. */
export function readWith(rule: CompiledRule, text: string): Reading | null {
  const found = rule.regex.exec(text);
  if (found === null) return null;
  const reading: Mutable<Reading> = {};
  fill(reading, rule, found);
  return reading;
}

/** Every rule of the observation's kind that matches it, in file order. */
export function matchWith(ruleSet: RuleSet, obs: Observation): RuleMatch[] {
  const rules = ruleSet.byKind.get(ruleKind(obs.kind, obs.value));
  if (rules === undefined) return [];
  const text = matchText(obs.kind, obs.value);
  const matches: RuleMatch[] = [];
  for (const rule of rules) {
    const found = rule.regex.exec(text);
    if (found === null) continue;
    const match: Mutable<RuleMatch> = {
      rule: rule.id,
      observation: obs,
      certainty: rule.certainty,
      voice: rule.voice,
      vendor: rule.vendor,
      entity: rule.entity,
      says: rule.description,
    };
    if (rule.ceiling !== undefined) match.ceiling = rule.ceiling;
    if (rule.brandKnownOnly !== undefined) match.brandKnownOnly = rule.brandKnownOnly;
    fill(match, rule, found);
    matches.push(match);
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
