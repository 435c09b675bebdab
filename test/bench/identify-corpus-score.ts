/**
 * Scores identification against the banner corpus (test/corpus/banners.jsonl): one observation
 * per row, judged by the same identify() that scans use. Recall counts covered rows flagged with
 * the right entity; the false-flag rate counts rows of everyone else flagged as any covered entity.
 * Rows marked `weak` are strings the facts call weak on their own: they must reach review with the
 * right entity, and are reported apart from recall.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isObservationKind, type Observation } from '../../src/observations/observation.js';
import { identify } from '../../src/identify/identify.js';
import { matchText } from '../../src/identify/rules/normalize.js';
import type { RuleSet } from '../../src/identify/rules/load.js';
import { ENTITY_IDS, type EntityId, type Status } from '../../src/identify/verdict.js';

export const CORPUS_PATH = fileURLToPath(new URL('../corpus/banners.jsonl', import.meta.url));

const rowSchema = z
  .object({
    kind: z.string().refine(isObservationKind, 'not an observation kind'),
    value: z.string().min(1),
    truth: z.object({ vendor: z.string().min(1).nullable(), covered: z.enum(ENTITY_IDS).nullable() }).strict(),
    source: z.string().min(3),
    weak: z.literal(true).optional(),
  })
  .strict();

export type CorpusRow = z.infer<typeof rowSchema> & { readonly line: number };

/** Reads a JSON Lines file, each row checked by `schema`; problems name `label` and the line. */
export function readJsonLines<S extends z.ZodType>(path: string, schema: S, label: string = path): { rows: (z.infer<S> & { readonly line: number })[]; problems: string[] } {
  const rows: (z.infer<S> & { readonly line: number })[] = [];
  const problems: string[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (text.trim() === '') return;
      const line = index + 1;
      let raw: unknown;
      try {
        raw = JSON.parse(text) as unknown;
      } catch {
        problems.push(`${label}:${line}: not JSON`);
        return;
      }
      const parsed = schema.safeParse(raw);
      if (parsed.success) rows.push({ ...(parsed.data as object), line } as z.infer<S> & { readonly line: number });
      else problems.push(...parsed.error.issues.map((i) => `${label}:${line}: ${i.path.join('.')}: ${i.message}`));
    });
  return { rows, problems };
}

/** Reads and checks the corpus; problems name the line. */
export function readCorpus(path: string = CORPUS_PATH): { rows: CorpusRow[]; problems: string[] } {
  return readJsonLines(path, rowSchema);
}

export function observationOf(row: CorpusRow): Observation {
  if (!isObservationKind(row.kind)) throw new Error(`corpus line ${row.line}: unknown kind ${row.kind}`);
  return { ip: '192.0.2.1', kind: row.kind, value: row.value, source: 'corpus', at: '2026-01-01T00:00:00Z' };
}

export interface Judgement {
  readonly status: Status;
  readonly covered: EntityId | null;
}

export function judgeWithIdentify(obs: Observation): Judgement {
  const verdict = identify([obs]);
  return { status: verdict.status, covered: verdict.covered };
}

export interface CorpusScore {
  readonly rows: number;
  readonly covered: number;
  readonly hits: number;
  readonly recall: number;
  readonly misses: readonly CorpusRow[];
  readonly weak: number;
  readonly weakReviewed: number;
  readonly weakMisses: readonly CorpusRow[];
  readonly others: number;
  readonly falseFlags: readonly CorpusRow[];
  readonly falseFlagRate: number;
  readonly othersInReview: number;
}

export function scoreCorpus(rows: readonly CorpusRow[], judge: (obs: Observation) => Judgement = judgeWithIdentify): CorpusScore {
  const misses: CorpusRow[] = [];
  const weakMisses: CorpusRow[] = [];
  const falseFlags: CorpusRow[] = [];
  let covered = 0;
  let weak = 0;
  let others = 0;
  let othersInReview = 0;
  for (const row of rows) {
    const verdict = judge(observationOf(row));
    const entity = row.truth.covered;
    if (entity === null) {
      others += 1;
      if (verdict.status === 'covered') falseFlags.push(row);
      else if (verdict.status === 'review') othersInReview += 1;
    } else if (row.weak === true) {
      weak += 1;
      if (verdict.status === 'clear' || verdict.covered !== entity) weakMisses.push(row);
    } else {
      covered += 1;
      if (verdict.status !== 'covered' || verdict.covered !== entity) misses.push(row);
    }
  }
  return {
    rows: rows.length,
    covered,
    hits: covered - misses.length,
    recall: covered === 0 ? 1 : (covered - misses.length) / covered,
    misses,
    weak,
    weakReviewed: weak - weakMisses.length,
    weakMisses,
    others,
    falseFlags,
    falseFlagRate: others === 0 ? 0 : falseFlags.length / others,
    othersInReview,
  };
}

/** Rows whose string is not one of the rules' own examples: recall on those is not recall by construction. */
export function rowsBeyondRuleExamples(rows: readonly CorpusRow[], ruleSet: RuleSet): CorpusRow[] {
  const examples = new Set<string>();
  for (const rule of ruleSet.rules) {
    for (const e of rule.spec.examples) examples.add(`${rule.kind}\u0000${matchText(rule.kind, e.value)}`);
  }
  return rows.filter((row) => !isObservationKind(row.kind) || !examples.has(`${row.kind}\u0000${matchText(row.kind, row.value)}`));
}
