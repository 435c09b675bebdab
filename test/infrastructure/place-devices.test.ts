import { describe, expect, it } from 'vitest';
import { placeDevices } from '../../src/infrastructure/place-devices.js';
import type { SwitchTables } from '../../src/infrastructure/switch-tables.js';

const CAMERA = 'bc:ad:28:4f:19:3c';
const PC = 'b0:7b:25:18:4e:90';
const ROUTER = '02:1a:b0:02:01:01';

function sw(address: string, name: string, fdb: [string, number, number | null][], extra: Partial<SwitchTables> = {}): SwitchTables {
  const ports = new Map<number, { port: number; name: string; alias: string }>();
  for (const [, port] of fdb) ports.set(port, { port, name: `ge-0/0/${port}`, alias: port === 5 ? 'lobby camera' : '' });
  return { address, name, ports, fdb: fdb.map(([mac, port, vlan]) => ({ mac, port, vlan })), neighbours: [], ownMac: null, rejected: 0, ...extra };
}

/** Core switch: uplink to the router on 1, uplink to the access switch on 24 (LLDP), a PC on 3. Access switch: the camera on 5, uplink 24. */
function site(): SwitchTables[] {
  const core = sw('10.78.1.3', 'core', [[ROUTER, 1, 1], [PC, 3, 20], [CAMERA, 24, 30], ['02:1a:b0:10:00:02', 24, 1]], {
    neighbours: [{ port: 24, name: 'access', chassis: '02:1a:b0:10:00:02', infrastructure: true }],
  });
  const access = sw('10.78.1.4', 'access', [[CAMERA, 5, 30], [PC, 24, 20], [ROUTER, 24, 1]], { ownMac: '02:1a:b0:10:00:02' });
  return [core, access];
}

describe('placeDevices', () => {
  it('chooses the edge port over the uplinks the MAC is also learned on', () => {
    const places = placeDevices(site(), new Set([ROUTER]));
    expect(places.get(CAMERA)).toEqual({ switchName: 'access', switchAddress: '10.78.1.4', port: 'ge-0/0/5', portAlias: 'lobby camera', vlan: 30, confidence: 'high' });
    expect(places.get(PC)).toMatchObject({ switchName: 'core', port: 'ge-0/0/3', vlan: 20, confidence: 'high' });
  });

  it('never places a router or switch of the site on a port', () => {
    const places = placeDevices(site(), new Set([ROUTER]));
    expect(places.has(ROUTER)).toBe(false);
    expect(places.has('02:1a:b0:10:00:02')).toBe(false);
  });

  it('takes a port that learned a router MAC as an uplink even without LLDP', () => {
    // Without the router's MAC known, port 24 of the access switch would look like an edge port for the PC.
    const [core, access] = site();
    const places = placeDevices([{ ...core!, neighbours: [] }, access!], new Set([ROUTER]));
    expect(places.get(PC)).toMatchObject({ switchName: 'core', port: 'ge-0/0/3' });
  });

  it('is the same whatever order the switches were read in', () => {
    const a = placeDevices(site(), new Set([ROUTER]));
    const b = placeDevices([...site()].reverse(), new Set([ROUTER]));
    expect([...b].sort()).toEqual([...a].sort());
  });

  it('seen on uplinks only (its own switch was not read): the least crowded uplink, low confidence', () => {
    const [core] = site();
    expect(placeDevices([core!], new Set([ROUTER])).get(CAMERA)).toMatchObject({ switchName: 'core', port: 'ge-0/0/24', confidence: 'low' });
  });

  it('a crowded port without an LLDP switch (an unmanaged switch below) is medium confidence', () => {
    const macs = Array.from({ length: 8 }, (_, i) => `00:11:22:33:44:${(0x10 + i).toString(16)}`);
    const s = sw('10.0.0.3', 'floor', macs.map((m) => [m, 7, 10] as [string, number, number]));
    expect(placeDevices([s]).get(macs[0]!)).toMatchObject({ port: 'ge-0/0/7', confidence: 'medium' });
  });

  it('an LLDP loop (two switches naming each other on every port) ends and still places the edge host', () => {
    const loopy = (address: string, other: string): SwitchTables =>
      sw(address, address, [[CAMERA, address === '10.0.0.4' ? 5 : 9, 30]], {
        neighbours: Array.from({ length: 50 }, (_, i) => ({ port: 9, name: other, chassis: `chassis-${i}`, infrastructure: true })),
      });
    const places = placeDevices([loopy('10.0.0.3', '10.0.0.4'), loopy('10.0.0.4', '10.0.0.3')]);
    expect(places.get(CAMERA)).toMatchObject({ switchAddress: '10.0.0.4', port: 'ge-0/0/5', confidence: 'high' });
  });

  it('two edge ports claim the same MAC: the less crowded wins, medium confidence', () => {
    const a = sw('10.0.0.3', 'a', [[CAMERA, 5, 30], ['00:11:22:00:00:01', 5, 30]]);
    const b = sw('10.0.0.4', 'b', [[CAMERA, 6, 30]]);
    expect(placeDevices([a, b]).get(CAMERA)).toMatchObject({ switchName: 'b', confidence: 'medium' });
  });
});
