/** Builds os.networkInterfaces()-shaped tables for tests, so no test depends on this machine's interfaces. */
import type { NetworkInterfaceInfo } from 'node:os';

export function v4(address: string, netmask: string, internal = false): NetworkInterfaceInfo {
  const prefix = netmask.split('.').reduce((bits, octet) => bits + Number(octet).toString(2).replaceAll('0', '').length, 0);
  return { address, netmask, family: 'IPv4', mac: '02:00:00:00:00:01', internal, cidr: `${address}/${prefix}` };
}

export function v6(address: string): NetworkInterfaceInfo {
  return { address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal: false, cidr: `${address}/64`, scopeid: 0 };
}

/** A typical host: loopback, a LAN, Docker plumbing. */
export function typicalHost(): NodeJS.Dict<NetworkInterfaceInfo[]> {
  return {
    lo: [v4('127.0.0.1', '255.0.0.0', true), { ...v6('::1'), internal: true }],
    eth0: [v4('192.168.1.23', '255.255.255.0'), v6('fe80::1')],
    docker0: [v4('172.17.0.1', '255.255.0.0')],
    'br-3f2a9c': [v4('172.18.0.1', '255.255.0.0')],
    veth12ab: [v6('fe80::2')],
  };
}
