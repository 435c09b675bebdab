/**
 * Report benchmark: 50,000 devices with 10 evidence entries each (a tenth of them covered, with
 * triage), every format written to a file. Run: npx tsx test/bench/report-bench.ts [devices]
 * Target (issue 6): under 2 s per format.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { finished } from 'node:stream/promises';
import type { Evidence } from '../../src/identify/verdict.js';
import { REPORT_FORMATS, reportWriter, type ReportFormat } from '../../src/report/formats.js';
import type { ReportDevice } from '../../src/report/report-device.js';
import type { ReportInput, TriageEntry } from '../../src/report/report-input.js';

const count = Number(process.argv[2] ?? 50_000);
/** FORMATS=json,csv limits the run to those formats. */
const formats = (process.env.FORMATS?.split(',') ?? REPORT_FORMATS.filter((f) => f !== 'far')) as ReportFormat[];
const hex = (n: number) => n.toString(16).padStart(2, '0');

function device(i: number): ReportDevice {
  const covered = i % 10 === 0;
  const mac = `58:50:ed:${hex((i >> 16) & 255)}:${hex((i >> 8) & 255)}:${hex(i & 255)}`;
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const evidence = Array.from({ length: 10 }, (_, k): Evidence => {
    const says = `Evidence ${k} for device ${i}: server header names Hikvision's embedded web server`;
    const entity = covered ? 'hikvision' : null;
    return k === 0
      ? { rule: 'oui.registrant', kind: 'mac', value: mac, source: 'neigh', certainty: 0.9, says, entity }
      : { rule: `http.server.rule-${k}`, kind: 'http.server', value: `App-webs/ build ${i}-${k} <b>"quoted"</b> & more`, port: 80, source: 'http', certainty: 0.5, says, entity };
  });
  return {
    id: i + 1,
    ip,
    mac,
    manufacturer: covered ? 'Hangzhou Hikvision Digital Technology Co.,Ltd.' : 'Dell Inc.',
    manufacturerName: covered ? 'Hikvision' : 'Dell',
    brand: covered && i % 20 === 0 ? 'LTS' : null,
    model: covered ? `DS-2CD2${i % 1000}G2-I` : null,
    serial: covered ? `SN${i}` : null,
    status: covered ? 'covered' : i % 10 === 1 ? 'review' : 'clear',
    covered: covered ? 'hikvision' : null,
    confidence: covered ? 0.95 : 0.2,
    randomizedMac: false,
    firstSeen: '2026-11-20T09:30:00.000Z',
    lastSeen: '2026-11-27T08:00:00.000Z',
    evidence,
  };
}

const devices = Array.from({ length: count }, (_, i) => device(i));
const triage = new Map<number, TriageEntry>();
for (const d of devices) if (d.status === 'covered' && d.id % 3 === 0) triage.set(d.id, { status: 'acknowledged', note: 'isolated on VLAN 99', by: 'J. Doe', at: '2026-11-21T10:00:00.000Z', until: null });
const input: ReportInput = {
  meta: { generatedAt: new Date().toISOString(), tool: { name: 'lanaudit', version: 'bench' }, flaggedOnly: false, organization: 'Bench Corp', contract: 'C-1' },
  devices,
  triage,
};

const dir = mkdtempSync(path.join(tmpdir(), 'lanaudit-report-bench-'));
const rows: { format: string; seconds: string; cpuSeconds: string; mb: string; target: string }[] = [];
try {
  for (const format of formats) {
    const file = path.join(dir, `report.${format}`);
    const out = createWriteStream(file);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await reportWriter(format)(out, input);
    out.end();
    await finished(out);
    const s = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    // CPU time (user + system of this process) next to wall time: on a shared machine the wall clock includes waiting for a core.
    rows.push({ format, seconds: s.toFixed(2), cpuSeconds: ((cpu.user + cpu.system) / 1e6).toFixed(2), mb: (statSync(file).size / 1e6).toFixed(1), target: s < 2 ? 'ok' : 'OVER 2 s' });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`report benchmark: ${count.toLocaleString('en-US')} devices × 10 evidence (${devices.filter((d) => d.status === 'covered').length.toLocaleString('en-US')} covered), Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} CPUs`);
console.table(rows);
