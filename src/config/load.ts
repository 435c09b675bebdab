import { closeSync, existsSync, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { extname } from 'node:path';
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { UsageError } from '../util/errors.js';
import { configSchema, defaultConfig, type Config } from './schema.js';

/** Looked for, in this order, when neither --config nor LANAUDIT_CONFIG names a file. */
export const SYSTEM_CONFIG_PATHS = ['/etc/lanaudit/config.yaml', '/etc/lanaudit/config.yml', '/etc/lanaudit/config.json'] as const;

/** A configuration file that cannot be used: the message names the file, each key (with its line) and what was expected. */
export class ConfigError extends UsageError {}

export interface LoadedConfig {
  readonly config: Config;
  /** The file read; null when none exists and defaults apply. */
  readonly path: string | null;
  readonly warnings: readonly string[];
}

const MAX_CONFIG_BYTES = 1 << 20;

/** --config, else $LANAUDIT_CONFIG, else the first system file present, else null. */
export function locateConfig(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string | null {
  if (explicit !== undefined && explicit !== '') return explicit;
  const fromEnv = env['LANAUDIT_CONFIG'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return SYSTEM_CONFIG_PATHS.find((p) => exists(p)) ?? null;
}

/** The configuration in effect: the located file validated, or every default when there is none. */
export function resolveConfig(explicit?: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const path = locateConfig(explicit, env);
  if (path === null) return { config: defaultConfig(), path: null, warnings: [] };
  const named = explicit !== undefined && explicit !== '' ? true : Boolean(env['LANAUDIT_CONFIG']);
  try {
    return loadConfig(path);
  } catch (err) {
    // The root-only system file must not stop a user's own scan; a file the user named must be read.
    if (named || !(err instanceof ConfigError) || (err.cause as NodeJS.ErrnoException | undefined)?.code !== 'EACCES') throw err;
    return { config: defaultConfig(), path: null, warnings: [`cannot read ${path} (permission denied): using the defaults; run as root or give --config`] };
  }
}

export function loadConfig(path: string, euid: number | undefined = process.geteuid?.()): LoadedConfig {
  let text: string;
  const warnings: string[] = [];
  let fd: number | undefined;
  try {
    // Checked on the open file: what is read is what was checked, whatever the path points to meanwhile.
    fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new ConfigError(`${path}: not a regular file`);
    if (stat.size > MAX_CONFIG_BYTES) throw new ConfigError(`${path}: ${stat.size} bytes; a configuration file is at most ${MAX_CONFIG_BYTES}`);
    const trust = untrusted(path, stat, euid);
    if (trust !== null) {
      if (euid === 0) throw new ConfigError(`refusing ${trust}`);
      warnings.push(trust);
    }
    // It may hold SNMP communities and webhook secrets: only its owner should read it.
    if ((stat.mode & 0o077) !== 0) {
      warnings.push(`${path} is accessible to group or others (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}) and may hold secrets: chmod 600 ${path}`);
    }
    text = readFileSync(fd, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`cannot read configuration ${path}: ${(err as Error).message}`, { cause: err });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return { config: parseConfig(text, path), path, warnings };
}

/**
 * Whoever can write the configuration decides where root's scans write (database.path), where
 * alerts go and what is scanned: it must be owned by this user or root and writable by no one else.
 * The problem, or null. Root refuses such a file; anyone else is warned.
 */
function untrusted(path: string, stat: Stats, euid: number | undefined): string | null {
  if (euid === undefined) return null;
  if (stat.uid !== euid && stat.uid !== 0) return `${path}: owned by uid ${stat.uid}, neither you (uid ${euid}) nor root, who could change what lanaudit does: chown it or use your own copy`;
  if ((stat.mode & 0o022) !== 0) return `${path}: writable by group or others (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}), who could change what lanaudit does: chmod go-w ${path}`;
  return null;
}

/** Parses and validates a configuration text; `.json` files are strict JSON, anything else YAML. */
export function parseConfig(text: string, path: string): Config {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  let value: unknown;
  if (extname(path).toLowerCase() === '.json') {
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(jsonSyntaxMessage((err as Error).message, doc, lines, path));
    }
  } else {
    const syntax = doc.errors[0];
    if (syntax !== undefined) {
      throw new ConfigError(`${path}:${lines.linePos(syntax.pos[0]).line}: not valid YAML: ${firstLine(syntax.message)}`);
    }
    try {
      value = doc.toJS() ?? {};
    } catch (err) {
      // The library refuses an alias bomb (aliases expanding to a huge document) here.
      throw new ConfigError(`${path}: not usable YAML: ${firstLine((err as Error).message)}`, { cause: err });
    }
  }
  const result = configSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .flatMap((issue) => describeIssue(issue, doc, lines, path))
    .sort((a, b) => a.line - b.line)
    .map((p) => `  ${p.text}`);
  throw new ConfigError(`invalid configuration ${path}:\n${problems.join('\n')}`);
}

/**
 * V8's JSON errors may quote the text around the fault, which can be a secret: keep only the
 * reason and turn the position into a line.
 */
function jsonSyntaxMessage(message: string, doc: Document, lines: LineCounter, path: string): string {
  const m = /^(.*?) in JSON at position (\d+)/.exec(message);
  if (m) return `${path}:${lines.linePos(Number(m[2])).line}: not valid JSON: ${m[1]}`;
  const offset = doc.errors[0]?.pos[0];
  const line = offset === undefined ? undefined : lines.linePos(offset).line;
  return `${path}${line === undefined ? '' : `:${line}`}: not valid JSON (unexpected text)`;
}

interface Problem {
  readonly line: number;
  readonly text: string;
}

function describeIssue(issue: z.core.$ZodIssue, doc: Document, lines: LineCounter, path: string): Problem[] {
  const at = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const parent = nodeAt(doc, at);
    return issue.keys.map((key) => {
      const pair = isMap(parent) ? parent.items.find((p) => isNode(p.key) && String((p.key as { value?: unknown }).value) === key) : undefined;
      const offset = pair !== undefined && isNode(pair.key) ? pair.key.range?.[0] : undefined;
      return problem(path, lines, offset, `${keyPath([...at, key])}: unknown key (expected one of: ${knownKeys(at).join(', ') || 'none'})`);
    });
  }
  const node = deepestNode(doc, at);
  return [problem(path, lines, node?.range?.[0], `${keyPath(at)}: ${issue.message}`)];
}

function problem(path: string, lines: LineCounter, offset: number | undefined, text: string): Problem {
  if (offset === undefined) return { line: 0, text: `${path}: ${text}` };
  const { line } = lines.linePos(offset);
  return { line, text: `${path}:${line}: ${text}` };
}

/** "scope.targets[2]"; the root is "(top level)". */
function keyPath(at: readonly (string | number)[]): string {
  if (at.length === 0) return '(top level)';
  return at.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

type RangedNode = { range?: [number, number, number] | null };

function nodeAt(doc: Document, at: readonly (string | number)[]): unknown {
  return at.length === 0 ? doc.contents : doc.getIn(at, true);
}

/** The node at the path, or its nearest ancestor that exists (a missing key is reported at its parent). */
function deepestNode(doc: Document, at: readonly (string | number)[]): RangedNode | undefined {
  for (let n = at.length; n >= 0; n--) {
    const node = nodeAt(doc, at.slice(0, n));
    if (isNode(node)) return node as RangedNode;
  }
  return undefined;
}

/** The keys the schema allows in the object at this path, for the "unknown key" message. */
function knownKeys(at: readonly (string | number)[]): string[] {
  let schema: z.core.$ZodType = configSchema;
  for (const key of at) {
    schema = unwrap(schema);
    const def = schema._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType };
    const next = typeof key === 'number' ? def.element : def.shape?.[key];
    if (next === undefined) return [];
    schema = next;
  }
  const def = unwrap(schema)._zod.def as { shape?: Record<string, unknown> };
  return Object.keys(def.shape ?? {});
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let s = schema;
  for (;;) {
    const def = s._zod.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    const inner = def.innerType ?? def.in;
    if (inner === undefined) return s;
    s = inner;
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
