/** `lanaudit devices --json` streams its array: the text must be exactly what printing the whole array at once gives. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminalJson } from '../../src/cli/terminal.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { HIKVISION_VERDICT, macObs, scopeOf, verdict } from '../inventory/helpers.js';
import { runCli } from './run-cli.js';

const AT = '2026-03-01T10:00:00Z';
let dir: string;
let db: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanaudit-cli-'));
  db = path.join(dir, 'inventory.db');
  const inv = Inventory.open(db);
  try {
    const scan = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
    inv.observations.record(scan, [
      macObs('10.0.0.20', '58:50:ed:00:00:01', AT),
      macObs('10.0.0.3', '00:1b:a9:00:00:02', AT),
      macObs('10.0.0.100', '58:50:ed:00:00:03', AT),
    ]);
    inv.observations.resolveDevices(scan);
    inv.verdicts.save(inv.devices.find('10.0.0.20')!.id, scan, HIKVISION_VERDICT);
    inv.verdicts.save(inv.devices.find('10.0.0.100')!.id, scan, HIKVISION_VERDICT);
    // Device text that would steer a terminal must come out escaped, as before streaming.
    inv.verdicts.save(inv.devices.find('10.0.0.3')!.id, scan, verdict({ manufacturerName: 'HP', model: 'gnp\u202e.exe', confidence: 0.7 }));
    inv.scans.finish(scan, 'complete', { hosts: 3, flagged: 2 });
    inv.triage.record(inv.devices.find('10.0.0.20')!.id, { status: 'false-positive', note: 'lab camera', by: 'alice', at: AT, until: null, scanId: null });
  } finally {
    inv.close();
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('devices --json', () => {
  it('prints every device in address order, flagged ones with their triage, as one indented array', async () => {
    const r = await runCli(['devices', '--json', '--db', db]);
    expect(r.code).toBe(0);
    const devices = JSON.parse(r.stdout) as { ip: string; model: string | null; triage?: { status: string; by: string | null } }[];
    expect(devices.map((d) => d.ip)).toEqual(['10.0.0.3', '10.0.0.20', '10.0.0.100']);
    expect(devices.map((d) => d.triage?.status)).toEqual([undefined, 'false-positive', 'open']);
    expect(r.stdout).toBe(`${terminalJson(devices)}\n`);
    expect(r.stdout).not.toContain('\u202e');
    expect(r.stdout).toContain('gnp\\u202e.exe');
  });

  it('--open leaves out what triage settled; no match prints an empty array', async () => {
    const open = await runCli(['devices', '--json', '--open', '--db', db]);
    expect((JSON.parse(open.stdout) as { ip: string }[]).map((d) => d.ip)).toEqual(['10.0.0.100']);
    const none = await runCli(['devices', '--json', '--vendor', 'nobody', '--db', db]);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('[]\n');
  });
});
