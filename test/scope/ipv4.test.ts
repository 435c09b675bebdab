import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cidrBlock,
  cidrHosts,
  formatIpv4,
  isLinkLocal,
  isLoopback,
  isNeverScannable,
  isRfc1918,
  netmaskPrefix,
  neverScannableBlock,
  parseIpv4,
  parseIpv4Detailed,
} from '../../src/scope/ipv4.js';

const ip = (text: string): number => {
  const n = parseIpv4(text);
  if (n === null) throw new Error(`test address ${text} does not parse`);
  return n;
};

describe('parseIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.1', 0x0a000001],
    ['192.168.1.254', 0xc0a801fe],
    ['255.255.255.255', 0xffffffff],
  ])('reads %s as an unsigned integer', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
  });

  it.each([
    ['', 'empty'],
    ['10.1', 'expected 4 octets separated by dots, found 2'],
    ['10.0.0', 'found 3'],
    ['1.2.3.4.5', 'found 5'],
    ['1.2.3.4.', 'found 5'],
    ['1..2.3', 'an octet is empty'],
    ['010.0.0.1', 'leading zero'],
    ['10.0.0.08', 'leading zero'],
    ['0x0a.0.0.1', 'not a decimal number'],
    ['10.0.0.256', 'octet 256 is out of range 0-255'],
    ['10.0.0.1000', 'octet 1000 is out of range 0-255'],
    ['10.0.0.-1', 'not a decimal number'],
    [' 10.0.0.1', 'not a decimal number'],
    ['167772161', 'found 1'],
  ])('refuses %j (%s)', (text, problem) => {
    expect(parseIpv4(text)).toBeNull();
    const detailed = parseIpv4Detailed(text);
    expect(detailed.ok).toBe(false);
    if (!detailed.ok) expect(detailed.problem).toContain(problem);
  });

  it('bounds how much of a hostile octet it echoes', () => {
    const detailed = parseIpv4Detailed(`1.2.3.${'9'.repeat(10_000)}`);
    expect(detailed.ok).toBe(false);
    if (!detailed.ok) expect(detailed.problem.length).toBeLessThan(80);
  });

  it('round-trips with formatIpv4 for every 32-bit value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        expect(parseIpv4(formatIpv4(n))).toBe(n);
      }),
    );
  });
});

describe('formatIpv4', () => {
  it('formats the extremes', () => {
    expect(formatIpv4(0)).toBe('0.0.0.0');
    expect(formatIpv4(0xffffffff)).toBe('255.255.255.255');
    expect(formatIpv4(0xc0a80101)).toBe('192.168.1.1');
  });

  it.each([-1, 2 ** 32, 1.5, Number.NaN])('rejects %s as a programming error', (n) => {
    expect(() => formatIpv4(n)).toThrow(RangeError);
  });
});

describe('address classes', () => {
  it.each([
    ['10.0.0.0', true],
    ['10.255.255.255', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.15.255.255', false],
    ['172.32.0.0', false],
    ['192.168.0.0', true],
    ['192.169.0.0', false],
    ['11.0.0.0', false],
  ])('isRfc1918(%s) is %s', (text, expected) => {
    expect(isRfc1918(ip(text))).toBe(expected);
  });

  it('knows link-local and loopback', () => {
    expect(isLinkLocal(ip('169.254.0.1'))).toBe(true);
    expect(isLinkLocal(ip('169.255.0.1'))).toBe(false);
    expect(isLoopback(ip('127.0.0.1'))).toBe(true);
    expect(isLoopback(ip('127.255.255.255'))).toBe(true);
    expect(isLoopback(ip('128.0.0.1'))).toBe(false);
  });

  it.each([
    ['0.0.0.0', 'this network'],
    ['0.255.255.255', 'this network'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
  ])('%s can never be scanned (%s)', (text, what) => {
    expect(isNeverScannable(ip(text))).toBe(true);
    expect(neverScannableBlock(ip(text))?.what).toContain(what);
  });

  it.each(['1.0.0.0', '8.8.8.8', '10.0.0.1', '223.255.255.255'])('%s is not in a never-scannable block', (text) => {
    expect(isNeverScannable(ip(text))).toBe(false);
  });
});

describe('CIDR helpers', () => {
  it('finds the block containing an address', () => {
    expect(cidrBlock(ip('10.0.0.77'), 24)).toEqual({ first: ip('10.0.0.0'), last: ip('10.0.0.255') });
    expect(cidrBlock(ip('200.1.2.3'), 0)).toEqual({ first: 0, last: 0xffffffff });
    expect(cidrBlock(ip('200.1.2.3'), 32)).toEqual({ first: ip('200.1.2.3'), last: ip('200.1.2.3') });
  });

  it('drops network and broadcast up to /30, keeps all of /31 and /32', () => {
    expect(cidrHosts(ip('10.0.0.0'), 30)).toEqual({ first: ip('10.0.0.1'), last: ip('10.0.0.2') });
    expect(cidrHosts(ip('10.0.0.0'), 31)).toEqual({ first: ip('10.0.0.0'), last: ip('10.0.0.1') });
    expect(cidrHosts(ip('10.0.0.9'), 32)).toEqual({ first: ip('10.0.0.9'), last: ip('10.0.0.9') });
  });

  it('reads contiguous netmasks only', () => {
    expect(netmaskPrefix('255.255.255.0')).toBe(24);
    expect(netmaskPrefix('255.255.240.0')).toBe(20);
    expect(netmaskPrefix('0.0.0.0')).toBe(0);
    expect(netmaskPrefix('255.255.255.255')).toBe(32);
    expect(netmaskPrefix('255.0.255.0')).toBeNull();
    expect(netmaskPrefix('ffff:ffff::')).toBeNull();
  });
});
