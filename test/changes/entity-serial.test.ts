/**
 * A serial number a device states about itself keeps its identity across a MAC change, whatever
 * voice states it: UPnP's serialNumber, or the ENTITY-MIB chassis row (or the maker's own SNMP
 * object) the SNMP probe reads. A switch whose management MAC changes (a replaced supervisor, a
 * re-addressed VLAN interface) and whose name changed too is the same switch when its chassis
 * serial is the same.
 */
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { addFact, emptyFacts } from '../../src/changes/device-facts.js';
import { device, eventLines, fact, scanAndTrack, tempDbPath, testClock, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
const LAN = ['10.0.0.0/24'];
/** Locally administered: a MAC the OUI says nothing of, so only the device's own words link it. */
const MAC_A = '02:1e:58:00:00:0a';
const MAC_B = '02:1e:58:00:00:0b';
/** The chassis serial LibreNMS recorded of a Huawei S5720 (librenms/librenms@19d6d148 tests/snmpsim/vrp_5720.snmprec). */
const SERIAL = '2102359576DMHC000120';
const entity = (kind: 'snmp.entity.serial' | 'snmp.entity.model', value: string) => ({ kind, value, source: 'snmp', port: 161 });

describe('ENTITY-MIB serial as a device identity key', () => {
  it('is a serial key of the device, as a UPnP serial is', () => {
    const facts = emptyFacts();
    addFact(facts, { ip: '10.0.0.70', ...entity('snmp.entity.serial', SERIAL), at: '2026-03-01T10:00:00.000Z' });
    expect([...facts.keys]).toContain(`serial:${SERIAL.toLowerCase()}`);
  });

  it('a switch whose MAC and name change keeps its identity by its chassis serial: one device, a MAC change, no new or gone', async () => {
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    await scanAndTrack(inv, LAN, device('10.0.0.70', MAC_A, clock.iso(), [entity('snmp.entity.serial', SERIAL), fact('hostname', 'sw-old')]), { now: clock.now });
    const id = inv.devices.find(MAC_A)!.id;
    clock.advance();
    const { scanId } = await scanAndTrack(inv, LAN, device('10.0.0.70', MAC_B, clock.iso(), [entity('snmp.entity.serial', SERIAL), fact('hostname', 'sw-new')]), { now: clock.now });
    expect(eventLines(inv, scanId)).toEqual([`changed 10.0.0.70 mac ${MAC_A}→${MAC_B}`, 'changed 10.0.0.70 hostname sw-old→sw-new']);
    expect(inv.devices.find(MAC_B)!.id).toBe(id);
    inv.close();
  });

  it('two switches of one model are not one device: a model is no identity', async () => {
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    await scanAndTrack(inv, LAN, device('10.0.0.70', MAC_A, clock.iso(), [entity('snmp.entity.model', 'S5720-56C-PWR-EI-AC')]), { now: clock.now });
    clock.advance();
    const { scanId } = await scanAndTrack(inv, LAN, device('10.0.0.70', MAC_B, clock.iso(), [entity('snmp.entity.model', 'S5720-56C-PWR-EI-AC')]), { now: clock.now });
    expect(eventLines(inv, scanId)).toEqual(['new 10.0.0.70', 'gone 10.0.0.70']);
    inv.close();
  });
});
