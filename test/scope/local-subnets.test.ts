import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../src/scope/ipv4.js';
import { localSubnets } from '../../src/scope/local-subnets.js';
import { typicalHost, v4, v6 } from './interface-table.js';

const ip = (text: string): number => {
  const n = parseIpv4(text);
  if (n === null) throw new Error(`test address ${text} does not parse`);
  return n;
};
const defaults = { linkLocal: false, maxHosts: 65_536 };

describe('localSubnets', () => {
  it('chooses the LAN and says why each other interface was skipped', () => {
    const { subnets, notes } = localSubnets(typicalHost(), defaults);
    expect(subnets).toEqual([
      {
        range: { first: ip('192.168.1.1'), last: ip('192.168.1.254') },
        cidr: '192.168.1.0/24',
        interfaceName: 'eth0',
        label: '192.168.1.0/24 (eth0)',
      },
    ]);
    expect(notes).toEqual([
      'lo: skipped (loopback)',
      'eth0: chose 192.168.1.0/24 (254 addresses)',
      'docker0: skipped 172.17.0.0/16 (Docker bridge; give it as a target to scan it)',
      'br-3f2a9c: skipped 172.18.0.0/16 (Docker user-defined bridge; give it as a target to scan it)',
      'veth12ab: skipped (no IPv4 address)',
    ]);
  });

  it.each([
    ['virbr0', '192.168.122.1', 'libvirt bridge'],
    ['vnet3', '192.168.122.50', 'libvirt VM tap'],
    ['lxcbr0', '10.0.3.1', 'LXC bridge'],
    ['lxdbr0', '10.10.10.1', 'LXD bridge'],
    ['cni0', '10.244.0.1', 'Kubernetes CNI bridge'],
    ['flannel.1', '10.244.0.0', 'Flannel overlay'],
    ['cali1234', '10.1.1.1', 'Calico'],
    ['weave', '10.32.0.1', 'Weave'],
    ['podman0', '10.88.0.1', 'Podman'],
    ['tailscale0', '10.64.0.5', 'Tailscale'],
    ['zt7nnig26', '10.147.17.3', 'ZeroTier'],
    ['wg0', '10.8.0.2', 'WireGuard'],
    ['tun0', '10.9.0.2', 'tunnel'],
  ])('skips virtual interface %s by name', (name, address, what) => {
    const { subnets, notes } = localSubnets({ [name]: [v4(address, '255.255.255.0')] }, defaults);
    expect(subnets).toEqual([]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(`${name}: skipped`);
    expect(notes[0]).toContain(what);
  });

  it('does not mistake a LAN bridge like br0 for a Docker one', () => {
    const { subnets } = localSubnets({ br0: [v4('10.1.2.3', '255.255.255.0')] }, defaults);
    expect(subnets.map((s) => s.label)).toEqual(['10.1.2.0/24 (br0)']);
  });

  it('skips a public address and says how to scan it anyway', () => {
    const { subnets, notes } = localSubnets({ eth0: [v4('203.0.113.7', '255.255.255.0')] }, defaults);
    expect(subnets).toEqual([]);
    expect(notes).toEqual([
      'eth0: skipped 203.0.113.0/24 (not a private subnet; give it as a target with --allow-public if you may scan it)',
    ]);
  });

  it('skips a subnet that only partly overlaps private space', () => {
    // 172.0.0.0/8 contains 172.16/12 but is mostly public.
    const { subnets } = localSubnets({ eth0: [v4('172.16.0.5', '255.0.0.0')] }, { ...defaults, maxHosts: 2 ** 32 });
    expect(subnets).toEqual([]);
  });

  it('takes link-local only when asked', () => {
    const table = { eth1: [v4('169.254.10.20', '255.255.0.0')] };
    const without = localSubnets(table, defaults);
    expect(without.subnets).toEqual([]);
    expect(without.notes).toEqual(['eth1: skipped 169.254.0.0/16 (link-local; add --link-local to include it)']);

    const withIt = localSubnets(table, { ...defaults, linkLocal: true });
    expect(withIt.subnets.map((s) => s.label)).toEqual(['169.254.0.0/16 (eth1)']);
    expect(withIt.notes).toEqual(['eth1: chose 169.254.0.0/16 (65,534 addresses)']);
  });

  it('skips a private /8 bigger than maxHosts, saying how big it is', () => {
    const { subnets, notes } = localSubnets(
      { eth0: [v4('192.168.1.23', '255.255.255.0')], eth1: [v4('10.20.30.40', '255.0.0.0')] },
      defaults,
    );
    expect(subnets.map((s) => s.label)).toEqual(['192.168.1.0/24 (eth0)']);
    expect(notes).toContain(
      'eth1: skipped 10.0.0.0/8 (16,777,214 addresses, more than the limit of 65,536; give a narrower target, or raise --max-hosts)',
    );
  });

  it('chooses each subnet once, even when two interfaces or addresses share it', () => {
    const { subnets, notes } = localSubnets(
      {
        eth0: [v4('192.168.1.23', '255.255.255.0'), v4('192.168.1.24', '255.255.255.0'), v4('10.5.0.1', '255.255.0.0')],
        wlan0: [v4('192.168.1.99', '255.255.255.0')],
      },
      defaults,
    );
    expect(subnets.map((s) => s.label)).toEqual(['192.168.1.0/24 (eth0)', '10.5.0.0/16 (eth0)']);
    expect(notes).toContain('eth0: skipped 192.168.1.0/24 (already chosen on eth0)');
    expect(notes).toContain('wlan0: skipped 192.168.1.0/24 (already chosen on eth0)');
  });

  it('skips /32 addresses, non-internal loopback addresses and nonsense masks', () => {
    const { subnets, notes } = localSubnets(
      {
        ppp0: [v4('10.64.1.2', '255.255.255.255')],
        dummy0: [v4('127.0.0.2', '255.0.0.0')],
        odd0: [v4('10.0.0.1', '255.0.255.0')],
      },
      defaults,
    );
    expect(subnets).toEqual([]);
    expect(notes).toEqual([
      'ppp0: skipped 10.64.1.2/32 (a /32 has no other hosts)',
      'dummy0: skipped 127.0.0.0/8 (loopback)',
      'odd0: skipped 10.0.0.1 netmask 255.0.255.0 (not a usable IPv4 address and netmask)',
    ]);
  });

  it('keeps both addresses of a /31 link', () => {
    const { subnets } = localSubnets({ eth0: [v4('10.0.0.0', '255.255.255.254')] }, defaults);
    expect(subnets[0]?.range).toEqual({ first: ip('10.0.0.0'), last: ip('10.0.0.1') });
  });

  it('returns nothing for an empty table or an interface with no addresses listed', () => {
    expect(localSubnets({}, defaults)).toEqual({ subnets: [], notes: [] });
    expect(localSubnets({ eth0: undefined, eth1: [v6('fe80::5')] }, defaults).notes).toEqual([
      'eth0: skipped (no IPv4 address)',
      'eth1: skipped (no IPv4 address)',
    ]);
  });
});
