import { z } from 'zod';
import { ENTITY_IDS, type Evidence, type Verdict } from '../identify/verdict.js';
import { OBSERVATION_KINDS } from '../observations/observation.js';
import { RuntimeError } from '../util/errors.js';

/** A verdicts row as SQLite returns it. */
export interface VerdictRow {
  readonly id: number;
  readonly device_id: number;
  readonly scan_id: number | null;
  readonly at: string;
  readonly status: string;
  readonly covered: string | null;
  readonly manufacturer: string | null;
  readonly manufacturer_name: string | null;
  readonly brand: string | null;
  readonly model: string | null;
  readonly confidence: number;
  readonly randomized_mac: number;
  readonly evidence: string;
}

/** The columns saveVerdict writes, in statement order after device, scan and time. */
export type VerdictColumns = [
  status: string,
  covered: string | null,
  manufacturer: string | null,
  manufacturerName: string | null,
  brand: string | null,
  model: string | null,
  confidence: number,
  randomizedMac: number,
  evidence: string,
];

const entitySchema = z.enum(ENTITY_IDS);

const evidenceSchema = z.array(
  z.object({
    rule: z.string(),
    kind: z.enum(OBSERVATION_KINDS),
    value: z.string(),
    port: z.number().int().optional(),
    source: z.string(),
    certainty: z.number(),
    says: z.string(),
    entity: entitySchema.nullable(),
  }),
);

const statusSchema = z.enum(['covered', 'review', 'clear']);

/** Evidence as stored: fixed key order, so two equal verdicts serialize to the same text. */
function evidenceJson(evidence: readonly Evidence[]): string {
  return JSON.stringify(
    evidence.map((e) => ({
      rule: e.rule,
      kind: e.kind,
      value: e.value,
      ...(e.port === undefined ? {} : { port: e.port }),
      source: e.source,
      certainty: e.certainty,
      says: e.says,
      entity: e.entity,
    })),
  );
}

export function verdictColumns(verdict: Verdict): VerdictColumns {
  return [
    verdict.status,
    verdict.covered,
    verdict.manufacturer,
    verdict.manufacturerName,
    verdict.brand,
    verdict.model,
    verdict.confidence,
    verdict.randomizedMac ? 1 : 0,
    evidenceJson(verdict.evidence),
  ];
}

/** Same verdict as the stored row: history records changes, not repetitions. */
export function sameVerdict(row: VerdictRow, verdict: Verdict): boolean {
  const stored: VerdictColumns = [
    row.status,
    row.covered,
    row.manufacturer,
    row.manufacturer_name,
    row.brand,
    row.model,
    row.confidence,
    row.randomized_mac,
    row.evidence,
  ];
  const next = verdictColumns(verdict);
  return stored.every((value, index) => value === next[index]);
}

export function verdictFromRow(row: VerdictRow): Verdict {
  const status = statusSchema.safeParse(row.status);
  const covered = entitySchema.nullable().safeParse(row.covered);
  let evidence: z.infer<typeof evidenceSchema> | undefined;
  try {
    const parsed = evidenceSchema.safeParse(JSON.parse(row.evidence));
    if (parsed.success) evidence = parsed.data;
  } catch {
    evidence = undefined;
  }
  if (!status.success || !covered.success || evidence === undefined) {
    throw new RuntimeError(`inventory verdict ${row.id} is damaged (status, covered entity or evidence unreadable)`);
  }
  return {
    manufacturer: row.manufacturer,
    manufacturerName: row.manufacturer_name,
    brand: row.brand,
    model: row.model,
    status: status.data,
    covered: covered.data,
    confidence: row.confidence,
    randomizedMac: row.randomized_mac !== 0,
    evidence: evidence.map(({ port, ...rest }) => (port === undefined ? rest : { ...rest, port })),
  };
}
