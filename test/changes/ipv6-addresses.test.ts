/**
 * Issue #12, IPv6: a host's IPv6 addresses (its `ipv6` facts, joined by MAC) join its address
 * history, and only that: the device is still one device at its IPv4 address, and change tracking
 * (which counts presence in the IPv4 ranges scanned) sees no change when only IPv6 addresses move.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { toReportDevice } from '../../src/report/report-device.js';
import { device, eventLines, fact, scanAndTrack, testClock } from './helpers.js';

const MAC = '58:50:ed:00:00:07';

const opened: Inventory[] = [];
afterEach(() => opened.splice(0).forEach((inv) => inv.close()));

function open(): Inventory {
  const inv = Inventory.open(':memory:');
  opened.push(inv);
  return inv;
}

describe('IPv6 addresses of a device', () => {
  it('are in its address history beside its IPv4 one, on the same device', async () => {
    const inv = open();
    const clock = testClock();
    await scanAndTrack(inv, ['10.0.0.0/24'], device('10.0.0.7', MAC, clock.iso(), [fact('ipv6', 'fe80::5a50:edff:fe00:7'), fact('ipv6', '2001:db8::7')]));
    const found = inv.devices.find('10.0.0.7')!;
    expect(found.ip).toBe('10.0.0.7');
    expect(found.ipHistory.map((h) => h.ip).sort()).toEqual(['10.0.0.7', '2001:db8::7', 'fe80::5a50:edff:fe00:7']);
    expect(inv.devices.find(MAC)!.id).toBe(found.id);
  });

  it('moving changes nothing change tracking reports, and never moves the device off its IPv4 address', async () => {
    const inv = open();
    const clock = testClock();
    await scanAndTrack(inv, ['10.0.0.0/24'], device('10.0.0.7', MAC, clock.iso(), [fact('ipv6', '2001:db8::7')]));
    clock.advance();
    const { scanId } = await scanAndTrack(inv, ['10.0.0.0/24'], device('10.0.0.7', MAC, clock.iso(), [fact('ipv6', '2001:db8::8')]));
    expect(eventLines(inv, scanId)).toEqual([]);
    const found = inv.devices.find('10.0.0.7')!;
    expect(found.ip).toBe('10.0.0.7');
    expect(found.ipHistory.map((h) => h.ip).sort()).toEqual(['10.0.0.7', '2001:db8::7', '2001:db8::8']);
  });

  it('keeps text that is no IPv6 address out of the history (an imported fact may hold anything)', async () => {
    const inv = open();
    const clock = testClock();
    await scanAndTrack(inv, ['10.0.0.0/24'], device('10.0.0.7', MAC, clock.iso(), [fact('ipv6', '<b>x</b>:'), fact('ipv6', 'not an address'), fact('ipv6', '2001:db8::7')]));
    expect(inv.devices.find('10.0.0.7')!.ipHistory.map((h) => h.ip).sort()).toEqual(['10.0.0.7', '2001:db8::7']);
  });

  it('are listed with the device, latest first (devices --json, the JSON report); an IPv4-only device has none', async () => {
    const inv = open();
    const clock = testClock();
    await scanAndTrack(inv, ['10.0.0.0/24'], [...device('10.0.0.7', MAC, clock.iso(), [fact('ipv6', '2001:db8::7')]), ...device('10.0.0.9', '3c:2a:f4:00:00:09', clock.iso())]);
    clock.advance();
    await scanAndTrack(inv, ['10.0.0.0/24'], [...device('10.0.0.7', MAC, clock.iso(), [fact('ipv6', '2001:db8::8')]), ...device('10.0.0.9', '3c:2a:f4:00:00:09', clock.iso())]);
    const listed = [...inv.listing.records({}, 'address')].map(toReportDevice);
    expect(listed.map((d) => [d.ip, d.ipv6])).toEqual([
      ['10.0.0.7', ['2001:db8::8', '2001:db8::7']],
      ['10.0.0.9', undefined],
    ]);
    expect('ipv6' in listed[1]!).toBe(false);
  });
});
