import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { MAX_VALUE_LENGTH, type Observation } from '../../src/observations/observation.js';
import { UsageError } from '../../src/util/errors.js';
import { aliveObs, macObs, portObs, scopeOf, tempDbPath, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

const CAMERA = '58:50:ed:00:00:01';
const PRINTER = '00:1b:a9:00:00:02';

function openInventory(): Inventory {
  return Inventory.open(tempDbPath(tempDir));
}

/** One complete scan of the given observations; returns the devices it saw. */
function scan(inv: Inventory, observations: Observation[]): number[] {
  const id = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
  inv.observations.record(id, observations);
  const devices = inv.observations.resolveDevices(id);
  inv.scans.finish(id, 'complete', { hosts: devices.length, flagged: 0 });
  return devices;
}

describe('device identity', () => {
  it('one device per MAC: a new IP for the same MAC moves its current address and history keeps both', () => {
    const inv = openInventory();
    const [first] = scan(inv, [macObs('10.0.0.5', CAMERA, '2026-03-01T10:00:00Z'), portObs('10.0.0.5', 554, '2026-03-01T10:00:02Z')]);
    const [second] = scan(inv, [macObs('10.0.0.23', CAMERA, '2026-03-02T10:00:00Z')]);
    expect(second).toBe(first);
    expect(inv.devices.ids()).toEqual([first]);

    const device = inv.devices.find(CAMERA)!;
    expect(device.ip).toBe('10.0.0.23');
    expect(device.firstSeen).toBe('2026-03-01T10:00:00.000Z');
    expect(device.lastSeen).toBe('2026-03-02T10:00:00.000Z');
    expect(device.ipHistory).toEqual([
      { ip: '10.0.0.23', firstSeen: '2026-03-02T10:00:00.000Z', lastSeen: '2026-03-02T10:00:00.000Z' },
      { ip: '10.0.0.5', firstSeen: '2026-03-01T10:00:00.000Z', lastSeen: '2026-03-01T10:00:02.000Z' },
    ]);
    expect(device.scans).toEqual([2, 1]);
    inv.close();
  });

  it('finds a device by MAC in any common notation, by current IP and by an IP it had before', () => {
    const inv = openInventory();
    scan(inv, [macObs('10.0.0.5', CAMERA, '2026-03-01T10:00:00Z')]);
    scan(inv, [macObs('10.0.0.23', CAMERA, '2026-03-02T10:00:00Z')]);
    for (const key of ['58:50:ED:00:00:01', '58-50-ed-00-00-01', '5850.ed00.0001', '5850ed000001', ' 10.0.0.23 ', '10.0.0.5']) {
      expect(inv.devices.find(key)?.mac, key).toBe(CAMERA);
    }
    expect(inv.devices.find('10.0.0.99')).toBeNull();
    expect(inv.devices.find('00:00:00:00:00:99')).toBeNull();
    expect(() => inv.devices.find('camera-1')).toThrow(UsageError);
    inv.close();
  });

  it('a dotted quad whose digits look like a MAC is read as an IP', () => {
    const inv = openInventory();
    scan(inv, [aliveObs('100.200.100.200', '2026-03-01T10:00:00Z')]);
    expect(inv.devices.find('100.200.100.200')?.ip).toBe('100.200.100.200');
    inv.close();
  });

  it('a MAC-less host is the same device while it keeps its IP, among MAC-less devices only', () => {
    const inv = openInventory();
    const [routed] = scan(inv, [aliveObs('192.168.50.10', '2026-03-01T10:00:00Z'), portObs('192.168.50.10', 22, '2026-03-01T10:00:01Z')]);
    const [again] = scan(inv, [portObs('192.168.50.10', 443, '2026-03-02T10:00:00Z')]);
    expect(again).toBe(routed);

    const device = inv.devices.find('192.168.50.10')!;
    expect(device.mac).toBeNull();
    expect(device.firstSeen).toBe('2026-03-01T10:00:00.000Z');
    expect(device.lastSeen).toBe('2026-03-02T10:00:00.000Z');
    expect(device.observations.map((o) => o.value).sort()).toEqual(['22', '443', 'tcp-rst']);

    // The same address answering with a MAC is a device identified by that MAC, not the MAC-less one.
    const [withMac] = scan(inv, [macObs('192.168.50.10', PRINTER, '2026-03-03T10:00:00Z')]);
    expect(withMac).not.toBe(routed);
    expect(inv.devices.find(PRINTER)?.id).toBe(withMac);
    inv.close();
  });

  it('an IP reused by another MAC is a different device; the address now points to the new one, history keeps both', () => {
    const inv = openInventory();
    const [camera] = scan(inv, [macObs('10.0.0.5', CAMERA, '2026-03-01T10:00:00Z')]);
    const [printer] = scan(inv, [macObs('10.0.0.5', PRINTER, '2026-03-05T10:00:00Z')]);
    expect(printer).not.toBe(camera);

    expect(inv.devices.find('10.0.0.5')?.mac).toBe(PRINTER);
    // The camera's record still says where it was last seen, and when.
    const old = inv.devices.find(CAMERA)!;
    expect(old.ip).toBe('10.0.0.5');
    expect(old.lastSeen).toBe('2026-03-01T10:00:00.000Z');
    expect(old.ipHistory.map((h) => h.ip)).toEqual(['10.0.0.5']);
    expect(inv.devices.find(PRINTER)!.ipHistory.map((h) => h.ip)).toEqual(['10.0.0.5']);

    // The camera reappears elsewhere: the moved address is its current one, the old address stays in history.
    scan(inv, [macObs('10.0.0.40', CAMERA, '2026-03-06T10:00:00Z')]);
    const moved = inv.devices.find(CAMERA)!;
    expect(moved.ip).toBe('10.0.0.40');
    expect(moved.ipHistory.map((h) => h.ip)).toEqual(['10.0.0.40', '10.0.0.5']);
    expect(inv.devices.find('10.0.0.5')?.mac).toBe(PRINTER);
    inv.close();
  });

  it("an address's MAC is the one the network saw there; a MAC only claimed in a reply does not make the device's identity", () => {
    const inv = openInventory();
    const [device] = scan(inv, [
      portObs('10.0.0.5', 80, '2026-03-01T10:00:00Z'),
      { ip: '10.0.0.5', kind: 'http.server', value: 'App-webs/', port: 80, source: 'http', at: '2026-03-01T10:00:01Z' },
      // SADP answers carry a MAC in the reply, in the vendor's notation: the device's word, not the network's.
      { ip: '10.0.0.5', mac: '58-50-ED-00-00-01', kind: 'sadp.reply', value: 'DS-2CD2042WD', source: 'sadp', at: '2026-03-01T10:00:02Z' },
    ]);
    expect(inv.devices.find(CAMERA)).toBeNull();
    expect(inv.devices.find('10.0.0.5')).toMatchObject({ id: device, mac: null });
    expect(inv.devices.observations(device!).map((o) => o.kind)).toEqual(['tcp.open', 'http.server', 'sadp.reply']);

    const [again] = scan(inv, [macObs('10.0.0.5', CAMERA, '2026-03-02T10:00:00Z'), { ip: '10.0.0.5', mac: CAMERA, kind: 'sadp.reply', value: 'DS-2CD2042WD', source: 'sadp', at: '2026-03-02T10:00:02Z' }]);
    expect(inv.devices.find(CAMERA)?.id).toBe(again);
    expect(inv.devices.observations(again!).map((o) => o.kind)).toEqual(['mac', 'sadp.reply']);
    inv.close();
  });

  it('an older scan imported late does not move the current IP back, but widens first seen', () => {
    const inv = openInventory();
    scan(inv, [macObs('10.0.0.23', CAMERA, '2026-03-10T10:00:00Z')]);
    scan(inv, [macObs('10.0.0.5', CAMERA, '2026-02-01T10:00:00Z')]);
    const device = inv.devices.find(CAMERA)!;
    expect(device.ip).toBe('10.0.0.23');
    expect(device.firstSeen).toBe('2026-02-01T10:00:00.000Z');
    expect(device.lastSeen).toBe('2026-03-10T10:00:00.000Z');
    inv.close();
  });

  it('resolveDevices returns every device of the scan and links only what is new', () => {
    const inv = openInventory();
    const id = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'native' });
    inv.observations.record(id, [macObs('10.0.0.5', CAMERA, '2026-03-01T10:00:00Z')]);
    const first = inv.observations.resolveDevices(id);
    inv.observations.record(id, [macObs('10.0.0.6', PRINTER, '2026-03-01T10:00:05Z'), portObs('10.0.0.5', 80, '2026-03-01T10:00:06Z')]);
    const both = inv.observations.resolveDevices(id);
    expect(both).toHaveLength(2);
    expect(both).toContain(first[0]);
    expect(inv.devices.ids()).toHaveLength(2);
    expect(inv.devices.observations(first[0]!).map((o) => o.kind)).toEqual(['mac', 'tcp.open']);
    expect(inv.devices.find(CAMERA)?.lastSeen).toBe('2026-03-01T10:00:06.000Z');
    inv.close();
  });

  it('the same fact seen in many scans is handed to identification once, with its latest time', () => {
    const inv = openInventory();
    const [device] = scan(inv, [macObs('10.0.0.5', CAMERA, '2026-03-01T10:00:00Z'), portObs('10.0.0.5', 554, '2026-03-01T10:00:01Z')]);
    scan(inv, [macObs('10.0.0.5', CAMERA, '2026-03-02T10:00:00Z'), portObs('10.0.0.5', 554, '2026-03-02T10:00:01Z')]);
    const facts = inv.devices.observations(device!);
    expect(facts.map((f) => [f.kind, f.at])).toEqual([
      ['mac', '2026-03-02T10:00:00.000Z'],
      ['tcp.open', '2026-03-02T10:00:01.000Z'],
    ]);
    expect(facts.every((f) => f.scanId === 2)).toBe(true);
    inv.close();
  });

  it('stores hostile device text bounded and intact, never as SQL', () => {
    const inv = openInventory();
    const evil = `'); DROP TABLE devices; --\u0000\u001b[31m${'x'.repeat(MAX_VALUE_LENGTH * 3)}`;
    const [device] = scan(inv, [macObs('10.0.0.5', CAMERA, '2026-03-01T10:00:00Z'), { ip: '10.0.0.5', kind: 'http.title', value: evil, port: 80, source: 'http', at: '2026-03-01T10:00:01Z' }]);
    const title = inv.devices.observations(device!).find((o) => o.kind === 'http.title')!;
    expect(title.value.length).toBeLessThanOrEqual(MAX_VALUE_LENGTH);
    expect(title.value.startsWith(`'); DROP TABLE devices; --\u0000\u001b[31m`)).toBe(true);
    expect(inv.devices.ids()).toEqual([device]);
    inv.close();
  });
});

