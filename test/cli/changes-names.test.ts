/** Issue #12: `changes` (text and --json) says what each changed device is called and where it is plugged in. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLocation } from '../../src/infrastructure/location.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { device, fact, scanAndTrack, testClock } from '../changes/helpers.js';
import { runCli } from './run-cli.js';

const CAM = '58:50:ed:00:00:01';
const EVIL = '00:1b:a9:00:00:03';
const place = (port: string) => encodeLocation({ switchName: 'core-sw', switchAddress: '10.0.0.250', port, portAlias: 'Lobby', vlan: 20, confidence: 'high' });

let dir: string;
let db: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanaudit-cli-changes-'));
  db = path.join(dir, 'inventory.db');
  const inv = Inventory.open(db);
  try {
    const clock = testClock();
    await scanAndTrack(inv, ['10.0.0.0/24'], device('10.0.0.9', '3c:2a:f4:00:00:09', clock.iso()));
    clock.advance();
    await scanAndTrack(inv, ['10.0.0.0/24'], [
      ...device('10.0.0.9', '3c:2a:f4:00:00:09', clock.iso()),
      ...device('10.0.0.20', CAM, clock.iso(), [
        { kind: 'hostname', value: 'lobby-cam.site.example.', source: 'ptr' },
        { kind: 'location', value: place('Gi1/0/5'), source: 'snmp-fdb:10.0.0.250' },
        fact('http.server', 'App-webs/'),
      ]),
      ...device('10.0.0.4', EVIL, clock.iso(), [{ kind: 'hostname', value: '=cmd|\u001b[31m\u202eevil', source: 'mdns' }]),
    ]);
  } finally {
    inv.close();
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('changes: names and locations', () => {
  it('--json: each event\'s device with its name and location', async () => {
    const r = await runCli(['changes', '--json', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const events = JSON.parse(r.stdout) as { type: string; ip: string; device: { name: string | null; location: unknown } | null }[];
    expect(events.find((e) => e.ip === '10.0.0.20')).toMatchObject({
      type: 'new',
      device: { name: 'lobby-cam.site.example', location: { switchName: 'core-sw', port: 'Gi1/0/5', vlan: 20, confidence: 'high' } },
    });
    expect(events.find((e) => e.ip === '10.0.0.4')?.device).toMatchObject({ name: '=cmd|\u001b[31m\u202eevil', location: null });
    expect(r.stdout).not.toMatch(/[\u001b\u202e]/);
  });

  it('text: NAME and LOCATION columns, device text inert', async () => {
    const r = await runCli(['changes', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const [header, , ...rows] = r.stdout.split('\n');
    expect(header).toMatch(/^SCAN +TIME +EVENT +IP +MAC +NAME +DEVICE +LOCATION +DETAIL/);
    expect(rows.find((l) => l.includes(' 10.0.0.20 '))).toMatch(/lobby-cam\.site\.example .*core-sw Gi1\/0\/5 VLAN 20/);
    expect(rows.find((l) => l.includes(' 10.0.0.4 '))).toContain('=cmd|?[31m?evil');
    expect(r.stdout).not.toMatch(/[\u001b\u202e]/);
  });
});
