/**
 * Agent memory over scheduled scans, in one process as the agent runs them: builds the agent from
 * the configuration (targets, engine) and runs `--scans` scheduled scans back to back through
 * Agent.tick(), the path the cron schedule takes. Prints one JSON line: peak RSS (the kernel's
 * maxRSS), and RSS and V8 heap after each scan (after a full GC, so what is left is what is kept).
 * Run inside the lab's scanner namespace with `node --expose-gc --import tsx`.
 * Args: --db FILE --target CIDR --exclude IP --engine native|nmap|auto --scans N
 */
import { parseArgs } from 'node:util';
import { Agent } from '../../src/agent/agent.js';
import { configSchema } from '../../src/config/schema.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { silentLogger } from '../../src/util/log.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    target: { type: 'string' },
    exclude: { type: 'string' },
    engine: { type: 'string', default: 'native' },
    scans: { type: 'string', default: '10' },
  },
});
if (!values.db || !values.target) throw new Error('--db and --target are required');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const config = configSchema.parse({
  scope: { targets: [values.target], exclude: values.exclude ? [values.exclude] : [] },
  discovery: { engine: values.engine },
  schedule: { every: '1h' },
});
const inventory = Inventory.open(values.db);
const controller = new AbortController();
const agent = new Agent({ config, inventory, log: silentLogger, signal: controller.signal, random: () => 0 });

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
gc();
const baseline = { rssMb: mb(process.memoryUsage.rss()), heapMb: mb(process.memoryUsage().heapUsed) };
const scans: { seconds: number; devices: number; status: string; rssMb: number; heapMb: number }[] = [];
for (let i = 0; i < Number(values.scans); i += 1) {
  const started = performance.now();
  const outcome = await agent.tick();
  if (outcome?.kind !== 'scanned') throw new Error(`scheduled scan ${i + 1}: ${JSON.stringify(outcome)}`);
  const seconds = (performance.now() - started) / 1000;
  gc();
  scans.push({ seconds, devices: outcome.result.deviceIds.length, status: outcome.result.status, rssMb: mb(process.memoryUsage.rss()), heapMb: mb(process.memoryUsage().heapUsed) });
}
inventory.close();
process.stdout.write(`${JSON.stringify({ baseline, peakRssMb: mb(process.resourceUsage().maxRSS * 1024), scans })}\n`);
