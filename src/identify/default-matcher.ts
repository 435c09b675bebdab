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

/**
 * One text naming one maker is one fact, however many classes read it: a title "F660" read by the
 * ZTE title rule and again by the ZTE model grammar must not add up to a flag neither gives alone.
 * The anchored rules are curated readings and count as they are (an ONVIF name scope and hardware
 * scope are two voices). A mention or family match counts only for a vendor no anchored rule on the
 * same observation names, and only the surest of them per vendor (on a tie the mention, listed
 * first); the others are dropped, or kept with certainty 0 when they read a model the counted one
 * does not (so the model still reaches the verdict).
 */
function countOnce(rules: readonly RuleMatch[], generic: readonly RuleMatch[]): RuleMatch[] {
  const key = (m: RuleMatch): string | null => (m.vendor === null || m.certainty === 0 ? null : m.vendor.toLowerCase());
  const counted = new Map<string, RuleMatch>();
  for (const m of rules) {
    const k = key(m);
    if (k !== null) counted.set(k, m);
  }
  const ruled = new Set(counted.keys());
  for (const m of generic) {
    const k = key(m);
    if (k === null || ruled.has(k)) continue;
    const seen = counted.get(k);
    if (seen === undefined || m.certainty > seen.certainty) counted.set(k, m);
  }
  const out: RuleMatch[] = [...rules];
  for (const m of generic) {
    const k = key(m);
    const by = k === null ? m : counted.get(k)!;
    if (by === m) out.push(m);
    // A repetition adds nothing but a model the counted reading lacks.
    else if (m.model !== undefined && m.model !== by.model) out.push({ ...m, certainty: 0, says: `${m.says} (this text already counts for ${m.vendor} through ${by.rule})` });
  }
  return out;
}

export function defaultMatcher(obs: Observation): readonly RuleMatch[] {
  const rules = matchObservation(obs);
  const mentions = matchMentions(obs);
  const families = matchFamilies(obs);
  // Most observations match nothing or one class: no copy then.
  if (mentions.length === 0 && families.length === 0) return rules;
  if (rules.length === 0 && mentions.length + families.length === 1) return mentions.length === 1 ? mentions : families;
  return countOnce(rules, [...mentions, ...families]);
}
