/**
 * The matcher identify() uses unless told otherwise, and so every scan, `reidentify` and offline
 * `lanaudit identify`: the anchored fingerprint rules (oui/rules), maker mentions
 * (oui/mentions.json) and model-number families (oui/families.json). Each set is loaded and
 * checked once, on first use.
 */
import type { Observation } from '../observations/observation.js';
import { matchFamilies } from './families.js';
import { matchMentions } from './mentions.js';
import type { RuleMatch } from './rule-match.js';
import { matchObservation } from './rules/match.js';

export function defaultMatcher(obs: Observation): readonly RuleMatch[] {
  const rules = matchObservation(obs);
  const mentions = matchMentions(obs);
  const families = matchFamilies(obs);
  // Most observations match nothing or one class: no copy then.
  if (mentions.length === 0 && families.length === 0) return rules;
  if (rules.length === 0 && families.length === 0) return mentions;
  if (rules.length === 0 && mentions.length === 0) return families;
  return [...rules, ...mentions, ...families];
}
