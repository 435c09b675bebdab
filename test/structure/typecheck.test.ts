/**
 * The whole project, tests and benchmarks included, typechecks under tsconfig.json's strict settings
 * (`npm run typecheck`). Vitest strips types without checking them, so a test or script that no
 * longer fits a changed interface would otherwise pass unnoticed (a helper's SNMP test did, 5 Dec).
 */
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('types', () => {
  it('tsc -p tsconfig.json --noEmit reports no error', () => {
    let output = '';
    try {
      execFileSync(process.execPath, [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], { cwd: ROOT, stdio: 'pipe' });
    } catch (error) {
      const failed = error as { stdout?: Buffer; stderr?: Buffer };
      output = `${failed.stdout?.toString() ?? ''}${failed.stderr?.toString() ?? ''}`.trim() || String(error);
    }
    expect(output).toBe('');
  }, 180_000);
});
