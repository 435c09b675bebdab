import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const POLICY = new URL('../../src/identify/policy.ts', import.meta.url).href;

/** Counts reads of oui/covered-entities.json in a fresh process: at import, then at the first and second use. */
const SCRIPT = `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
let reads = 0;
const read = fs.readFileSync;
fs.readFileSync = (path, ...rest) => { if (String(path).endsWith('oui/covered-entities.json')) reads++; return read(path, ...rest); };
syncBuiltinESMExports();
const policy = await import(${JSON.stringify(POLICY)});
const atImport = reads;
policy.entityForRegistrant('ZTE CORPORATION');
const firstUse = reads;
policy.entityForRegistrant('ZTE CORPORATION');
console.log(JSON.stringify({ atImport, firstUse, secondUse: reads }));
`;

describe('the shipped covered-entity policy', () => {
  it('is read on first use, once, not when its module is imported', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({ atImport: 0, firstUse: 1, secondUse: 1 });
  });
});
