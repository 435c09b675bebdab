/**
 * Shared fast-check arbitraries for the codec fuzz suites: hostile bytes come as structured
 * packets with mutated fields, random bytes, huge inputs and deep nesting, not only random strings.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { isObservationKind, MAX_VALUE_LENGTH, type Observation } from '../../src/observations/observation.js';
import type { ProbeContext } from '../../src/probes/probe-context.js';
import type { Scope } from '../../src/scope/types.js';

/** Few hundred runs per property: the whole fuzz suite stays well under 20 s. */
export const RUNS = { numRuns: 300 } as const;

export const EVERYWHERE: Scope = { ranges: [{ first: 0, last: 0xffffffff }], size: 2 ** 32, labels: ['0.0.0.0/0'], excluded: [] };
export const ctx: ProbeContext = { scope: EVERYWHERE, signal: new AbortController().signal, timeoutMs: 200, interfaces: [], now: () => new Date(0) };

export const bytes = (maxLength = 512) => fc.uint8Array({ maxLength }).map((a) => Buffer.from(a));
export const text = (maxLength = 256) => fc.string({ unit: 'binary', maxLength });
/** Short tokens that parsers look for, so random text hits the interesting branches. */
export const token = (words: readonly string[]) => fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 12 }));

type Op = { op: 'flip'; at: number; value: number } | { op: 'cut'; at: number } | { op: 'insert'; at: number; data: Uint8Array } | { op: 'repeat'; at: number; times: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), data: fc.uint8Array({ maxLength: 16 }) }),
  fc.record({ op: fc.constant('repeat' as const), at: fc.nat(), times: fc.integer({ min: 2, max: 64 }) }),
);

function apply(buf: Buffer, o: Op): Buffer {
  if (buf.length === 0) return o.op === 'insert' ? Buffer.from(o.data) : buf;
  const at = o.at % buf.length;
  switch (o.op) {
    case 'flip': {
      const copy = Buffer.from(buf);
      copy[at] = o.value;
      return copy;
    }
    case 'cut':
      return buf.subarray(0, at);
    case 'insert':
      return Buffer.concat([buf.subarray(0, at), Buffer.from(o.data), buf.subarray(at)]);
    case 'repeat':
      return Buffer.concat([buf.subarray(0, at), ...Array.from({ length: o.times }, () => buf.subarray(at, at + 8)), buf.subarray(at)]);
  }
}

/** A few byte-level edits (flip, cut, insert, repeat), possibly none; apply them with `applyEdits`. */
export const edits = fc.array(op, { maxLength: 6 });
export const applyEdits = (buf: Buffer, ops: readonly Op[]): Buffer => ops.reduce(apply, buf);

/** A valid-looking packet with a few byte-level mutations (or none). */
export function mutated(base: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> {
  return fc.tuple(base, edits).map(([buf, ops]) => applyEdits(buf, ops));
}

/** Something large: a pattern repeated to up to ~256 KiB. */
export const huge = fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.integer({ min: 1_000, max: 32_000 })).map(([p, n]) => p.repeat(n));

/** `<a><a>…</a></a>` nested `depth` deep (closing tags sometimes missing). */
export const nested = fc.tuple(fc.constantFrom('a', 'Body', 'device', 'ProbeMatch', 'host'), fc.integer({ min: 50, max: 5_000 }), fc.boolean()).map(
  ([tag, depth, closed]) => `<${tag}>`.repeat(depth) + (closed ? `</${tag}>`.repeat(depth) : ''),
);

/** What every decoder's output must satisfy: known kinds, bounded values, an address. */
export function expectBounded(observations: readonly Observation[], maxCount = 256): void {
  expect(observations.length).toBeLessThanOrEqual(maxCount);
  for (const o of observations) {
    expect(isObservationKind(o.kind)).toBe(true);
    expect(typeof o.value).toBe('string');
    expect(o.value.length).toBeLessThanOrEqual(MAX_VALUE_LENGTH);
    expect(typeof o.ip).toBe('string');
  }
}
