/**
 * Build step (`npm run build`): checks oui/covered-entities.json with zod and writes the checked
 * copy to dist/covered-entities.json, so the CLI uses the shipped policy without loading zod.
 * A file that fails the check fails the build, naming file and key.
 */
import { fileURLToPath } from 'node:url';
import { CHECKED_POLICY_URL, DEFAULT_POLICY_PATH } from './policy.js';
import { writeCheckedPolicy } from './policy-check.js';

writeCheckedPolicy(DEFAULT_POLICY_PATH, CHECKED_POLICY_URL);
process.stdout.write(`covered-entity policy: checked → ${fileURLToPath(CHECKED_POLICY_URL)}\n`);
