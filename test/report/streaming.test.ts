/**
 * Reports stream (#15): a writer pulls a device only after writing all but a bounded number of the
 * devices it pulled before, whatever the inventory's size; and an inventory read row by row in
 * SQLite's order renders exactly what the same devices render from memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityId, Verdict } from '../../src/identify/verdict.js';
import { Inventory } from '../../src/inventory/inventory.js';
import type { DeviceFilter } from '../../src/inventory/types.js';
import { deviceList } from '../../src/report/device-list.js';
import { REPORT_FORMATS, reportWriter, type ReportFormat } from '../../src/report/formats.js';
import { inventoryDevices } from '../../src/report/inventory-devices.js';
import { toReportDevice, type ReportDevice } from '../../src/report/report-device.js';
import type { ReportDevices, ReportInput, TriageEntry } from '../../src/report/report-input.js';
import { macObs, scopeOf, verdict } from '../inventory/helpers.js';
import { render } from './render.js';
import { META } from './fixtures.js';

const FORMATS = REPORT_FORMATS.filter((f): f is Exclude<ReportFormat, 'far'> => f !== 'far');
const ipOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

function device(i: number): ReportDevice {
  const covered = i % 10 === 0;
  return {
    id: i + 1,
    ip: ipOf(i),
    mac: null,
    name: null,
    location: null,
    manufacturer: covered ? 'Hangzhou Hikvision Digital Technology Co.,Ltd.' : 'Dell Inc.',
    manufacturerName: covered ? 'Hikvision' : 'Dell',
    brand: null,
    model: covered ? 'DS-2CD2143G2-I' : null,
    serial: null,
    status: covered ? 'covered' : 'clear',
    covered: covered ? 'hikvision' : null,
    confidence: covered ? 0.9 : 0.2,
    randomizedMac: false,
    firstSeen: '2026-11-20T09:30:00.000Z',
    lastSeen: '2026-11-27T08:00:00.000Z',
    evidence: [{ rule: 'oui.registrant', kind: 'mac', value: 'x', source: 'neigh', certainty: 0.9, says: `device ${i}`, entity: covered ? 'hikvision' : null }],
  };
}

/**
 * Devices made as they are pulled, never held. Before each device it hands out, it checks that the
 * sink has received every device it handed out in this pass but at most `ahead` of them (a device
 * counts as received when its address has reached the sink): a writer that gathered the devices
 * before writing would be thousands ahead.
 */
class PacedDevices implements ReportDevices {
  readonly received = new Set<string>();
  maxAhead = 0;

  constructor(
    private readonly count: number,
    private readonly ahead: number,
  ) {}

  *briefs(): Generator<ReportDevice> {
    for (let i = 0; i < this.count; i++) yield device(i);
  }

  coveredEntities(): EntityId[] {
    return ['hikvision'];
  }

  listed(): Iterable<ReportDevice> {
    return this.pass((i) => i);
  }

  rankedRows(): Iterable<ReportDevice> {
    return this.ranked(false);
  }

  /** Flagged (every tenth device) first; all of them are 'hikvision', so by address within each rank. */
  ranked(flaggedOnly: boolean): Iterable<ReportDevice> {
    const flagged = Math.ceil(this.count / 10);
    return this.pass((k) => (k < flagged ? k * 10 : flaggedOnly ? null : unflagged(k - flagged)), flaggedOnly ? flagged : this.count);
  }

  private *pass(index: (k: number) => number | null, length = this.count): Generator<ReportDevice> {
    const pending: string[] = [];
    for (let k = 0; k < length; k++) {
      const i = index(k);
      if (i === null) return;
      while (pending.length && this.received.has(pending[0]!)) pending.shift();
      this.maxAhead = Math.max(this.maxAhead, pending.length);
      if (pending.length > this.ahead) throw new Error(`pulled device ${k} of this pass while ${pending.length} pulled devices were not written yet`);
      const d = device(i);
      pending.push(d.ip);
      yield d;
    }
  }
}

