/**
 * The covered-entity policy (oui/covered-entities.json): which IEEE registrants belong to which
 * §889 entity, which names only earn a note, and which look-alikes must never flag. Queries are
 * exact matches on normalized names.
 *
 * The build checks the shipped file with zod (policy-schema.ts) and writes the checked copy to
 * dist/covered-entities.json together with the text it checked. defaultPolicy() is the one loader
 * of the shipped file, run on its first call, never at import: it uses that copy when the file's
 * text is unchanged, so `lanaudit oui` never loads zod; otherwise (the file edited since the build)
 * it checks the file with zod, once.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { RuntimeError } from '../util/errors.js';
import type { Certainty, EntityPolicy, PolicyFile, Relation, RelabelerEntry } from './policy-schema.js';
import { normalizeRegistrant } from './registrant-name.js';
import type { EntityId } from './verdict.js';

export { normalizeRegistrant } from './registrant-name.js';
export type { Certainty, Relation } from './policy-schema.js';

/** oui/ sits two levels above both src/identify and dist/identify. */
export const DEFAULT_POLICY_PATH = fileURLToPath(new URL('../../oui/covered-entities.json', import.meta.url));

export interface SourceRef {
  readonly id: string;
  readonly title: string;
  readonly url?: string;
}

export interface RegistrantAttribution {
  readonly entity: EntityId;
  /** The registrant name as the policy spells it. */
  readonly registrant: string;
  /** Short display name ("EZVIZ"). */
  readonly display: string;
  readonly relation: Relation;
  readonly certainty: Certainty;
  readonly source: SourceRef;
  /** 'review': this registrant alone may send a device to review, never flag it. */
  readonly ceiling?: 'review';
  readonly note?: string;
}

export interface InformationalNote {
  readonly id: string;
  readonly displayName: string;
  readonly list: string;
  readonly since: string;
  readonly scope: string;
  readonly note: string;
  readonly source: SourceRef;
}

export interface TrapNote {
  readonly resembles: string;
  readonly why: string;
  readonly source: SourceRef;
}

export interface RelabelerNote {
  readonly entity: EntityId;
  /** Display name of the entity that makes some of this brand's devices. */
  readonly maker: string;
  readonly brand: string;
  readonly period?: { readonly from: string; readonly to: string };
  readonly certainty: Certainty;
  readonly note: string;
  readonly source: SourceRef;
}

/** What a report needs to say about one covered entity. */
export interface EntityInfo {
  readonly id: EntityId;
  readonly displayName: string;
  readonly legalName: string;
  readonly namedInLaw: string;
  readonly basis: { readonly clause: string; readonly covers: string; readonly source: SourceRef };
  readonly effective: { readonly procurementBan: string; readonly useBan: string; readonly fccCoveredList: string };
  readonly registrants: readonly string[];
  readonly subsidiaries: EntityPolicy['subsidiaries'];
  readonly oemRelabelers: readonly RelabelerEntry[];
}

export interface Policy {
  readonly checkedAgainst: PolicyFile['checkedAgainst'];
  /** When the policy was last checked against its sources; absent in a file that does not say. */
  readonly asOf?: { readonly date: string; readonly sources: readonly SourceRef[] };
  readonly entities: ReadonlyMap<EntityId, EntityInfo>;
  readonly byRegistrant: ReadonlyMap<string, RegistrantAttribution>;
  readonly informational: ReadonlyMap<string, InformationalNote>;
  readonly traps: ReadonlyMap<string, TrapNote>;
  readonly relabelers: ReadonlyMap<string, RelabelerNote>;
}

