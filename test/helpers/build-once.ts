/**
 * Vitest global setup: compiles src/ to dist/ once, before any test file starts. Test files that each
 * rebuilt dist/ (ensureBuilt) rewrote it while another file's `lanaudit` was loading it, which then
 * saw half-written modules. Every project inherits this setup; the first one builds.
 */
import { ensureBuilt } from './cli.js';

export default function buildOnce(): void {
  if (process.env['LANAUDIT_DIST_BUILT'] === '1') return;
  ensureBuilt();
  // Test workers inherit this: their ensureBuilt() then has nothing to do.
  process.env['LANAUDIT_DIST_BUILT'] = '1';
}
