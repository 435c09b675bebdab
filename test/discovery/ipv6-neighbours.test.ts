import { describe, expect, it } from 'vitest';
import { allNodesEchoes, echoAllNodes, ipv6ByIpv4, parseIpv6Neigh, readIpv6Neighbours } from '../../src/discovery/native/ipv6-neighbours.js';

// The shape `ip -6 -j neigh show` prints (iproute2 6.x).
const NEIGH = JSON.stringify([
  { dst: 'fe80::5a50:edff:fe1f:e385', dev: 'eth0', lladdr: '58:50:ed:1f:e3:85', state: ['STALE'] },
  { dst: '2001:db8:77::21', dev: 'eth0', lladdr: '58:50:ed:1f:e3:85', router: null, state: ['REACHABLE'] },
  { dst: 'fe80::1', dev: 'eth0', state: ['FAILED'] },
  { dst: 'fe80::2', dev: 'eth0', lladdr: '00:00:00:00:00:00', state: ['STALE'] },
  { dst: 'ff02::16', dev: 'eth0', lladdr: '33:33:00:00:00:16', state: ['NOARP'] },
  { dst: 'fe80::e250:8bff:fe6a:3c1', dev: 'wg0', lladdr: 'e0:50:8b:6a:03:c1', state: ['STALE'] },
  { dst: '10.77.0.21', dev: 'eth0', lladdr: '58:50:ed:1f:e3:85', state: ['STALE'] },
]);

describe('IPv6 neighbours', () => {
  it('reads the resolved IPv6 entries only', () => {
    expect(parseIpv6Neigh(NEIGH)).toEqual([
      { ip: 'fe80::5a50:edff:fe1f:e385', mac: '58:50:ed:1f:e3:85', dev: 'eth0' },
      { ip: '2001:db8:77::21', mac: '58:50:ed:1f:e3:85', dev: 'eth0' },
      { ip: 'fe80::e250:8bff:fe6a:3c1', mac: 'e0:50:8b:6a:03:c1', dev: 'wg0' },
    ]);
    expect(() => parseIpv6Neigh('{}')).toThrow(/JSON array/);
  });

  it('makes a host seen in both families one device, by MAC', () => {
    const v6 = parseIpv6Neigh(NEIGH);
    const joined = ipv6ByIpv4([{ ip: '10.77.0.21', mac: '58:50:ed:1f:e3:85' }, { ip: '10.77.0.22', mac: 'bc:ad:28:00:00:22' }], v6);
    expect([...joined]).toEqual([['10.77.0.21', ['2001:db8:77::21', 'fe80::5a50:edff:fe1f:e385']]]);
  });

  it('echoes all nodes from the link-local address and from each global one, then reads only the interfaces in scope', async () => {
    expect(allNodesEchoes('eth0', ['2001:db8:77::2'])).toEqual([
      ['-6', '-n', '-c', '2', '-i', '0.5', '-w', '2', 'ff02::1%eth0'],
      ['-6', '-n', '-c', '2', '-i', '0.5', '-w', '2', '-I', '2001:db8:77::2', 'ff02::1%eth0'],
    ]);
    const calls: string[] = [];
    const run = async (file: string, args: readonly string[]) => {
      calls.push(`${file} ${args.join(' ')}`);
      if (file === 'ping') throw new Error('network unreachable');
      return NEIGH;
    };
    await echoAllNodes(new Map([['eth0', []]]), run);
    const found = await readIpv6Neighbours(new Map([['eth0', []]]), run);
    expect(calls).toEqual(['ping -6 -n -c 2 -i 0.5 -w 2 ff02::1%eth0', 'ip -6 -j neigh show']);
    expect(found.map((n) => n.ip)).toEqual(['fe80::5a50:edff:fe1f:e385', '2001:db8:77::21']);
  });
});
