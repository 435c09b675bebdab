/**
 * No rule pattern may be super-linear: a device chooses the text every pattern of its kind runs on,
 * up to the observation cap (MAX_VALUE_LENGTH), and identify() runs every pattern of the kind on
 * every fact. Each pattern is timed on hostile text at the cap: long runs of one character or pair,
 * and each example with a run spliced in at every change of character class, ending either as the
 * example does or in a character no rule expects (the near-miss that makes a backtracking pattern
 * retry every split). The bound is generous (a linear pattern takes microseconds) so it is not
 * flaky, yet a quadratic one (tens of ms at the cap) fails it.
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { MAX_VALUE_LENGTH } from '../../src/observations/observation.js';
import type { CompiledRule } from '../../src/identify/rules/compiled-rule.js';
import { readRuleSet } from '../../src/identify/rules/load.js';
import { buildOwnAnswers } from '../../src/identify/text-evidence.js';
import mentionsFile from '../../oui/mentions.json' with { type: 'json' };
import { hostileInputs, SIZES } from './hostile-text.js';

const BOUND_MS = 5;
const CAP = MAX_VALUE_LENGTH;

function timeOnce(regex: RegExp, text: string): number {
  const start = performance.now();
  regex.exec(text);
  return performance.now() - start;
}

/** Median of several runs, taken only when one run was slow: a GC pause or a busy core must not fail the test. */
function slowMedian(regex: RegExp, text: string): number {
  if (timeOnce(regex, text) < BOUND_MS) return 0;
  const times = Array.from({ length: 5 }, () => timeOnce(regex, text)).sort((a, b) => a - b);
  return times[2]!;
}

/** The first hostile input the pattern takes too long on, smallest size first; null when none. */
function slowestInput(rule: Pick<CompiledRule, 'regex' | 'spec'>): string | null {
  for (const size of SIZES) {
    for (const text of hostileInputs(rule.spec.examples.map((e) => e.value), size)) {
      const median = slowMedian(rule.regex, text);
      if (median >= BOUND_MS) {
        return `${median.toFixed(1)} ms on ${text.length} chars ${JSON.stringify(text.slice(0, 60))}…${JSON.stringify(text.slice(-20))}`;
      }
    }
  }
  return null;
}

const { ruleSet } = readRuleSet();

describe('rule patterns are linear on hostile text at the observation cap', () => {
  it(`every pattern stays under ${BOUND_MS} ms per match on ${CAP}-character inputs`, () => {
    const slow = ruleSet.rules.flatMap((rule) => {
      const found = slowestInput(rule);
      return found === null ? [] : [`${rule.file}: ${rule.id}: ${found}`];
    });
    expect(slow.join('\n')).toBe('');
  }, 120_000);

  it('catches a quadratic pattern (the test can fail)', () => {
    const quadratic = { ...ruleSet.rules[0]!, regex: /^x\/([\w.-]*\d[\w.-]*)(?=\s|$)/, spec: { ...ruleSet.rules[0]!.spec, examples: [{ value: 'x/M3085-V', expect: {}, source: 's' }] } };
    expect(slowestInput(quadratic)).toMatch(/ms on/);
  });
});

/**
 * oui/mentions.json ownAnswers line patterns run on every page body (text-evidence.ts mayListOthers), so they
 * are held to the same bound, on hostile text built from their own examples.
 */
function slowOwnAnswers(raw: unknown): string[] {
  const { ownAnswers, problems } = buildOwnAnswers(raw);
  expect(problems).toEqual([]);
  const specs = (raw as { lines?: Array<{ id: string; examples: Array<{ value: string }> }> }).lines ?? [];
  return ownAnswers!.lines.flatMap((line, i) => {
    const examples = specs[i]!.examples.map((e) => ({ value: e.value, expect: {}, source: 's' }));
    return [line.begins, line.own, line.sibling].flatMap((regex) => {
      const found = regex === undefined ? null : slowestInput({ regex, spec: { examples } } as unknown as Pick<CompiledRule, 'regex' | 'spec'>);
      return found === null ? [] : [`ownAnswers ${specs[i]!.id}: /${regex!.source}/: ${found}`];
    });
  });
}

describe('ownAnswers line patterns are linear on hostile text at the observation cap', () => {
  it(`every begins, own and sibling pattern stays under ${BOUND_MS} ms per match`, () => {
    expect(slowOwnAnswers(mentionsFile.ownAnswers).join('\n')).toBe('');
  }, 120_000);

  it('catches a quadratic own pattern (the test can fail)', () => {
    const quadratic = { lines: [{ id: 'q', description: 'd', begins: 'x', own: '(?<own>[\\w.-]*\\d[\\w.-]*)(?=\\s|$)', source: 's', examples: [{ value: 'x/M3085-V', own: 'M3085', source: 's' }] }] };
    expect(slowOwnAnswers(quadratic).join('\n')).toMatch(/ms on/);
  });
});
