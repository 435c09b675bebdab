/** Issue #12: `devices` and `show` say what a device is called and where it is plugged in; `devices --name` finds it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLocation } from '../../src/infrastructure/location.js';
import { Inventory } from '../../src/inventory/inventory.js';
import type { Observation } from '../../src/observations/observation.js';
import { HIKVISION_VERDICT, macObs, scopeOf } from '../inventory/helpers.js';
import { runCli } from './run-cli.js';

const AT = '2026-03-01T10:00:00.000Z';
const LATER = '2026-03-02T10:00:00.000Z';
const CAM = '58:50:ed:00:00:01';
const PC = '00:1b:a9:00:00:02';
const EVIL = '00:1b:a9:00:00:03';
const place = (port: string, vlan: number | null, confidence: 'high' | 'medium' | 'low', alias = '') =>
  encodeLocation({ switchName: 'core-sw', switchAddress: '10.0.0.250', port, portAlias: alias, vlan, confidence });
const obs = (ip: string, kind: Observation['kind'], value: string, source: string, at = AT): Observation => ({ ip, kind, value, source, at });

let dir: string;
let db: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanaudit-cli-names-'));
  db = path.join(dir, 'inventory.db');
  const inv = Inventory.open(db);
  try {
    const first = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
    inv.observations.record(first, [
      macObs('10.0.0.20', CAM, AT),
      obs('10.0.0.20', 'hostname', 'DS-2CD2143', 'upnp'),
      obs('10.0.0.20', 'hostname', 'lobby-cam.site.example.', 'ptr'),
      // The first scan placed it on its access port, the next on another one: the newest scan's placement counts.
      obs('10.0.0.20', 'location', place('Gi1/0/5', 20, 'high', 'Lobby camera'), 'snmp-fdb:10.0.0.250'),
      macObs('10.0.0.3', PC, AT),
      obs('10.0.0.3', 'hostname', 'ACCOUNTS-PC', 'netbios'),
      macObs('10.0.0.4', EVIL, AT),
      obs('10.0.0.4', 'hostname', '=cmd|\u001b[31m\u202eevil', 'mdns'),
      obs('10.0.0.4', 'location', place('\u001b]0;x\u0007Gi1/0/9', null, 'low'), 'snmp-fdb:10.0.0.250'),
    ]);
    inv.observations.resolveDevices(first);
    inv.verdicts.save(inv.devices.find('10.0.0.20')!.id, first, HIKVISION_VERDICT);
    inv.scans.finish(first, 'complete', { hosts: 3, flagged: 1 });
    const second = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
    inv.observations.record(second, [
      macObs('10.0.0.20', CAM, LATER),
      obs('10.0.0.20', 'location', place('Gi1/0/48', 20, 'low'), 'snmp-fdb:10.0.0.250', LATER),
      obs('10.0.0.20', 'location', place('Gi1/0/7', 20, 'medium', 'Lobby 2'), 'snmp-fdb:10.0.0.250', LATER),
    ]);
    inv.observations.resolveDevices(second);
    inv.scans.finish(second, 'complete', { hosts: 1, flagged: 1 });
  } finally {
    inv.close();
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Listed {
  ip: string;
  name: string | null;
  location: { switchName: string; port: string; portAlias: string; vlan: number | null; confidence: string } | null;
}

describe('names and locations on the command line', () => {
  it('devices --json: each device its name by the rule (DNS over UPnP) and the surest placement of the newest scan that placed it', async () => {
    const r = await runCli(['devices', '--json', '--db', db]);
    expect(r.code).toBe(0);
    const byIp = new Map((JSON.parse(r.stdout) as Listed[]).map((d) => [d.ip, d]));
    expect(byIp.get('10.0.0.20')).toMatchObject({ name: 'lobby-cam.site.example', location: { switchName: 'core-sw', port: 'Gi1/0/7', portAlias: 'Lobby 2', vlan: 20, confidence: 'medium' } });
    expect(byIp.get('10.0.0.3')).toMatchObject({ name: 'ACCOUNTS-PC', location: null });
    expect(byIp.get('10.0.0.4')?.name).toBe('=cmd|\u001b[31m\u202eevil');
    expect(r.stdout).not.toMatch(/[\u001b\u0007\u202e]/);
  });

  it('devices: NAME and LOCATION columns, device text inert', async () => {
    const r = await runCli(['devices', '--db', db]);
    expect(r.code).toBe(0);
    const [header, , ...rows] = r.stdout.split('\n');
    expect(header).toMatch(/^IP +MAC +NAME +STATUS .* LOCATION +CONF/);
    expect(rows.find((l) => l.startsWith('10.0.0.20 '))).toMatch(/lobby-cam\.site\.example .*core-sw Gi1\/0\/7 VLAN 20 \(medium\)/);
    expect(rows.find((l) => l.startsWith('10.0.0.4 '))).toContain('=cmd|?[31m?evil');
    expect(rows.find((l) => l.startsWith('10.0.0.4 '))).toContain('core-sw ?]0;x?Gi1/0/9 (low)');
    expect(r.stdout).not.toMatch(/[\u001b\u0007\u202e]/);
  });

  it('devices --name matches the shown name, any case, part of it', async () => {
    const ips = async (...args: string[]) => (JSON.parse((await runCli(['devices', '--json', '--db', db, ...args])).stdout) as Listed[]).map((d) => d.ip);
    expect(await ips('--name', 'LOBBY')).toEqual(['10.0.0.20']);
    expect(await ips('--name', 'accounts-pc')).toEqual(['10.0.0.3']);
    // A name the rule does not show (UPnP's, under the DNS name) does not match.
    expect(await ips('--name', 'DS-2CD')).toEqual([]);
    const none = await runCli(['devices', '--name', 'nobody', '--db', db]);
    expect(none.stdout).toContain('No devices match.');
  });

  it('show: the name with its source and the location line', async () => {
    const r = await runCli(['show', '10.0.0.20', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('name        lobby-cam.site.example  (reverse DNS)');
    expect(r.stdout).toContain('location    core-sw (10.0.0.250) Gi1/0/7 "Lobby 2" VLAN 20, medium confidence');
    const evil = await runCli(['show', '10.0.0.4', '--db', db]);
    expect(evil.stdout).toContain('name        =cmd|?[31m?evil  (mDNS)');
    expect(evil.stdout).not.toMatch(/[\u001b\u0007\u202e]/);
  });
});
