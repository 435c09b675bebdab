import { describe, expect, it } from 'vitest';
import type { ArpEntry } from '../../src/infrastructure/decode-tables.js';
import { canonicalIpv6, ipv6Facts } from '../../src/infrastructure/ipv6-rows.js';

describe("a router's IPv6 neighbour rows", () => {
  it('become IPv6 addresses of the live IPv4 host with the same MAC, in RFC 5952 form', () => {
    const rows: ArpEntry[] = [
      { ifIndex: 3, ip: '10.78.1.20', family: 4, mac: '58:50:ed:00:00:20' },
      { ifIndex: 3, ip: 'fe80:0:0:0:5a50:edff:fe00:20', family: 6, mac: '58:50:ed:00:00:20' },
      { ifIndex: 3, ip: 'fd78:1:0:0:0:0:0:20', family: 6, mac: '58:50:ed:00:00:20' },
      // An IPv6-only host: no device to give it to.
      { ifIndex: 3, ip: 'fd78:1:0:0:0:0:0:99', family: 6, mac: 'bc:ad:28:00:00:99' },
    ];
    const hostOfMac = new Map([['58:50:ed:00:00:20', '10.78.1.20']]);
    expect(ipv6Facts(rows, hostOfMac, 'snmp-arp:10.78.0.1', 'T')).toEqual([
      { ip: '10.78.1.20', kind: 'ipv6', value: 'fe80::5a50:edff:fe00:20', source: 'snmp-arp:10.78.0.1', at: 'T' },
      { ip: '10.78.1.20', kind: 'ipv6', value: 'fd78:1::20', source: 'snmp-arp:10.78.0.1', at: 'T' },
    ]);
  });

  it('reads only addresses', () => {
    expect(canonicalIpv6('FD78:1:0:0:0:0:0:20')).toBe('fd78:1::20');
    expect(canonicalIpv6('10.0.0.1')).toBeNull();
    expect(canonicalIpv6('fe80::1]/x')).toBeNull();
  });
});
