/**
 * Reads a profile by name (test/lab/profiles/NAME.json) or path, checks it against the zod schema and
 * the address plan, and returns it with every device's IP decided. Errors name the file and JSON path.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { UsageError } from '../../../src/util/errors.js';
import { deviceSchema, profileSchema, type LabProfile } from '../profile-schema.js';
import { planSegments, resolveDevices, type AddressPlan, type ResolvedProfile } from './address-plan.js';

export const PROFILES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../profiles');

export function profileNames(): string[] {
  return readdirSync(PROFILES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

/** A bare name means a shipped profile; anything with a slash or ending in .json is a path. */
export function profilePath(nameOrPath: string): string {
  if (nameOrPath.includes('/') || nameOrPath.endsWith('.json')) return resolve(nameOrPath);
  const file = join(PROFILES_DIR, `${nameOrPath}.json`);
  if (!existsSync(file)) {
    throw new UsageError(`no profile named "${nameOrPath}" (shipped: ${profileNames().join(', ') || 'none'}); give a path to use your own file`);
  }
  return file;
}

/** "devices[3].tcp[0].port", naming the device's id when it has one. */
function jsonPath(path: readonly PropertyKey[], input: unknown): string {
  let out = '';
  let node: unknown = input;
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
    node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number' && node !== null && typeof node === 'object') {
      const id = (node as Record<string, unknown>)['id'];
      if (typeof id === 'string') out += `(${JSON.stringify(id.slice(0, 40))})`;
    }
  }
  return out === '' ? '(top level)' : out;
}

export function formatIssues(where: string, error: z.ZodError, input: unknown): string {
  const lines = error.issues.slice(0, 20).map((issue) => `${where}: ${jsonPath(issue.path, input)}: ${issue.message}`);
  if (error.issues.length > 20) lines.push(`${where}: … and ${error.issues.length - 20} more problems`);
  return lines.join('\n');
}

function fail(where: string, problems: readonly string[]): never {
  throw new UsageError(problems.map((p) => `${where}: ${p}`).join('\n'));
}

export interface LoadedProfile {
  readonly profile: ResolvedProfile;
  readonly plan: AddressPlan;
  /** Where it came from, for messages and `status`. */
  readonly source: string;
}

/** Checks a parsed profile (from a file or given by a test) and resolves its addresses. */
export function checkProfile(input: unknown, where: string): LoadedProfile {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) throw new UsageError(formatIssues(where, parsed.error, input));
  const profile: LabProfile = parsed.data;
  const plan = planSegments(profile.segments);
  if (Array.isArray(plan)) fail(where, plan);
  const devices = resolveDevices(plan, profile.devices);
  if (!devices.ok) fail(where, devices.problems);
  return { profile: { ...profile, devices: devices.devices }, plan, source: where };
}

export function loadProfile(nameOrPath: string): LoadedProfile {
  const file = profilePath(nameOrPath);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read the profile (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  return checkProfile(json, file);
}

/** A device given to `lab.add` / `lab -- add`: schema-checked, defaults applied, IP not yet decided. */
export function parseDevice(input: unknown, where: string) {
  const parsed = deviceSchema.safeParse(input);
  if (!parsed.success) throw new UsageError(formatIssues(where, parsed.error, input));
  return parsed.data;
}
