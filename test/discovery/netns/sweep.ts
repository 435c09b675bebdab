/**
 * Runs the native engine where it is started (inside a test network namespace, by `ip netns exec`)
 * and prints each observation as a JSON line, then a summary line, which also lists the in-scope
 * addresses the kernel was still resolving (ARP) when the sweep ended. Args: FIRST LAST PORTS.
 */
import { execFileSync } from 'node:child_process';
import { createNativeEngine } from '../../../src/discovery/native/native-engine.js';
import { parseResolvingNeighbors } from '../../../src/discovery/native/neighbor-table.js';
import { rangeScope } from '../scope-fixture.js';

const [first = '', last = '', ports = ''] = process.argv.slice(2);
const warnings: string[] = [];
const started = performance.now();
let count = 0;
for await (const o of createNativeEngine().discover(
  rangeScope(first, last),
  {
    ports: ports.split(',').map(Number),
    connectTimeoutMs: 2000,
    concurrency: 512,
    rate: 5000,
    deep: false,
    onWarning: (m) => warnings.push(m),
  },
  new AbortController().signal,
)) {
  count += 1;
  process.stdout.write(`${JSON.stringify(o)}\n`);
}
const ms = Math.round(performance.now() - started);
const resolving = [...parseResolvingNeighbors(execFileSync('ip', ['-4', '-j', '-s', 'neigh', 'show'], { encoding: 'utf8' })).keys()];
process.stdout.write(`${JSON.stringify({ summary: { count, warnings, ms, resolving } })}\n`);
