import { ENTITY_IDS, type EntityId, type Evidence, type Status, type Verdict } from '../identify/verdict.js';
import { OBSERVATION_KINDS, type ObservationKind } from '../observations/observation.js';
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
  /** Null in rows written before migration 4, and when the device stated none. */
  readonly serial: string | null;
  readonly firmware: string | null;
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
  serial: string | null,
  firmware: string | null,
];

const STATUSES: ReadonlySet<string> = new Set<Status>(['covered', 'review', 'clear']);
const ENTITIES: ReadonlySet<string> = new Set<EntityId>(ENTITY_IDS);
const KINDS: ReadonlySet<string> = new Set<ObservationKind>(OBSERVATION_KINDS);

function isStatus(text: string): text is Status {
  return STATUSES.has(text);
}

function isEntity(value: unknown): value is EntityId {
  return typeof value === 'string' && ENTITIES.has(value);
}

function isKind(value: unknown): value is ObservationKind {
  return typeof value === 'string' && KINDS.has(value);
}

/**
 * One stored evidence item, or null when it is not one. Hand-written rather than a schema: listing
 * an inventory reads every device's evidence, and per-item schema parsing dominated that. Builds a
 * fresh object with the stored key order (port last), dropping any key saveVerdict does not write.
 */
function evidenceItem(item: unknown): Evidence | null {
  if (typeof item !== 'object' || item === null) return null;
  const { rule, kind, value, port, source, certainty, says, entity } = item as Record<string, unknown>;
  if (typeof rule !== 'string' || !isKind(kind) || typeof value !== 'string' || typeof source !== 'string') return null;
  if (typeof certainty !== 'number' || typeof says !== 'string' || (entity !== null && !isEntity(entity))) return null;
  // Two literals rather than a spread: a listing builds hundreds of thousands of these, and spreading costs ~7× more.
  if (port === undefined) return { rule, kind, value, source, certainty, says, entity };
  return Number.isInteger(port) ? { rule, kind, value, source, certainty, says, entity, port: port as number } : null;
}

/** The evidence column as Evidence, or null when it is not valid JSON of that shape. */
function parseEvidence(text: string): Evidence[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  const items: readonly unknown[] = parsed;
  const evidence: Evidence[] = [];
  for (const item of items) {
    const e = evidenceItem(item);
    if (e === null) return null;
    evidence.push(e);
  }
  return evidence;
}

/** Evidence as stored: fixed key order, so two equal verdicts serialize to the same text. */
function evidenceJson(evidence: readonly Evidence[]): string {
  return JSON.stringify(
    // Two literals rather than a spread for the port: every verdict a scan stores is serialized here.
    evidence.map(({ rule, kind, value, port, source, certainty, says, entity }) =>
      port === undefined ? { rule, kind, value, source, certainty, says, entity } : { rule, kind, value, port, source, certainty, says, entity },
    ),
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
    verdict.serial,
    verdict.firmware,
  ];
}

/**
 * Evidence items as a sorted list of their stored texts: a row written before evidence came in
 * canonical order holds the same facts in another order, which is no change.
 */
function evidenceSet(text: string): string[] | null {
  const evidence = parseEvidence(text);
  return evidence === null ? null : evidence.map((e) => evidenceJson([e])).sort();
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
    row.serial,
    row.firmware,
  ];
  const next = verdictColumns(verdict);
  const EVIDENCE = 8;
  if (!stored.every((value, index) => index === EVIDENCE || value === next[index])) return false;
  if (row.evidence === next[EVIDENCE]) return true;
  const before = evidenceSet(row.evidence);
  const after = evidenceSet(next[EVIDENCE]);
  return before !== null && after !== null && before.length === after.length && before.every((item, i) => item === after[i]);
}

export function verdictFromRow(row: VerdictRow): Verdict {
  const { status, covered } = row;
  const evidence = parseEvidence(row.evidence);
  if (!isStatus(status) || (covered !== null && !isEntity(covered)) || evidence === null) {
    throw new RuntimeError(`inventory verdict ${row.id} is damaged (status, covered entity or evidence unreadable)`);
  }
  return {
    manufacturer: row.manufacturer,
    manufacturerName: row.manufacturer_name,
    brand: row.brand,
    model: row.model,
    serial: row.serial,
    firmware: row.firmware,
    status,
    covered,
    confidence: row.confidence,
    randomizedMac: row.randomized_mac !== 0,
    evidence,
  };
}
