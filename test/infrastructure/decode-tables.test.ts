import { describe, expect, it } from 'vitest';
import {
  decodeDot1dFdb, decodeDot1qFdb, decodeIpNetToMedia, decodeIpNetToPhysical, decodeLldpRemote, decodeTextColumn,
} from '../../src/infrastructure/decode-tables.js';
import type { Cell } from '../../src/infrastructure/mib.js';

const mac = (hex: string) => Buffer.from(hex.replace(/:/g, ''), 'hex');
const octets = (text: string) => Buffer.from(text);
const str = (index: number[], value: Buffer): Cell => ({ index, type: 4, value });
const int = (index: number[], value: number): Cell => ({ index, type: 2, value });

describe('ARP tables', () => {
  it('reads ipNetToPhysicalTable indexes for IPv4 and IPv6, skipping invalid and incomplete entries', () => {
    const v6 = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55];
    const { rows, rejected } = decodeIpNetToPhysical(
      [
        str([3, 1, 4, 10, 78, 1, 20], mac('bc:ad:28:4f:19:3c')),
        str([3, 2, 16, ...v6], mac('02:11:22:33:44:55')),
        str([3, 1, 4, 10, 78, 1, 21], Buffer.alloc(0)), // incomplete: no address yet
        str([3, 1, 4, 10, 78, 1, 22], mac('e0:50:8b:6a:03:c1')), // invalid per its type
      ],
      [int([3, 1, 4, 10, 78, 1, 22], 2), int([3, 1, 4, 10, 78, 1, 20], 3)],
    );
    expect(rows).toEqual([
      { ifIndex: 3, ip: '10.78.1.20', family: 4, mac: 'bc:ad:28:4f:19:3c' },
      { ifIndex: 3, ip: 'fe80:0:0:0:211:22ff:fe33:4455', family: 6, mac: '02:11:22:33:44:55' },
    ]);
    expect(rejected).toBe(0);
  });

  it('rejects indexes whose length does not match and values that are not 6-byte MACs', () => {
    const { rows, rejected } = decodeIpNetToPhysical([
      str([3, 1, 4, 10, 78, 1], mac('bc:ad:28:4f:19:3c')), // 3 address octets for length 4
      str([3, 1, 4, 10, 78, 1, 300], mac('bc:ad:28:4f:19:3c')), // an octet > 255
      { index: [3, 1, 4, 10, 78, 1, 5], type: 2, value: 7 }, // an integer where a MAC belongs
      str([3, 1, 4, 10, 78, 1, 6], Buffer.from('not-a-mac')),
    ]);
    expect(rows).toEqual([]);
    expect(rejected).toBe(4);
  });

  it('reads the older ipNetToMediaTable (ifIndex.a.b.c.d)', () => {
    const { rows } = decodeIpNetToMedia([str([2, 10, 78, 1, 30], mac('b0:7b:25:18:4e:90')), str([2, 10, 78, 1, 31], mac('00:00:00:00:00:00'))]);
    expect(rows).toEqual([{ ifIndex: 2, ip: '10.78.1.30', family: 4, mac: 'b0:7b:25:18:4e:90' }]);
  });
});

describe('forwarding tables', () => {
  it('BRIDGE-MIB: the index is the MAC; self and port-0 entries are not hosts', () => {
    const { rows } = decodeDot1dFdb(
      [int([0xbc, 0xad, 0x28, 0x4f, 0x19, 0x3c], 5), int([0x02, 0, 0, 0, 0, 1], 0), int([0x70, 0x7b, 0xe8, 0x2c, 0x55, 0x01], 1)],
      [int([0x70, 0x7b, 0xe8, 0x2c, 0x55, 0x01], 4)],
    );
    expect(rows).toEqual([{ mac: 'bc:ad:28:4f:19:3c', port: 5, vlan: null }]);
  });

  it('Q-BRIDGE: index fdbId.MAC; the VLAN from dot1qVlanFdbId, else the fdbId', () => {
    const { rows, rejected } = decodeDot1qFdb(
      [int([1, 0xbc, 0xad, 0x28, 0x4f, 0x19, 0x3c], 5), int([30, 0xe0, 0x50, 0x8b, 0x6a, 0x03, 0xc1], 7), int([2, 1, 2, 3], 7)],
      [],
      [int([0, 20], 1)], // VLAN 20 learns into filtering database 1
    );
    expect(rows).toEqual([
      { mac: 'bc:ad:28:4f:19:3c', port: 5, vlan: 20 },
      { mac: 'e0:50:8b:6a:03:c1', port: 7, vlan: 30 },
    ]);
    expect(rejected).toBe(1);
  });

  it('skips a port number of the wrong type instead of failing the table', () => {
    const { rows, rejected } = decodeDot1qFdb([str([20, 1, 2, 3, 4, 5, 6], octets('7')), int([20, 0xbc, 0xad, 0x28, 0, 0, 1], 3)]);
    expect(rows).toEqual([{ mac: 'bc:ad:28:00:00:01', port: 3, vlan: 20 }]);
    expect(rejected).toBe(1);
  });
});

describe('LLDP and interface names', () => {
  it('a bridge or router neighbour is infrastructure; a phone announcing bridge+telephone is not', () => {
    const { rows } = decodeLldpRemote(
      [str([0, 24, 1], octets('access-sw-2')), str([0, 3, 1], octets('SEP001122334455'))],
      [str([0, 24, 1], mac('02:1a:b0:10:00:02'))],
      [str([0, 24, 1], Buffer.from([0x20, 0])), str([0, 3, 1], Buffer.from([0x24, 0]))],
    );
    expect(rows).toEqual([
      { localPort: 24, name: 'access-sw-2', chassis: '02:1a:b0:10:00:02', infrastructure: true },
      { localPort: 3, name: 'SEP001122334455', chassis: '', infrastructure: false },
    ]);
  });

  it('bounds a name a device reports', () => {
    const { rows } = decodeTextColumn([str([1], Buffer.alloc(100_000, 'a'))]);
    expect(rows[0]?.[1].length).toBe(128);
  });
});
