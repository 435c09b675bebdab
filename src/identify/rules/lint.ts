/**
 * Recog's discipline, applied to every rule: each example matches its rule and extracts exactly
 * what it says; no other rule of the same kind, earlier or later, reads it as another maker or
 * another covered entity (fusion combines every match, so order does not matter); no
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

/**
 * Whether `other` matching `rule`'s example contradicts it: it names another maker, or points at
 * another covered entity. A generic rule that names neither (an OpenSSH version, a bare ONVIF
 * name) only adds detail and is no conflict.
 */
function contradicts(rule: CompiledRule, other: CompiledRule): boolean {
  if (other.entity !== null && other.entity !== rule.entity) return true;
  return rule.vendor !== null && other.vendor !== null && other.vendor !== rule.vendor;
}

export function lintRuleSet(ruleSet: RuleSet): string[] {
  const problems: string[] = [];
  for (const rules of ruleSet.byKind.values()) {
    for (const rule of rules) {
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
        for (const other of rules) {
          if (other === rule || !contradicts(rule, other) || readWith(other, text) === null) continue;
          problems.push(`${where}: example ${shown(example.value)} is also matched by ${other.id} (vendor ${other.vendor ?? 'generic'}, entity ${other.entity ?? 'none'})`);
        }
      }
      for (const counter of rule.spec.counterExamples) {
        if (readWith(rule, matchText(rule.kind, counter.value)) !== null) {
          problems.push(`${where}: counter-example ${shown(counter.value)} matches`);
        }
      }
    }
  }
  return problems;
}
