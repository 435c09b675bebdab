/**
 * Throughput of the `lanaudit identify` path: JSON Lines parse + identify() per device + JSON Lines
 * write, on one core, over generated observations (a realistic mix of kinds: every device has a MAC,
 * most an open port or two, some banners, a few discovery answers). Run:
 *   npx tsx test/bench/identify-throughput.ts [observations=1000000]
 */
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { identifyJsonl } from '../../src/ingest/identify-jsonl.js';

const total = Number(process.argv[2] ?? 1_000_000);
const perDevice = 10;

// Real values to draw from: the site-small fixture's observations (one lab scan) minus their MACs.
const fixture = readFileSync(new URL('../identify/fixtures/site-small.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { kind: string; value: string; port?: number })
  .filter((row) => row.kind !== 'mac');
const macPrefixes = ['58:50:ed', 'bc:ad:28', '00:e0:fc', 'cc:1a:fa', 'a4:83:e7', '3c:2a:f4', '00:e0:4c', '08:ea:40', '90:09:d0', 'f4:cf:e2'];

function* lines(): Generator<string> {
  let n = 0;
  for (let device = 0; n < total; device += 1) {
    const hex = device.toString(16).padStart(6, '0');
    const mac = `${macPrefixes[device % macPrefixes.length]}:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
    const id = `dev-${device}`;
    yield `${JSON.stringify({ device: id, kind: 'mac', value: mac })}\n`;
    n += 1;
    for (let i = 1; i < perDevice && n < total; i += 1, n += 1) {
      const row = fixture[(device * 7 + i * 13) % fixture.length]!;
      yield `${JSON.stringify({ device: id, kind: row.kind, value: row.value, ...(row.port === undefined ? {} : { port: row.port }) })}\n`;
    }
  }
}

// Pre-render the input (as a file would be) so the clock sees only the identify path.
const chunks: string[] = [];
let chunk = '';
for (const line of lines()) {
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
