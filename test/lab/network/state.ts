/**
 * What a running lab remembers between commands, under /run/lanaudit-lab/<id>/ (tmpfs: gone after a
 * reboot, as are the namespaces): state.json, profile.json (resolved; the simulators read it), and each
 * simulator's stdout/stderr.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { RuntimeError } from '../../../src/util/errors.js';
import type { ResolvedProfile } from './address-plan.js';

export const RUN_DIR = '/run/lanaudit-lab';

const stateSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  /** The profile file (or "(given by a test)") it was built from. */
  source: z.string(),
  sim: z.boolean(),
  createdAt: z.string(),
  /** Device id → slot (macvlan m<slot>, routing table 1000+slot) in its segment's namespace. */
  slots: z.record(z.string(), z.number().int().nonnegative()),
  /** Segment name → simulator pid. */
  simulators: z.record(z.string(), z.number().int().positive()),
});
export type LabState = z.infer<typeof stateSchema>;

export function stateDir(id: string): string {
  return join(RUN_DIR, id);
}

export function profileFile(id: string): string {
  return join(stateDir(id), 'profile.json');
}

function writeAtomically(file: string, data: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(tmp, file);
}

export function saveLab(state: LabState, profile: ResolvedProfile): void {
  mkdirSync(stateDir(state.id), { recursive: true, mode: 0o700 });
  writeAtomically(profileFile(state.id), profile);
  writeAtomically(join(stateDir(state.id), 'state.json'), state);
}

export function saveState(state: LabState): void {
  writeAtomically(join(stateDir(state.id), 'state.json'), state);
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The lab's state, or null when no lab of that id is recorded. */
export function loadState(id: string): LabState | null {
  let json: unknown;
  try {
    json = readJson(join(stateDir(id), 'state.json'));
  } catch {
    return null;
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) throw new RuntimeError(`${join(stateDir(id), 'state.json')} is damaged; run \`npm run lab -- down --id ${id}\``);
  return parsed.data;
}

/** The resolved profile as written by saveLab (trusted: only the lab writes it). */
export function loadResolvedProfile(id: string): ResolvedProfile {
  return readJson(profileFile(id)) as ResolvedProfile;
}

export function recordedLabIds(): string[] {
  try {
    return readdirSync(RUN_DIR);
  } catch {
    return [];
  }
}

export function forgetLab(id: string): void {
  rmSync(stateDir(id), { recursive: true, force: true });
}
