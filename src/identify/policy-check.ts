/**
 * A covered-entity policy from any JSON (a file other than the shipped one, an edited copy),
 * checked with zod, and the build's checked copy of the shipped file: kept apart from policy.ts
 * so that using the shipped policy never loads zod.
 */
import { writeFileSync } from 'node:fs';
import {
  indexPolicy,
  parsePolicyJson,
  readPolicyText,
  type CheckedPolicy,
  type Policy,
} from './policy.js';
import { parsePolicyFile } from './policy-schema.js';

/** Checks a parsed policy file and indexes it; throws RuntimeError listing every problem by file and key path. */
export function buildPolicy(json: unknown, origin = 'covered-entities.json'): Policy {
  return indexPolicy(parsePolicyFile(json, origin));
}

/** Checks the policy file at sourcePath and writes its checked copy (see checkedCopyOf) to target. */
export function writeCheckedPolicy(sourcePath: string, target: string | URL): void {
  const source = readPolicyText(sourcePath);
  const checked: CheckedPolicy = { source, policy: parsePolicyFile(parsePolicyJson(source, sourcePath), sourcePath) };
  writeFileSync(target, `${JSON.stringify(checked)}\n`);
}
