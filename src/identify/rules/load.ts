/**
 * Loads the fingerprint knowledge from oui/: checks every file with zod and the cross-file
 * facts a schema cannot see (vendor in the vocabulary, kind known, ids unique, regex compiles,
 * capture groups exist), then compiles each rule once and indexes them by kind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ZodError } from 'zod';
import { isObservationKind, type ObservationKind } from '../../observations/observation.js';
import { RuntimeError } from '../../util/errors.js';
import type { CompiledRule } from './compiled-rule.js';
import { ruleFileSchema, vendorsFileSchema, type RuleSpec } from './schema.js';
import { buildVocabulary, type Vocabulary } from './vocabulary.js';

export interface RuleSet {
  readonly vocabulary: Vocabulary;
  /** Every rule in file order (files sorted by name). */
  readonly rules: readonly CompiledRule[];
  /** Rules for each kind, in file order. */
  readonly byKind: ReadonlyMap<ObservationKind, readonly CompiledRule[]>;
}

/** oui/ of the installed package: three levels up from src/identify/rules or dist/identify/rules. */
export const DEFAULT_OUI_DIR = fileURLToPath(new URL('../../../oui/', import.meta.url));

function zodProblems(error: ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

function readJson(path: string, problems: string[]): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    problems.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** The number of capture groups a pattern has (families and version grammars check theirs with it too). */
export function groupCount(regex: RegExp): number {
  // An alternation with the empty string always matches, so exec shows every group slot.
  return (new RegExp(`${regex.source}|`, regex.flags).exec('')?.length ?? 1) - 1;
}

function compileRule(
  spec: RuleSpec,
  kind: ObservationKind,
  file: string,
  vocabulary: Vocabulary,
  problems: string[],
): CompiledRule | undefined {
  const where = `${file}: ${spec.id}`;
  const before = problems.length;
  if (!spec.id.startsWith(`${kind}.`)) problems.push(`${where}: id must start with "${kind}."`);
  const vendor = spec.vendor === null ? undefined : vocabulary.get(spec.vendor);
  if (spec.vendor !== null && vendor === undefined) {
    problems.push(`${where}: vendor "${spec.vendor}" is not in oui/vendors.json`);
  }
  let regex: RegExp | undefined;
  try {
    regex = new RegExp(spec.pattern, spec.flags);
  } catch (error) {
    problems.push(`${where}: pattern does not compile: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (regex !== undefined) {
    const groups = groupCount(regex);
    for (const [field, index] of Object.entries(spec.captures)) {
      if (index !== undefined && index > groups) problems.push(`${where}: captures.${field} = ${index} but the pattern has ${groups} group(s)`);
    }
  }
  if (problems.length > before || regex === undefined) return undefined;
  const entity = spec.entity !== undefined ? spec.entity : (vendor?.entity ?? null);
  return {
    id: spec.id,
    kind,
    file,
    regex,
    certainty: spec.certainty,
    voice: spec.voice,
    vendor: spec.vendor,
    entity,
    ...(spec.ceiling === undefined ? {} : { ceiling: spec.ceiling }),
    ...(spec.deviceType === undefined ? {} : { deviceType: spec.deviceType }),
    captures: spec.captures,
    ...(spec.brandKnownOnly === undefined ? {} : { brandKnownOnly: spec.brandKnownOnly }),
    description: spec.description,
    spec,
  };
}

/** Reads and checks oui/; returns every problem found rather than stopping at the first. */
export function readRuleSet(ouiDir: string = DEFAULT_OUI_DIR): { ruleSet: RuleSet; problems: string[] } {
  const problems: string[] = [];
  const vendorsPath = join(ouiDir, 'vendors.json');
  const vendorsRaw = readJson(vendorsPath, problems);
  const vendorsParsed = vendorsFileSchema.safeParse(vendorsRaw ?? {});
  if (!vendorsParsed.success) problems.push(...zodProblems(vendorsParsed.error).map((p) => `${vendorsPath}: ${p}`));
  const built = buildVocabulary(vendorsParsed.success ? vendorsParsed.data.vendors : []);
  problems.push(...built.problems.map((p) => `${vendorsPath}: ${p}`));
  const vocabulary = built.vocabulary;

  const rulesDir = join(ouiDir, 'rules');
  const files = readdirSync(rulesDir).filter((name) => name.endsWith('.json')).sort();
  const rules: CompiledRule[] = [];
  const byKind = new Map<ObservationKind, CompiledRule[]>();
  const seen = new Map<string, string>();
  for (const name of files) {
    const file = join('oui', 'rules', name);
    const raw = readJson(join(rulesDir, name), problems);
    if (raw === undefined) continue;
    const parsed = ruleFileSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error).map((p) => `${file}: ${p}`));
      continue;
    }
    const { kind } = parsed.data;
    if (!isObservationKind(kind)) {
      problems.push(`${file}: kind "${kind}" is not an observation kind`);
      continue;
    }
    if (basename(name, '.json') !== kind) problems.push(`${file}: file name must be ${kind}.json`);
    for (const spec of parsed.data.rules) {
      const earlier = seen.get(spec.id);
      if (earlier !== undefined) problems.push(`${file}: ${spec.id}: id already used in ${earlier}`);
      seen.set(spec.id, file);
      const rule = compileRule(spec, kind, file, vocabulary, problems);
      if (rule === undefined) continue;
      rules.push(rule);
      const list = byKind.get(kind) ?? [];
      list.push(rule);
      byKind.set(kind, list);
    }
  }
  return { ruleSet: { vocabulary, rules, byKind }, problems };
}

/** Loads oui/ or throws a RuntimeError naming every problem, one `file: rule-id: message` per line. */
export function loadRuleSet(ouiDir: string = DEFAULT_OUI_DIR): RuleSet {
  const { ruleSet, problems } = readRuleSet(ouiDir);
  if (problems.length > 0) {
    throw new RuntimeError(`fingerprint rules in ${ouiDir} are invalid:\n${problems.join('\n')}`);
  }
  return ruleSet;
}
