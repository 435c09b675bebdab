/**
 * Deterministic k-fold cross-validation of the model-number shape classifier on its own training
 * data (the catalogue and the grammars' examples), for test/bench/model-shape-cv.ts and
 * test/identify/model-shape.test.ts. A model's fold is a hash of a key (the model, or its first five
 * characters for a series never seen): no randomness, the same folds every run.
 */
import { defaultMatcher } from '../../src/identify/default-matcher.js';
import { defaultFamilies } from '../../src/identify/families.js';
import { modelToken, readModelCatalogue, scoreShape, shapeSamples, trainShapeModel, type ShapeSample } from '../../src/identify/model-shape.js';

export const K = 5;

export type Sample = ShapeSample & { readonly token: string };

export interface Outcome {
  readonly sample: Sample;
  /** The entity the held-out model's shape leans to most, and how far (-Infinity: no known feature). */
  readonly entity: string | null;
  readonly score: number;
}

/** FNV-1a, 32 bits: a stable fold for a key. */
export function fold(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h % K;
}

/** One sample per token the classifier reads (the first source's), from the shipped data. */
export function cvSamples(): Sample[] {
  const seen = new Set<string>();
  const samples: Sample[] = [];
  for (const s of shapeSamples(readModelCatalogue(), defaultFamilies())) {
    const token = modelToken(s.model);
    if (token === null || seen.has(token)) continue;
    seen.add(token);
    samples.push({ ...s, token });
  }
  return samples;
}

export const byModel = (s: Sample): string => s.token;
export const bySeries = (s: Sample): string => s.token.slice(0, 5);

export function crossValidate(samples: readonly Sample[], key: (s: Sample) => string): Outcome[] {
  const out: Outcome[] = [];
  for (let k = 0; k < K; k += 1) {
    const model = trainShapeModel(samples.filter((s) => fold(key(s)) !== k));
    for (const s of samples.filter((x) => fold(key(x)) === k)) {
      const scored = scoreShape(model, s.token);
      out.push({ sample: s, entity: scored?.entity ?? null, score: scored?.score ?? -Infinity });
    }
  }
  return out;
}

export interface Rates {
  /** Covered makers' held-out models reaching the threshold with the right entity. */
  readonly hits: number;
  readonly covered: number;
  /** Other makers' held-out models reaching it. */
  readonly reviewed: readonly Outcome[];
  readonly others: number;
}

export function rates(outcomes: readonly Outcome[], threshold: number): Rates {
  const covered = outcomes.filter((o) => o.sample.entity !== null);
  const others = outcomes.filter((o) => o.sample.entity === null);
  return {
    hits: covered.filter((o) => o.score >= threshold && o.entity === o.sample.entity).length,
    covered: covered.length,
    reviewed: others.filter((o) => o.score >= threshold),
    others: others.length,
  };
}

/** The lowest threshold on a 0.05 grid at which at most `share` of other makers' held-out models reach review. */
export function thresholdFor(outcomes: readonly Outcome[], share: number): number {
  for (let t = 0; t <= 10; t = Math.round((t + 0.05) * 100) / 100) {
    const r = rates(outcomes, t);
    if (r.reviewed.length <= share * r.others) return t;
  }
  return Infinity;
}

/**
 * A covered model that no rule, mention or grammar reads as a UPnP model: the shape is the only voice
 * for it, so the shape's worth is measured on these (a grammar's examples are read by the grammar).
 */
export function unreadByRules(model: string): boolean {
  const at = '2026-12-05T00:00:00.000Z';
  return defaultMatcher({ ip: '192.0.2.1', kind: 'upnp.model', value: model, source: 'cv', at }).every((m) => m.rule.startsWith('model-shape.'));
}

/** Held-out covered models no rule or grammar reads, and how many of them reach the threshold with the right entity. */
export function unreadRates(outcomes: readonly Outcome[], threshold: number): { readonly reached: number; readonly unread: number } {
  const gaps = outcomes.filter((o) => o.sample.entity !== null && unreadByRules(o.sample.model));
  return { reached: gaps.filter((o) => o.score >= threshold && o.entity === o.sample.entity).length, unread: gaps.length };
}
