import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ipv6InterfacesInScope, ipv6Step } from '../../src/discovery/native/ipv6-step.js';
import type { Scope } from '../../src/scope/types.js';

const SCOPE: Scope = { ranges: [{ first: 0x0a4d0000, last: 0x0a4d00ff }], size: 256, labels: ['10.77.0.0/24'], excluded: [] };

function info(family: 'IPv4' | 'IPv6', address: string, netmask: string, scopeid?: number): NetworkInterfaceInfo {
  const base = { address, netmask, mac: '02:1a:b0:00:00:02', internal: false, cidr: null };
  return family === 'IPv4' ? { ...base, family } : { ...base, family, scopeid: scopeid ?? 0 };
}

const INTERFACES: NodeJS.Dict<NetworkInterfaceInfo[]> = {
  eth0: [info('IPv4', '10.77.0.2', '255.255.255.0'), info('IPv6', 'fe80::1a:b0ff:fe00:2', 'ffff:ffff:ffff:ffff::', 2), info('IPv6', 'fd77::2', 'ffff:ffff:ffff:ffff::')],
  wlan0: [info('IPv4', '192.168.1.5', '255.255.255.0'), info('IPv6', 'fd00::5', 'ffff:ffff:ffff:ffff::')],
  lo: [{ ...info('IPv4', '127.0.0.1', '255.0.0.0'), internal: true }],
};

// `ip -6 -j neigh show` after the echo: two hosts that answered, one of them also seen over IPv4.
const NEIGH = JSON.stringify([
  { dst: 'fe80::5a50:edff:fe00:7', dev: 'eth0', lladdr: '58:50:ed:00:00:07', state: ['STALE'] },
  { dst: 'fd77::7', dev: 'eth0', lladdr: '58:50:ed:00:00:07', state: ['STALE'] },
  { dst: 'fd77::99', dev: 'eth0', lladdr: 'bc:ad:28:00:00:99', state: ['STALE'] },
  { dst: 'fd00::8', dev: 'wlan0', lladdr: '58:50:ed:00:00:08', state: ['STALE'] },
]);

describe('the scan IPv6 step', () => {
  it('echoes on the interfaces whose IPv4 subnet is in scope, from their global addresses', () => {
    expect([...ipv6InterfacesInScope(SCOPE, INTERFACES)]).toEqual([['eth0', ['fd77::2']]]);
  });

  it('gives each IPv4 host found its IPv6 addresses (same MAC) and nothing about hosts seen over IPv6 only', async () => {
    const calls: string[][] = [];
    const step = ipv6Step(SCOPE, {
      interfaces: INTERFACES,
      now: () => new Date('2026-12-05T03:00:00Z'),
      run: async (file, args) => {
        calls.push([file, ...args]);
        return file === 'ip' ? NEIGH : '';
      },
    })!;
    const found = new Map([['10.77.0.7', '58:50:ed:00:00:07'], ['10.77.0.8', '58:50:ed:00:00:08']]);
    const facts = await step(new AbortController().signal)(found);
    expect(facts).toEqual([
      { ip: '10.77.0.7', kind: 'ipv6', value: 'fd77::7', source: 'neigh6', at: '2026-12-05T03:00:00.000Z' },
      { ip: '10.77.0.7', kind: 'ipv6', value: 'fe80::5a50:edff:fe00:7', source: 'neigh6', at: '2026-12-05T03:00:00.000Z' },
    ]);
    // All nodes on eth0 only, from its link-local and its global address; never on wlan0.
    expect(calls.filter(([file]) => file === 'ping').map((c) => c.slice(-3).join(' '))).toEqual(['-w 2 ff02::1%eth0', '-I fd77::2 ff02::1%eth0']);
  });

  it('is no step when no interface is on a subnet in scope (routed targets only)', () => {
    expect(ipv6Step({ ...SCOPE, ranges: [{ first: 0x0a4e0100, last: 0x0a4e01ff }] }, { interfaces: INTERFACES })).toBeUndefined();
  });
});