/** The k-th device that is not every tenth one. */
const unflagged = (k: number) => k + Math.floor(k / 9) + 1;

/** A sink that notes every device address it receives (an address cut between two chunks is read whole). */
function addressSink(received: Set<string>): Writable {
  let tail = '';
  return new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _enc, done) {
      const text = tail + chunk.toString('utf8');
      for (const m of text.matchAll(/10\.\d+\.\d+\.\d+(?!\d)/g)) received.add(m[0]);
      tail = text.slice(-16);
      setImmediate(done);
    },
  });
}

describe('report writers stream', () => {
  // A writer fills a 256 KB chunk before the sink sees it: at ~150 bytes a device at least, well under 4,000 devices.
  const AHEAD = 4000;
  const COUNT = 20_000;

  for (const format of FORMATS) {
    it(`${format}: writes ${COUNT.toLocaleString('en-US')} devices while holding at most ${AHEAD.toLocaleString('en-US')} pulled and unwritten`, async () => {
      const devices = new PacedDevices(COUNT, AHEAD);
      const triage = new Map<number, TriageEntry>([[11, { status: 'acknowledged', note: 'n', by: 'b', at: '2026-11-21T10:00:00.000Z', until: null }]]);
      const input: ReportInput = { meta: META, devices, triage };
      const sink = addressSink(devices.received);
      await reportWriter(format)(sink, input);
      sink.end();
      await finished(sink);
      // Every device was pulled and written (the FAR formats write the flagged ones, twice with a follow-up section).
      expect(devices.received.size).toBe(format.startsWith('far') ? COUNT / 10 : COUNT);
      expect(devices.maxAhead).toBeLessThanOrEqual(AHEAD);
    });
  }

  it('the check fails a writer that gathers the devices before writing them', async () => {
    const devices = new PacedDevices(COUNT, AHEAD);
    const gathering: ReportDevices = { briefs: () => devices.briefs(), coveredEntities: () => devices.coveredEntities(), listed: () => [...devices.listed()], ranked: (f) => [...devices.ranked(f)], rankedRows: () => [...devices.rankedRows()] };
    await expect(reportWriter('json')(addressSink(devices.received), { meta: META, devices: gathering })).rejects.toThrow(/not written yet/);
  });
});

