/**
 * Report benchmark: 50,000 devices with 10 evidence entries each (a tenth of them covered, with
 * triage), every format written to a file. Run: npx tsx test/bench/report-bench.ts [devices]
 * Target (issue 6): under 2 s per format.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { finished } from 'node:stream/promises';
import type { Evidence } from '../../src/identify/verdict.js';
import { REPORT_FORMATS, reportWriter } from '../../src/report/formats.js';
import type { ReportDevice } from '../../src/report/report-device.js';
import type { ReportInput, TriageEntry } from '../../src/report/report-input.js';

const count = Number(process.argv[2] ?? 50_000);
const hex = (n: number) => n.toString(16).padStart(2, '0');

function device(i: number): ReportDevice {
  const covered = i % 10 === 0;
  const mac = `58:50:ed:${hex((i >> 16) & 255)}:${hex((i >> 8) & 255)}:${hex(i & 255)}`;
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const evidence: Evidence[] = Array.from({ length: 10 }, (_, k) => ({
    rule: k === 0 ? 'oui.registrant' : `http.server.rule-${k}`,
    kind: k === 0 ? 'mac' : 'http.server',
    value: k === 0 ? mac : `App-webs/ build ${i}-${k} <b>"quoted"</b> & more`,
    source: k === 0 ? 'neigh' : 'http',
    port: k === 0 ? undefined : 80,
    certainty: k === 0 ? 0.9 : 0.5,
    says: `Evidence ${k} for device ${i}: server header names Hikvision's embedded web server`,
    entity: covered ? 'hikvision' : null,
  })).map(({ port, ...e }) => (port === undefined ? e : { ...e, port }));
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
const rows: { format: string; seconds: string; mb: string; target: string }[] = [];
try {
  for (const format of (process.env.FORMATS?.split(",") ?? REPORT_FORMATS.filter((f) => f !== "far")) as (typeof REPORT_FORMATS)[number][]) {
    const file = path.join(dir, `report.${format}`);
    const out = createWriteStream(file);
    const t0 = performance.now();
    await reportWriter(format)(out, input);
    out.end();
    await finished(out);
    const s = (performance.now() - t0) / 1000;
    rows.push({ format, seconds: s.toFixed(2), mb: (statSync(file).size / 1e6).toFixed(1), target: s < 2 ? 'ok' : 'OVER 2 s' });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`report benchmark: ${count.toLocaleString('en-US')} devices × 10 evidence (${devices.filter((d) => d.status === 'covered').length.toLocaleString('en-US')} covered), Node ${process.version}`);
console.table(rows);
