/**
 * Inventory ingest: DEVICES devices × 10 observations each stored as one scan (in batches, as a
 * scan stores them), devices resolved, every device identified and its verdict saved. The
 * observations are a realistic mix (a MAC, open ports, banners, an HTTP server), a tenth of the
 * devices Hikvision by OUI. Devices are identified as a scan does (identifyScan, in two timed steps). Prints one JSON
 * line of timings (cpuSeconds: this process's CPU, which a busy machine disturbs less than wall time;
 * cpu: the same per phase; peakRssMb: the process's peak resident memory). Args: DB [devices=50000]
 */
import { performance } from 'node:perf_hooks';
import { identify } from '../../src/identify/identify.js';
import { Inventory } from '../../src/inventory/inventory.js';
import type { Observation } from '../../src/observations/observation.js';
import { identifyDevices } from '../../src/pipeline/identify-devices.js';

const [db = '', countText = '50000'] = process.argv.slice(2);
if (!db) throw new Error('usage: inventory-ingest.ts DB [devices]');
const count = Number(countText);
const hex = (n: number) => n.toString(16).padStart(2, '0');
const at = new Date().toISOString();

function observations(i: number): Observation[] {
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const prefix = i % 10 === 0 ? '58:50:ed' : i % 10 === 1 ? '00:e0:fc' : 'f4:cf:e2';
  const mac = `${prefix}:${hex((i >> 16) & 255)}:${hex((i >> 8) & 255)}:${hex(i & 255)}`;
  const o = (kind: Observation['kind'], value: string, source: string, port?: number): Observation => ({ ip, mac, kind, value, source, at, ...(port === undefined ? {} : { port }) });
  return [
    o('mac', mac, 'neigh'),
    o('tcp.open', '80', 'tcp', 80),
    o('tcp.open', '443', 'tcp', 443),
    o('tcp.open', '22', 'tcp', 22),
    o('tcp.open', '554', 'tcp', 554),
    o('http.server', i % 10 === 0 ? 'App-webs/' : 'nginx/1.24.0', 'http', 80),
    o('http.title', i % 10 === 0 ? 'Hikvision Digital Technology' : `Device ${i}`, 'http', 80),
    o('ssh.banner', `SSH-2.0-OpenSSH_9.2p1 Debian-${i % 7}`, 'banner', 22),
    o('rtsp.server', i % 10 === 0 ? 'Hikvision-Webs' : 'GStreamer RTSP server', 'rtsp', 554),
    o('tls.subject', `CN=device-${i}.example`, 'tls', 443),
  ];
}

const inventory = Inventory.open(db);
/** This process's CPU milliseconds from one process.cpuUsage() reading to another. */
const cpuMs = (from: NodeJS.CpuUsage, to: NodeJS.CpuUsage) => (to.user + to.system - from.user - from.system) / 1000;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const scanId = inventory.scans.begin({ scope: { labels: ['bench'], ranges: [] }, engine: 'native' });
let batch: Observation[] = [];
for (let i = 0; i < count; i += 1) {
  batch.push(...observations(i));
  if (batch.length >= 500) {
    inventory.observations.record(scanId, batch);
    batch = [];
  }
}
if (batch.length) inventory.observations.record(scanId, batch);
const t1 = performance.now();
const cpu1 = process.cpuUsage();
const ids = inventory.observations.resolveDevices(scanId);
const t2 = performance.now();
const cpu2 = process.cpuUsage();
identifyDevices(inventory, scanId, ids, identify, inventory.observations.takeResolvedFacts(scanId));
inventory.scans.finish(scanId, 'complete', { hosts: ids.length, flagged: 0 });
const t3 = performance.now();
const cpu3 = process.cpuUsage();
const cpu = { store: cpuMs(cpu0, cpu1), resolve: cpuMs(cpu1, cpu2), identify: cpuMs(cpu2, cpu3), total: cpuMs(cpu0, cpu3) };
inventory.close();
const s = (ms: number) => Math.round(ms) / 1000;
process.stdout.write(`${JSON.stringify({ devices: ids.length, observations: count * 10, storeSeconds: s(t1 - t0), resolveSeconds: s(t2 - t1), identifySeconds: s(t3 - t2), totalSeconds: s(t3 - t0), cpuSeconds: s(cpu.total), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), cpu: { store: s(cpu.store), resolve: s(cpu.resolve), identify: s(cpu.identify) } })}\n`);
