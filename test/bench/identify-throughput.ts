/**
 * Throughput of the `lanaudit identify` path: JSON Lines parse + identify() per device + JSON Lines
 * write, on one core, over generated observations (a realistic mix of kinds: every device has a MAC,
 * most an open port or two, some banners, a few discovery answers). Run:
 *   npx tsx test/bench/identify-throughput.ts [observations=1000000]
 */
import { performance } from 'node:perf_hooks';
import { identifyJsonl } from '../../src/ingest/identify-jsonl.js';
import { benchLines } from '../ingest/bench-observations.js';

const total = Number(process.argv[2] ?? 1_000_000);
// Pre-render the input (as a file would be) so the clock sees only the identify path.
const chunks: string[] = [];
let chunk = '';
for (const line of benchLines(total)) {
  chunk += line;
  if (chunk.length > 64 * 1024) {
    chunks.push(chunk);
    chunk = '';
  }
}
if (chunk) chunks.push(chunk);
async function* input(): AsyncGenerator<string> {
  yield* chunks;
}

let outBytes = 0;
let writes = 0;
let peakRss = process.memoryUsage().rss;
const start = performance.now();
const result = await identifyJsonl(input(), {
  warn: (m) => console.error(m),
  write: (text) => {
    outBytes += text.length;
    // Sampled: reading RSS costs a system call.
    if ((writes += 1) % 64 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
  },
});
const seconds = (performance.now() - start) / 1000;
console.log(`identify path: ${result.observations.toLocaleString('en')} observations, ${result.devices.toLocaleString('en')} devices in ${seconds.toFixed(2)} s`);
console.log(`throughput: ${Math.round(result.observations / seconds).toLocaleString('en')} observations/s (one core), ${(outBytes / 1e6).toFixed(0)} MB of verdicts written`);
console.log(`peak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MB (includes the pre-rendered input, ${(chunks.reduce((a, c) => a + c.length, 0) / 1e6).toFixed(0)} MB)`);
