/**
 * Recog's discipline, applied to every rule: each example matches its rule and extracts exactly
 * what it says; no earlier rule of the same kind reads it first as another vendor; no
 * counter-example matches. Returns compiler-style `file: rule-id: message` lines.
 */
import type { CompiledRule } from './compiled-rule.js';
import type { RuleSet } from './load.js';
import { readWith, type Reading } from './match.js';
import { matchText } from './normalize.js';
import type { Expect } from './schema.js';

const FIELDS = ['model', 'firmware', 'serial', 'deviceType', 'brand'] as const;

function shown(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

function readingProblems(rule: CompiledRule, reading: Reading, expect: Expect): string[] {
  const problems: string[] = [];
  for (const field of FIELDS) {
    // A rule's fixed deviceType is asserted only when the example names it; captured fields always.
    const captured = rule.captures[field] !== undefined;
    if (!captured && expect[field] === undefined) continue;
    if (reading[field] !== expect[field]) {
      problems.push(`${field} is ${reading[field] === undefined ? 'absent' : shown(reading[field])}, example expects ${expect[field] === undefined ? 'none' : shown(expect[field])}`);
    }
  }
  return problems;
}

export function lintRuleSet(ruleSet: RuleSet): string[] {
  const problems: string[] = [];
  for (const rules of ruleSet.byKind.values()) {
    rules.forEach((rule, position) => {
      const where = `${rule.file}: ${rule.id}`;
      for (const example of rule.spec.examples) {
        const text = matchText(rule.kind, example.value);
        const reading = readWith(rule, text);
        if (reading === null) {
          problems.push(`${where}: example ${shown(example.value)} does not match`);
          continue;
        }
        for (const problem of readingProblems(rule, reading, example.expect)) {
          problems.push(`${where}: example ${shown(example.value)}: ${problem}`);
        }
        const thief = rules.slice(0, position).find((earlier) => earlier.vendor !== rule.vendor && readWith(earlier, text) !== null);
        if (thief !== undefined) {
          problems.push(`${where}: example ${shown(example.value)} is matched first by ${thief.id} (vendor ${thief.vendor ?? 'generic'})`);
        }
      }
      for (const counter of rule.spec.counterExamples) {
        if (readWith(rule, matchText(rule.kind, counter.value)) !== null) {
          problems.push(`${where}: counter-example ${shown(counter.value)} matches`);
        }
      }
    });
  }
  return problems;
}
