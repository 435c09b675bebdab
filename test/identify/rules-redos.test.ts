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

const BOUND_MS = 5;
const CAP = MAX_VALUE_LENGTH;
/** Doubling sizes up to the cap: an exponential pattern fails at a small size instead of hanging the run. */
const SIZES = [12, 24, 48, 96, 192, 384, 768, 1536, 3072, CAP];
/** Ends a run with something no pattern expects after it. */
const STOP = '\u0001';

const RUNS = ['a', 'A', 'z', '1', '0', '-', '.', '_', ' ', '\t', '/', ':', '%', '(', ')', '"', '=', ';', ',', '<', '>', '-1', 'a1', '1.', '.1', '%20', ' a', 'a ', '1 ', '/1', 'a-', 'a.'];

/** A run of `unit` repeated to `size` characters, then `tail`. */
function run(unit: string, size: number, tail = ''): string {
  const length = Math.max(0, size - tail.length);
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length) + tail;
}

function classOf(char: string): string {
  if (/\d/.test(char)) return 'd';
  if (/[A-Za-z_]/.test(char)) return 'w';
  return /\s/.test(char) ? 's' : char;
}

/** Where an example changes character class (a digit run starts, a separator comes): where runs are spliced in. */
function boundaries(text: string): number[] {
  const at = new Set<number>([0, text.length - 1]);
  for (let i = 1; i < text.length; i += 1) if (classOf(text[i]!) !== classOf(text[i - 1]!)) at.add(i);
  return [...at].filter((i) => i >= 0).sort((a, b) => a - b);
}

/** Hostile inputs of one size for one rule: generic runs, the examples' own characters, spliced examples. */
function inputs(rule: CompiledRule, size: number): string[] {
  const found = new Set<string>();
  const units = new Set(RUNS);
  for (const example of rule.spec.examples) for (const char of example.value) units.add(char);
  for (const unit of units) {
    found.add(run(unit, size));
    found.add(run(unit, size, STOP));
  }
  found.add(`${' '.repeat(size - 1)}x`);
  for (const { value } of rule.spec.examples) {
    found.add(run(`${value} `, size));
    if (value.length >= size) continue;
    for (const i of boundaries(value)) {
      const head = value.slice(0, i);
      for (const unit of [value[i]!, value.slice(i, i + 2)]) {
        const room = size - head.length;
        found.add(head + run(unit, room, STOP));
        found.add((head + run(unit, room - (value.length - i - unit.length), value.slice(i + unit.length))).slice(0, size));
      }
    }
  }
  return [...found];
}

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
function slowestInput(rule: CompiledRule): string | null {
  for (const size of SIZES) {
    for (const text of inputs(rule, size)) {
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
