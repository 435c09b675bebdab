/** Runs the real, compiled `lanaudit` the way a user does, for end-to-end and lab tests. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'lanaudit.js');

let built = false;

/**
 * Compiles src/ to dist/ once per test process, under a lock so parallel test files don't write
 * dist/ at the same time: the tests then exercise the same build that `npx lanaudit` runs.
 */
export function ensureBuilt(): void {
  // Built already by this vitest run's global setup (build-once.ts).
  if (built || process.env['LANAUDIT_DIST_BUILT'] === '1') return;
  try {
    execFileSync('flock', ['/tmp/lanaudit-build.lock', 'npx', 'tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch (err) {
    const out = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`the build (tsc -p tsconfig.build.json) failed:\n${out.stdout?.toString() ?? ''}${out.stderr?.toString() ?? ''}`);
  }
  built = true;
}

/** The command line that runs lanaudit with `args` (to pass to lab.exec). */
export function lanauditCommand(...args: string[]): string[] {
  return [process.execPath, BIN, ...args];
}