describe('identity comes from what the network saw, not from what a device says', () => {
  const ARP_MAC = '58:50:ed:00:00:07';
  const OTHER = '00:1b:a9:00:00:50';
  const sadp = (ip: string, mac: string, at: string): Observation => ({ ip, mac, kind: 'sadp.reply', value: `<ProbeMatch><MAC>${mac}</MAC></ProbeMatch>`, source: 'sadp', at });

  it("a device whose SADP reply claims another device's MAC is not merged into that device; the mismatch is recorded", () => {
    const inv = openInventory();
    const devices = scan(inv, [
      macObs('10.0.0.50', OTHER, '2026-03-01T10:00:00Z'),
      macObs('10.0.0.7', ARP_MAC, '2026-03-01T10:00:01Z'),
      // Stamped after the listening window, so later than the ARP answers.
      sadp('10.0.0.7', OTHER, '2026-03-01T10:00:05Z'),
    ]);
    expect(devices).toHaveLength(2);

    const liar = inv.devices.find('10.0.0.7')!;
    expect(liar.mac).toBe(ARP_MAC);
    expect(liar.ipHistory.map((h) => h.ip)).toEqual(['10.0.0.7']);
    expect(liar.observations.filter((o) => o.kind === 'mac.mismatch').map((o) => [o.value, o.source])).toEqual([
      [`claims MAC ${OTHER}, network saw ${ARP_MAC}`, 'sadp'],
    ]);

    const other = inv.devices.find(OTHER)!;
    expect(other.ip).toBe('10.0.0.50');
    expect(other.ipHistory.map((h) => h.ip)).toEqual(['10.0.0.50']);
    expect(other.observations.map((o) => o.kind)).toEqual(['mac']);
    inv.close();
  });

  it('a claim that agrees with the network is no mismatch', () => {
    const inv = openInventory();
    scan(inv, [macObs('10.0.0.7', ARP_MAC, '2026-03-01T10:00:01Z'), sadp('10.0.0.7', ARP_MAC, '2026-03-01T10:00:05Z')]);
    expect(inv.devices.find('10.0.0.7')!.observations.map((o) => o.kind).sort()).toEqual(['mac', 'sadp.reply']);
    inv.close();
  });
});