/** Indexes a policy file that passed parsePolicyFile (policy-schema.ts). */
export function indexPolicy(file: PolicyFile): Policy {
  const source = (id: string): SourceRef => {
    const found = file.sources[id];
    // The schema guarantees every cited id exists.
    if (found === undefined) throw new Error(`bug: source "${id}" passed validation but is missing`);
    return { id, title: found.title, ...(found.url === undefined ? {} : { url: found.url }) };
  };

  const entities = new Map<EntityId, EntityInfo>();
  const byRegistrant = new Map<string, RegistrantAttribution>();
  const relabelers = new Map<string, RelabelerNote>();
  for (const entity of file.entities) {
    entities.set(entity.id, {
      id: entity.id,
      displayName: entity.displayName,
      legalName: entity.legalName,
      namedInLaw: entity.namedInLaw,
      basis: { clause: entity.basis.clause, covers: entity.basis.covers, source: source(entity.basis.source) },
      effective: entity.effective,
      registrants: entity.registrants.map((r) => r.name),
      subsidiaries: entity.subsidiaries,
      oemRelabelers: entity.oemRelabelers,
    });
    for (const r of entity.registrants) {
      byRegistrant.set(normalizeRegistrant(r.name), {
        entity: entity.id,
        registrant: r.name,
        display: r.display,
        relation: r.relation,
        certainty: r.certainty,
        source: source(r.source),
        ...(r.ceiling === undefined ? {} : { ceiling: r.ceiling }),
        ...(r.note === undefined ? {} : { note: r.note }),
      });
    }
    for (const o of entity.oemRelabelers) {
      for (const name of o.registrants) {
        relabelers.set(normalizeRegistrant(name), {
          entity: entity.id,
          maker: entity.displayName,
          brand: o.brand,
          ...(o.period === undefined ? {} : { period: o.period }),
          certainty: o.certainty,
          note: o.note,
          source: source(o.source),
        });
      }
    }
  }

  const informational = new Map<string, InformationalNote>();
  for (const info of file.informational) {
    const note: InformationalNote = {
      id: info.id,
      displayName: info.displayName,
      list: info.list,
      since: info.since,
      scope: info.scope,
      note: info.note,
      source: source(info.source),
    };
    for (const r of info.registrants) informational.set(normalizeRegistrant(r.name), note);
  }

  const traps = new Map<string, TrapNote>();
  for (const trap of file.traps) {
    const note: TrapNote = { resembles: trap.resembles, why: trap.why, source: source(trap.source) };
    for (const name of trap.names) traps.set(normalizeRegistrant(name), note);
  }

  const asOf = file.asOf === undefined ? {} : { asOf: { date: file.asOf.date, sources: file.asOf.sources.map(source) } };
  return { checkedAgainst: file.checkedAgainst, ...asOf, entities, byRegistrant, informational, traps, relabelers };
}

/** Where the build writes the checked copy: dist/covered-entities.json, the same file from src/identify/ and dist/identify/. */
export const CHECKED_POLICY_URL = new URL('../../dist/covered-entities.json', import.meta.url);

/** The build's checked copy of the shipped file. */
export interface CheckedPolicy {
  /** The text it was checked from: compared whole, which costs less at start-up than loading a hash. */
  readonly source: string;
  readonly policy: PolicyFile;
}

/** Reads a file, naming it in the error. */
export function readPolicyText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new RuntimeError(`cannot read covered-entity policy ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Parses JSON, naming the file in the error. */
export function parsePolicyJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RuntimeError(`cannot read covered-entity policy ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The checked copy at copyPath, when there is one and it was made from exactly this source text. */
export function checkedCopyOf(source: string, copyPath: string | URL = CHECKED_POLICY_URL): PolicyFile | undefined {
  let copy: CheckedPolicy;
  try {
    copy = JSON.parse(readFileSync(copyPath, 'utf8')) as CheckedPolicy;
  } catch {
    return undefined;
  }
  return copy.source === source ? copy.policy : undefined;
}

/**
 * The shipped file, checked: the build's copy, or else the file through zod. zod is required (Node
 * loads an ES module by require since 20.19) so that it loads only then, and callers stay synchronous.
 */
function checkedShippedFile(): PolicyFile {
  const text = readPolicyText(DEFAULT_POLICY_PATH);
  const copy = checkedCopyOf(text);
  if (copy !== undefined) return copy;
  const { parsePolicyFile } = createRequire(import.meta.url)('./policy-schema.js') as typeof import('./policy-schema.js');
  return parsePolicyFile(parsePolicyJson(text, DEFAULT_POLICY_PATH), DEFAULT_POLICY_PATH);
}

let shipped: Policy | undefined;

/** The policy shipped in oui/: read, checked and indexed on the first call, then kept. */
export function defaultPolicy(): Policy {
  shipped ??= indexPolicy(checkedShippedFile());
  return shipped;
}

/** The covered entity an exact registrant name belongs to, or null. Look-alikes never match. */
export function entityForRegistrant(name: string, policy: Policy = defaultPolicy()): RegistrantAttribution | null {
  return policy.byRegistrant.get(normalizeRegistrant(name)) ?? null;
}

/** The note for a registrant that is listed elsewhere (FCC Covered List, divested) but never flags. */
export function informationalFor(name: string, policy: Policy = defaultPolicy()): InformationalNote | null {
  return policy.informational.get(normalizeRegistrant(name)) ?? null;
}

/** Why a look-alike registrant is not the covered entity it resembles, or null. */
export function trapFor(name: string, policy: Policy = defaultPolicy()): TrapNote | null {
  return policy.traps.get(normalizeRegistrant(name)) ?? null;
}

/** The covered entity that makes some of this relabeler's devices, or null: a hint, never a flag. */
export function relabelerFor(name: string, policy: Policy = defaultPolicy()): RelabelerNote | null {
  return policy.relabelers.get(normalizeRegistrant(name)) ?? null;
}

/** Names, basis and dates of a covered entity, for reports. */
export function entityInfo(id: EntityId, policy: Policy = defaultPolicy()): EntityInfo {
  const info = policy.entities.get(id);
  // The schema requires every EntityId, so a miss is a bug, not bad data.
  if (info === undefined) throw new Error(`bug: covered entity "${id}" missing from a validated policy`);
  return info;
}
