/**
 * Figure 7 (#15): 100 scans of an unchanged site. A 23-device site (228 observations a scan: MAC,
 * ports, banners, titles, names; three Hikvision cameras) is stored as `lanaudit scan` stores it,
 * one process-like open per scan: observations recorded, devices resolved and identified, the scan
 * finished, change tracking run; the clock moves 6 hours a scan. Measures the inventory's size on
 * disk after scan 1 and scan 100 (target: < 2×) and the time of scan 1 against scan 100 (equal).
 * No network: synthetic observations, in process. Run alone: npx tsx test/bench/unchanged-site.ts [scans]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { identify } from '../../src/identify/identify.js';
import { Inventory } from '../../src/inventory/inventory.js';
import type { Observation } from '../../src/observations/observation.js';
import { afterScan } from '../../src/pipeline/after-scan.js';
import { identifyScan } from '../../src/pipeline/identify-devices.js';
import { normalizeRanges, parseTarget } from '../../src/scope/index.js';
import { silentLogger } from '../../src/util/log.js';
import type { FigureResult } from './lab-figures.js';
import { row, sample } from './stats.js';

const DEVICES = 23;
const SCAN_EVERY_MS = 6 * 3_600_000;
const hex = (n: number) => n.toString(16).padStart(2, '0');

/** The site's observations at time `at`: the same facts every scan, only the time moves. */
function site(at: string): Observation[] {
  const out: Observation[] = [];
  for (let i = 0; i < DEVICES; i += 1) {
    const ip = `10.0.0.${10 + i}`;
    const camera = i < 3;
    const mac = `${camera ? '58:50:ed' : '00:1b:a9'}:00:00:${hex(i)}`;
    const o = (kind: Observation['kind'], value: string, source: string, port?: number): Observation => ({ ip, mac, kind, value, source, at, ...(port === undefined ? {} : { port }) });
    out.push(
      o('mac', mac, 'neigh'),
      o('tcp.open', '80', 'tcp', 80),
      o('tcp.open', '443', 'tcp', 443),
      o('tcp.open', '22', 'tcp', 22),
      o('http.server', camera ? 'App-webs/' : 'nginx/1.24.0', 'http', 80),
      o('http.title', camera ? 'Hikvision Digital Technology' : `Device ${i}`, 'http', 80),
      o('ssh.banner', `SSH-2.0-OpenSSH_9.2p1 Debian-${i % 7}`, 'banner', 22),
      o('tls.subject', `CN=device-${i}.example`, 'tls', 443),
      o('hostname', `device-${i}`, 'dns'),
      o('mdns.instance', `device-${i}._http._tcp.local`, 'mdns'),
    );
    // The last device has no DNS or mDNS name: 23 × 10 - 2 = 228 observations, the site.
    if (i === DEVICES - 1) out.splice(out.length - 2, 2);
  }
  return out;
}

function fileBytes(db: string): number {
  // Closed inventories: the WAL is checkpointed into the file; count it anyway should one remain.
  return [db, `${db}-wal`].reduce((sum, file) => {
    try {
      return sum + statSync(file).size;
    } catch {
      return sum;
    }
  }, 0);
}

/** Scans the unchanged site `scans` times; returns each scan's seconds and the size after each. */
export async function unchangedSite(scans: number): Promise<{ seconds: number[]; bytes: number[]; observations: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanaudit-unchanged-'));
  const db = path.join(dir, 'inventory.db');
  const ranges = normalizeRanges([parseTarget('10.0.0.0/24')]);
  let t = Date.parse('2026-03-01T00:00:00.000Z');
  const seconds: number[] = [];
  const bytes: number[] = [];
  let observations = 0;
  try {
    for (let n = 1; n <= scans; n += 1) {
      const now = () => new Date(t);
      const started = performance.now();
      const inventory = Inventory.open(db, { now });
      const scanId = inventory.scans.begin({ scope: { labels: ['10.0.0.0/24'], ranges }, engine: 'bench' });
      const seen = site(now().toISOString());
      observations = seen.length;
      inventory.observations.record(scanId, seen);
      const { deviceIds, flagged } = identifyScan(inventory, scanId, identify);
      inventory.scans.finish(scanId, 'complete', { hosts: deviceIds.length, flagged });
      const after = await afterScan(inventory, scanId, { goneAfterScans: 2, log: silentLogger, now });
      inventory.close();
      seconds.push((performance.now() - started) / 1000);
      bytes.push(fileBytes(db));
      if (n > 1 && Object.values(after.events).some((count) => count > 0)) throw new Error(`scan ${n} of an unchanged site recorded changes: ${JSON.stringify(after.events)}`);
      t += SCAN_EVERY_MS;
    }
    return { seconds, bytes, observations };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Figure 7: size after scan 1 and scan 100, and scan time at 1 against 100 (median of the first and last five). */
export async function unchangedSiteFigure(log: (line: string) => void, scans = 100): Promise<FigureResult> {
  const r = await unchangedSite(scans);
  const first = r.bytes[0] ?? Number.NaN;
  const last = r.bytes.at(-1) ?? Number.NaN;
  const early = sample(r.seconds.slice(1, 6));
  const late = sample(r.seconds.slice(-5));
  log(`  ${DEVICES} devices, ${r.observations} observations a scan: ${Math.round(first / 1024)} KB after scan 1, ${Math.round(last / 1024)} KB after scan ${scans} (${(last / first).toFixed(2)}×)`);
  log(`  scan time: ${(early.median * 1000).toFixed(0)} ms (scans 2-6) → ${(late.median * 1000).toFixed(0)} ms (last 5)`);
  return {
    rows: [
      row({ figure: `7 unchanged site: inventory after scan ${scans} / after scan 1`, unit: '×', lanaudit: sample([last / first]), target: '< 2×', met: last / first < 2 }),
      row({
        figure: `7 unchanged site: scan time, last 5 of ${scans}`,
        unit: 's',
        lanaudit: late,
        anchor: { name: 'scans 2-6', sample: early },
        target: 'equal (≤ 1.5×)',
        met: late.median <= early.median * 1.5,
      }),
    ],
    details: { scans, devices: DEVICES, observationsPerScan: r.observations, bytes: r.bytes, seconds: r.seconds },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await unchangedSiteFigure((line) => console.log(line), Number(process.argv[2] ?? 100));
  console.log(JSON.stringify(result.rows));
}
