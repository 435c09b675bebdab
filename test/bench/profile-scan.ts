/**
 * Where a scan's time goes: one `scan` as the CLI runs it (runScanJob, probes on, stored), with the
 * time each phase began. Prints one JSON line: seconds per phase, and `at`, the wall-clock time
 * (epoch ms) each phase began, to lay beside a packet capture (scan-timeline.ts). Run inside the lab's scanner
 * namespace with `node --import tsx`. Args: --db FILE --target CIDR --exclude IP --engine native|nmap
 */
import { parseArgs } from 'node:util';
import { runScanJob, type ScanPhase } from '../../src/agent/scan-job.js';
import { configSchema } from '../../src/config/schema.js';
import { Inventory } from '../../src/inventory/inventory.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, target: { type: 'string' }, exclude: { type: 'string' }, engine: { type: 'string', default: 'native' } } });
if (!values.db || !values.target) throw new Error('--db and --target are required');
const config = configSchema.parse({ scope: { targets: [values.target], exclude: values.exclude ? [values.exclude] : [] }, discovery: { engine: values.engine } });
const inventory = Inventory.open(values.db);
const marks: [ScanPhase | 'start', number][] = [];
const at: Record<string, number> = { start: Date.now() };
const started = performance.now();
marks.push(['start', 0]);
const result = await runScanJob({
  settings: config,
  inventory,
  signal: new AbortController().signal,
  note: () => {},
  onWarning: () => {},
  listener: {
    phase: (phase) => {
      marks.push([phase, (performance.now() - started) / 1000]);
      at[phase] = Date.now();
    },
  },
});
inventory.close();
const seconds: Record<string, number> = {};
for (let i = 0; i + 1 < marks.length; i += 1) seconds[marks[i]![0]] = Math.round((marks[i + 1]![1] - marks[i]![1]) * 1000) / 1000;
process.stdout.write(`${JSON.stringify({ engine: values.engine, devices: result.deviceIds.length, seconds, at })}\n`);
