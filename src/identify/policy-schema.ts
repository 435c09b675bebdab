/**
 * The shape of oui/covered-entities.json (documented in oui/README.md). Checked with zod, then
 * for the cross-references a schema cannot see: every source id exists, each entity appears once,
 * and no registrant name points to two places (a covered entity and a trap, or two entities).
 */
import { z } from 'zod';
import { RuntimeError } from '../util/errors.js';
import { normalizeRegistrant } from './registrant-name.js';
import { ENTITY_IDS } from './verdict.js';

export { normalizeRegistrant } from './registrant-name.js';

/** Version of the file format this code reads; bump it with any incompatible change. */
export const POLICY_SCHEMA_VERSION = 1;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const text = z.string().trim().min(1);
const sourceId = text;

export const certaintySchema = z.enum(['certain', 'reported', 'probable']);
export const relationSchema = z.enum(['parent', 'subsidiary', 'affiliate']);

const sourceSchema = z.object({ title: text, url: z.url().optional() }).strict();

const registrantSchema = z
  .object({
    /** The exact IEEE registrant name (first line of the registry entry). */
    name: text,
    /** Short display name for reports ("EZVIZ"). */
    display: text,
    relation: relationSchema,
    certainty: certaintySchema,
    source: sourceId,
    /** How many prefixes carried this name in checkedAgainst. */
    prefixes: z.number().int().min(0),
    /** 'review': this registrant alone may send a device to review, never flag it (a chip maker's block). */
    ceiling: z.literal('review').optional(),
    note: text.optional(),
  })
  .strict();

const subsidiarySchema = z
  .object({
    name: text,
    kind: z.enum(['subsidiary', 'affiliate', 'brand']),
    certainty: certaintySchema,
    source: sourceId,
    note: text.optional(),
  })
  .strict();

const relabelerSchema = z
  .object({
    brand: text,
    /** Exact registrant names this relabeler uses, if any. */
    registrants: z.array(text),
    period: z.object({ from: text, to: text }).strict().optional(),
    certainty: certaintySchema,
    source: sourceId,
    note: text,
  })
  .strict();

const entitySchema = z
  .object({
    id: z.enum(ENTITY_IDS),
    displayName: text,
    legalName: text,
    /** The name as §889 writes it. */
    namedInLaw: text,
    basis: z.object({ clause: text, covers: text, source: sourceId }).strict(),
    effective: z
      .object({ procurementBan: isoDate, useBan: isoDate, fccCoveredList: isoDate })
      .strict(),
    registrants: z.array(registrantSchema).min(1),
    subsidiaries: z.array(subsidiarySchema),
    oemRelabelers: z.array(relabelerSchema),
  })
  .strict();

const informationalSchema = z
  .object({
    id: text,
    displayName: text,
    list: text,
    since: isoDate,
    scope: text,
    note: text,
    source: sourceId,
    registrants: z.array(z.object({ name: text, prefixes: z.number().int().min(0) }).strict()).min(1),
  })
  .strict();

const trapSchema = z
  .object({
    names: z.array(text).min(1),
    resembles: text,
    why: text,
    source: sourceId,
  })
  .strict();

export const policyFileSchema = z
  .object({
    $comment: z.string().optional(),
    schemaVersion: z.literal(POLICY_SCHEMA_VERSION),
    checkedAgainst: z.object({ package: text, version: text, prefixes: z.number().int().positive() }).strict(),
    /** When the policy was last checked against its sources (shown in status and reports). */
    asOf: z.object({ date: isoDate, sources: z.array(sourceId).min(1), note: text.optional() }).strict().optional(),
    sources: z.record(sourceId, sourceSchema),
    entities: z.array(entitySchema),
    informational: z.array(informationalSchema),
    traps: z.array(trapSchema),
  })
  .strict()
  .superRefine((file, ctx) => {
    const known = new Set(Object.keys(file.sources));
    const cite = (id: string, path: (string | number)[]): void => {
      if (!known.has(id)) ctx.addIssue({ code: 'custom', path, message: `unknown source "${id}"` });
    };
    const owner = new Map<string, string>();
    const claim = (name: string, who: string, path: (string | number)[]): void => {
      const key = normalizeRegistrant(name);
      const previous = owner.get(key);
      if (previous !== undefined && previous !== who) {
        ctx.addIssue({ code: 'custom', path, message: `"${name}" is already listed under ${previous}` });
      }
      owner.set(key, who);
    };
    file.asOf?.sources.forEach((id, i) => cite(id, ['asOf', 'sources', i]));
    const seen = new Set<string>();
    file.entities.forEach((entity, e) => {
      if (seen.has(entity.id)) ctx.addIssue({ code: 'custom', path: ['entities', e, 'id'], message: `duplicate entity "${entity.id}"` });
      seen.add(entity.id);
      cite(entity.basis.source, ['entities', e, 'basis', 'source']);
      entity.registrants.forEach((r, i) => {
        cite(r.source, ['entities', e, 'registrants', i, 'source']);
        claim(r.name, `entity ${entity.id}`, ['entities', e, 'registrants', i, 'name']);
      });
      entity.subsidiaries.forEach((s, i) => cite(s.source, ['entities', e, 'subsidiaries', i, 'source']));
      entity.oemRelabelers.forEach((o, i) => {
        cite(o.source, ['entities', e, 'oemRelabelers', i, 'source']);
        o.registrants.forEach((name, j) => claim(name, `relabeler ${o.brand}`, ['entities', e, 'oemRelabelers', i, 'registrants', j]));
      });
    });
    for (const id of ENTITY_IDS) {
      if (!seen.has(id)) ctx.addIssue({ code: 'custom', path: ['entities'], message: `entity "${id}" is missing` });
    }
    // Informational names and traps may overlap (Honor is both a note and a trap); neither may name an entity's registrant.
    const entityOwned = new Map(owner);
    const notCovered = (name: string, path: (string | number)[]): void => {
      const previous = entityOwned.get(normalizeRegistrant(name));
      if (previous !== undefined) ctx.addIssue({ code: 'custom', path, message: `"${name}" is already listed under ${previous}` });
    };
    file.informational.forEach((info, i) => {
      cite(info.source, ['informational', i, 'source']);
      info.registrants.forEach((r, j) => notCovered(r.name, ['informational', i, 'registrants', j, 'name']));
    });
    file.traps.forEach((trap, i) => {
      cite(trap.source, ['traps', i, 'source']);
      trap.names.forEach((name, j) => notCovered(name, ['traps', i, 'names', j]));
    });
  });

export type PolicyFile = z.infer<typeof policyFileSchema>;
export type EntityPolicy = PolicyFile['entities'][number];
export type RegistrantEntry = EntityPolicy['registrants'][number];
export type InformationalEntry = PolicyFile['informational'][number];
export type TrapEntry = PolicyFile['traps'][number];
export type RelabelerEntry = EntityPolicy['oemRelabelers'][number];
export type Certainty = z.infer<typeof certaintySchema>;
export type Relation = z.infer<typeof relationSchema>;

/** Checks a parsed policy file; throws RuntimeError listing every problem by file and key path. */
export function parsePolicyFile(json: unknown, origin: string): PolicyFile {
  const parsed = policyFileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${origin}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new RuntimeError(`invalid covered-entity policy:\n${problems.join('\n')}`);
}
