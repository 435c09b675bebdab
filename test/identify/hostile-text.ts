/**
 * Hostile text for the linearity checks of every pattern a device's text meets (rules, model
 * families): long runs of one character or pair, and each example with a run spliced in at every
 * change of character class, ending either as the example does or in a character no pattern expects
 * (the near-miss that makes a backtracking pattern retry every split).
 */
import { MAX_VALUE_LENGTH } from '../../src/observations/observation.js';

/** Doubling sizes up to the cap: an exponential pattern fails at a small size instead of hanging the run. */
export const SIZES = [12, 24, 48, 96, 192, 384, 768, 1536, 3072, MAX_VALUE_LENGTH];
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

/** Hostile inputs of one size built from a pattern's examples: generic runs, the examples' own characters, spliced examples. */
export function hostileInputs(examples: readonly string[], size: number): string[] {
  const found = new Set<string>();
  const units = new Set(RUNS);
  for (const example of examples) for (const char of example) units.add(char);
  for (const unit of units) {
    found.add(run(unit, size));
    found.add(run(unit, size, STOP));
  }
  found.add(`${' '.repeat(size - 1)}x`);
  for (const value of examples) {
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
