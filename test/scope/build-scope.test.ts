import { describe, expect, it } from 'vitest';
import { buildScope, DEFAULT_MAX_HOSTS } from '../../src/scope/build-scope.js';
import { parseIpv4 } from '../../src/scope/ipv4.js';
import { scopeAddresses, scopeContains } from '../../src/scope/range-set.js';
import type { ScopeRequest } from '../../src/scope/types.js';
import { UsageError } from '../../src/util/errors.js';
import { typicalHost, v4 } from './interface-table.js';

const ip = (text: string): number => {
  const n = parseIpv4(text);
  if (n === null) throw new Error(`test address ${text} does not parse`);
  return n;
};
const r = (first: string, last: string) => ({ first: ip(first), last: ip(last) });

/** Requests never read this machine's interfaces: an empty table unless a test gives one. */
function request(partial: Partial<ScopeRequest>): ScopeRequest {
  return { targets: [], exclude: [], interfaces: {}, ...partial };
}

function refusal(req: Partial<ScopeRequest>): string {
  try {
    buildScope(request(req));
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected the request to be refused');
}

describe('buildScope with targets', () => {
  it('builds a scope from a CIDR and records what was asked', () => {
    const { scope, notes } = buildScope(request({ targets: ['10.0.0.0/24'] }));
    expect(scope).toEqual({ ranges: [r('10.0.0.1', '10.0.0.254')], size: 254, labels: ['10.0.0.0/24'], excluded: [] });
    expect(notes).toEqual([]);
  });

  it('accepts every target form together, merging overlaps', () => {
    const { scope } = buildScope(
      request({ targets: ['10.0.0.0/24', '10.0.0.200-10.0.1.5', '10.0.1.3-9', '192.168.5.5', '127.0.0.1'] }),
    );
    expect(scope.ranges).toEqual([r('10.0.0.1', '10.0.1.9'), r('127.0.0.1', '127.0.0.1'), r('192.168.5.5', '192.168.5.5')]);
    // 10.0.0.1-254 from the CIDR, .255 from the range bridging into 10.0.1.0-9, then two single addresses.
    expect(scope.size).toBe(254 + 1 + 10 + 1 + 1);
    expect(scope.labels).toEqual(['10.0.0.0/24', '10.0.0.200-10.0.1.5', '10.0.1.3-9', '192.168.5.5', '127.0.0.1']);
  });

  it('counts a duplicated target once', () => {
    const { scope } = buildScope(request({ targets: ['10.0.0.0/24', '10.0.0.0/24'] }));
    expect(scope.size).toBe(254);
  });

  it('notes a CIDR with host bits set', () => {
    const { scope, notes } = buildScope(request({ targets: ['192.168.1.77/24'] }));
    expect(scope.labels).toEqual(['192.168.1.77/24']);
    expect(scope.size).toBe(254);
    expect(notes).toEqual(['192.168.1.77/24 has host bits set; it means 192.168.1.0/24']);
  });

  it('excludes a middle range', () => {
    const { scope, notes } = buildScope(request({ targets: ['10.0.0.0/24'], exclude: ['10.0.0.100-199', ' 10.0.0.7 '] }));
    expect(scope.ranges).toEqual([r('10.0.0.1', '10.0.0.6'), r('10.0.0.8', '10.0.0.99'), r('10.0.0.200', '10.0.0.254')]);
    expect(scope.size).toBe(254 - 100 - 1);
    expect(scope.excluded).toEqual(['10.0.0.100-199', '10.0.0.7']);
    expect(notes).toEqual(['exclusions removed 101 addresses']);
    expect(scopeContains(scope, '10.0.0.150')).toBe(false);
    expect(scopeContains(scope, '10.0.0.99')).toBe(true);
  });

  it('ignores exclusions outside the targets', () => {
    const { scope, notes } = buildScope(request({ targets: ['10.0.0.1-10'], exclude: ['8.8.8.8', '224.0.0.0/4'] }));
    expect(scope.size).toBe(10);
    expect(notes).toEqual([]);
  });

  it('refuses when exclusions remove everything, naming both', () => {
    expect(refusal({ targets: ['10.0.0.0/24'], exclude: ['10.0.0.0/16'] })).toBe(
      'nothing to scan: the exclusions (10.0.0.0/16) cover every address of 10.0.0.0/24',
    );
  });

  it('enforces the default limit of 65,536 addresses', () => {
    expect(DEFAULT_MAX_HOSTS).toBe(65_536);
    expect(buildScope(request({ targets: ['10.0.0.0-10.0.255.255'] })).scope.size).toBe(65_536);
    expect(refusal({ targets: ['10.0.0.0-10.1.0.0'] })).toBe(
      'refusing to scan 65,537 addresses, more than the limit of 65,536; narrow the targets, --exclude some, or raise --max-hosts',
    );
    expect(refusal({ targets: ['10.0.0.0/8'] })).toContain('refusing to scan 16,777,214 addresses');
  });

  it('applies the limit after exclusions and across targets', () => {
    // 10.0.0.1-10.1.255.254 less all of 10.1.0.0/16: an excluded CIDR takes its network and broadcast addresses too.
    const { scope } = buildScope(request({ targets: ['10.0.0.0/15'], exclude: ['10.1.0.0/16'] }));
    expect(scope.ranges).toEqual([r('10.0.0.1', '10.0.255.255')]);
    expect(scope.size).toBe(65_535);
    expect(refusal({ targets: ['10.0.0.0/16', '10.1.0.0/24'] })).toContain('refusing to scan 65,788 addresses');
  });

  it('lets the user raise or lower the limit', () => {
    expect(buildScope(request({ targets: ['10.0.0.0/8'], maxHosts: 16_777_214 })).scope.size).toBe(16_777_214);
    expect(refusal({ targets: ['10.0.0.0/24'], maxHosts: 100 })).toContain('more than the limit of 100');
  });

  it.each([0, -5, 1.5, Number.NaN])('refuses a max-hosts of %s', (maxHosts) => {
    expect(refusal({ targets: ['10.0.0.1'], maxHosts })).toMatch(/^invalid --max-hosts .*: it must be a whole number of at least 1$/);
  });

  it('refuses public addresses and says which target and how to override', () => {
    expect(refusal({ targets: ['10.0.0.0/24', '8.8.8.8'] })).toBe(
      'refusing target "8.8.8.8": it includes public addresses (8.8.8.8), outside RFC 1918, link-local and loopback; ' +
        'scan them only if you are authorised to, and then pass --allow-public',
    );
    expect(refusal({ targets: ['192.168.0.0/15'], maxHosts: 2 ** 32 })).toContain(
      'refusing target "192.168.0.0/15": it includes public addresses (192.169.0.0-192.169.255.254)',
    );
  });

  it('scans public addresses with allowPublic', () => {
    const { scope } = buildScope(request({ targets: ['203.0.113.0/28'], allowPublic: true }));
    expect(scope.size).toBe(14);
  });

  it('accepts a target whose public part is excluded', () => {
    const { scope } = buildScope(request({ targets: ['192.167.255.250-192.168.0.5'], exclude: ['192.167.255.0/24'] }));
    expect(scope.ranges).toEqual([r('192.168.0.0', '192.168.0.5')]);
  });

  it.each([
    ['224.0.0.251', '224.0.0.251, multicast space (224.0.0.0/4)'],
    ['239.255.255.250', '239.255.255.250, multicast space (224.0.0.0/4)'],
    ['255.255.255.255', '255.255.255.255, reserved, including broadcast 255.255.255.255 space (240.0.0.0/4)'],
    ['240.0.0.0/8', '240.0.0.1-240.255.255.254, reserved'],
    ['0.0.0.0', '0.0.0.0, "this network" space (0.0.0.0/8)'],
    ['223.255.255.0-224.0.0.5', '224.0.0.0-224.0.0.5, multicast'],
  ])('always refuses never-scannable %s, even with allowPublic', (target, what) => {
    const message = refusal({ targets: [target], allowPublic: true, maxHosts: 2 ** 32 });
    expect(message).toContain(`refusing target "${target}": it includes ${what}`);
    expect(message).toContain('which is never scanned; narrow the target or --exclude those addresses');
  });

  it('checks never-scannable space before size, so 0.0.0.0/0 says why it is wrong', () => {
    expect(refusal({ targets: ['0.0.0.0/0'], allowPublic: true })).toContain('"this network" space');
  });

  it('refuses malformed targets and exclusions with the parser message', () => {
    expect(refusal({ targets: ['10.0.0.300/24'] })).toBe('invalid target "10.0.0.300/24": octet 300 is out of range 0-255');
    expect(refusal({ targets: ['10.0.0.0/24'], exclude: ['10.0.0.1/33'] })).toBe(
      'invalid exclusion "10.0.0.1/33": prefix length "33" is not a whole number 0-32',
    );
  });
});

describe('buildScope with no targets', () => {
  it('scans the attached private subnet and explains the choice', () => {
    const { scope, notes } = buildScope(request({ interfaces: typicalHost() }));
    expect(scope.labels).toEqual(['192.168.1.0/24 (eth0)']);
    expect(scope.ranges).toEqual([r('192.168.1.1', '192.168.1.254')]);
    expect(notes).toContain('eth0: chose 192.168.1.0/24 (254 addresses)');
    expect(notes).toContain('docker0: skipped 172.17.0.0/16 (Docker bridge; give it as a target to scan it)');
  });

  it('applies exclusions to interface subnets', () => {
    const { scope, notes } = buildScope(request({ interfaces: typicalHost(), exclude: ['192.168.1.1'] }));
    expect(scope.size).toBe(253);
    expect(notes).toContain('exclusions removed 1 address');
  });

  it('includes link-local only with linkLocal', () => {
    const interfaces = { eth0: [v4('10.1.1.5', '255.255.255.0')], eth1: [v4('169.254.3.4', '255.255.0.0')] };
    expect(buildScope(request({ interfaces })).scope.labels).toEqual(['10.1.1.0/24 (eth0)']);
    const both = buildScope(request({ interfaces, linkLocal: true, maxHosts: 70_000 })).scope;
    expect(both.labels).toEqual(['10.1.1.0/24 (eth0)', '169.254.0.0/16 (eth1)']);
    expect(both.size).toBe(254 + 65_534);
  });

  it('refuses when the chosen subnets together exceed the limit', () => {
    const interfaces = { eth0: [v4('10.1.0.5', '255.255.0.0')], eth1: [v4('10.2.0.5', '255.255.0.0')] };
    expect(refusal({ interfaces })).toContain('refusing to scan 131,068 addresses');
  });

  it('refuses when no interface is suitable, listing why each was skipped', () => {
    const message = refusal({
      interfaces: {
        lo: [v4('127.0.0.1', '255.0.0.0', true)],
        docker0: [v4('172.17.0.1', '255.255.0.0')],
        eth0: [v4('203.0.113.7', '255.255.255.0')],
        eth1: [v4('10.20.30.40', '255.0.0.0')],
      },
    });
    expect(message).toMatch(/^nothing to scan: no target was given and no attached interface has a suitable private subnet/);
    expect(message).toContain('lo: skipped (loopback)');
    expect(message).toContain('docker0: skipped 172.17.0.0/16 (Docker bridge');
    expect(message).toContain('eth0: skipped 203.0.113.0/24 (not a private subnet');
    expect(message).toContain('eth1: skipped 10.0.0.0/8 (16,777,214 addresses, more than the limit of 65,536');
    expect(message).toMatch(/give a target such as 192\.168\.1\.0\/24$/);
  });

  it('refuses on a host with no interfaces at all', () => {
    expect(refusal({ interfaces: {} })).toContain('(no network interfaces found)');
  });

  it('refuses when exclusions remove the whole chosen subnet', () => {
    expect(refusal({ interfaces: typicalHost(), exclude: ['192.168.1.0/24'] })).toBe(
      'nothing to scan: the exclusions (192.168.1.0/24) cover every address of 192.168.1.0/24 (eth0)',
    );
  });
});

describe('the scope a scan receives', () => {
  it('iterates exactly the addresses it contains', () => {
    const { scope } = buildScope(request({ targets: ['10.0.0.1-5', '10.0.0.4-8'], exclude: ['10.0.0.6'] }));
    const addresses = [...scopeAddresses(scope)];
    expect(addresses).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.7', '10.0.0.8'].map(ip));
    expect(addresses.length).toBe(scope.size);
  });
});