describe('an inventory read row by row', () => {
  let dir: string;
  let inv: Inventory;

  /** 120 devices: every status, several entities, unidentified ones, addresses stored out of order. */
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lanaudit-report-stream-'));
    inv = Inventory.open(path.join(dir, 'inventory.db'), { now: () => new Date('2026-11-20T09:00:00Z') });
    const scan = inv.scans.begin({ scope: scopeOf('10.9.0.0/16'), engine: 'native' });
    const hex = (n: number) => n.toString(16).padStart(2, '0');
    const n = 120;
    // A stride coprime to 256 scatters the addresses, so id order is not address order.
    inv.observations.record(scan, Array.from({ length: n }, (_, i) => macObs(`10.9.${(i * 37) % 7}.${(i * 101) % 256}`, `02:00:00:00:${hex(i >> 8)}:${hex(i & 255)}`, '2026-11-20T09:00:00Z')));
    const ids = inv.observations.resolveDevices(scan);
    const entities: EntityId[] = ['huawei', 'zte', 'hytera', 'hikvision', 'dahua'];
    const verdicts = ids.flatMap((id, i): [number, Verdict][] => {
      if (i % 7 === 3) return []; // not identified yet
      const status = i % 3 === 0 ? 'covered' : i % 3 === 1 ? 'review' : 'clear';
      const entity = status === 'covered' ? entities[i % entities.length]! : null;
      const maker = entity ?? ['Dell', 'HP', 'Cisco', 'Ubiquiti', 'Axis', 'Synology', 'Apple', 'Lenovo', 'Netgear', 'Brother'][i % 10]!;
      return [[id, verdict({ status, covered: entity, manufacturerName: maker, manufacturer: `${maker} Inc.`, confidence: (i % 10) / 10, evidence: [{ rule: `r${i}`, kind: 'mac', value: `v${i}`, source: 'neigh', certainty: 0.5, says: `says ${i}`, entity }] })]];
    });
    inv.verdicts.saveAll(scan, verdicts);
    inv.scans.finish(scan, 'complete', { hosts: n, flagged: 0 });
  });

  afterAll(() => {
    inv.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const filters: [string, DeviceFilter][] = [
    ['all devices', {}],
    ['flagged only', { flagged: true }],
  ];
  for (const [name, filter] of filters) {
    it(`renders every format as the same devices in memory do (${name})`, async () => {
      const inMemory = deviceList([...inv.devices.iterate(filter)].map(toReportDevice));
      const triage = new Map<number, TriageEntry>([[1, { status: 'waiver', note: 'w', by: 'CO', at: '2026-11-21T10:00:00.000Z', until: '2027-01-01T00:00:00.000Z' }]]);
      for (const format of FORMATS) {
        const fromInventory = await inv.listing.snapshot(() => render(format, { meta: META, triage, devices: inventoryDevices(inv, filter) }));
        const expected = await render(format, { meta: META, triage, devices: inMemory });
        const mask = (text: string) => text.replace(/urn:uuid:[0-9a-f-]+/, 'urn:uuid:X');
        expect(mask(fromInventory.text), format).toBe(mask(expected.text));
      }
    });
  }
});

describe('a report written while a scan stores verdicts', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lanaudit-report-snapshot-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the inventory as it was when the report began: its counts and its devices agree', async () => {
    const db = path.join(dir, 'inventory.db');
    const writer = Inventory.open(db);
    const scan = writer.scans.begin({ scope: scopeOf('10.8.0.0/16'), engine: 'native' });
    const hex = (n: number) => n.toString(16).padStart(2, '0');
    // Enough devices that the writer hands chunks to the sink while it still reads the inventory.
    writer.observations.record(scan, Array.from({ length: 3000 }, (_, i) => macObs(`10.8.${i >> 8}.${i & 255}`, `02:00:00:01:${hex(i >> 8)}:${hex(i & 255)}`, '2026-11-20T09:00:00Z')));
    const ids = writer.observations.resolveDevices(scan);
    writer.verdicts.saveAll(scan, ids.map((id) => [id, verdict({ manufacturerName: 'Dell', evidence: [{ rule: 'r', kind: 'mac', value: 'v', source: 'neigh', certainty: 0.5, says: 'a Dell', entity: null }] })] as const));
    writer.scans.finish(scan, 'complete', { hosts: ids.length, flagged: 0 });
    const last = writer.devices.find('10.8.11.183')!.id;

    const reader = Inventory.open(db);
    const chunks: string[] = [];
    let changed = false;
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk.toString('utf8'));
        // The counts are written; the last device is not read yet. Another connection flags it now.
        if (!changed) writer.verdicts.save(last, null, verdict({ status: 'covered', covered: 'hikvision', manufacturerName: 'Hikvision' }));
        changed = true;
        setImmediate(done);
      },
    });
    try {
      await reader.listing.snapshot(() => reportWriter('json')(sink, { meta: META, devices: inventoryDevices(reader, {}) }));
      sink.end();
      await finished(sink);
    } finally {
      reader.close();
      writer.close();
    }
    expect(changed).toBe(true);
    const json = JSON.parse(chunks.join('')) as { summary: { devices: number; covered: number }; devices: { id: number; status: string }[] };
    expect(json.devices).toHaveLength(3000);
    expect(json.summary.covered).toBe(json.devices.filter((d) => d.status === 'covered').length);
    expect(json.devices.find((d) => d.id === last)?.status).toBe('clear');
  });
});
