/**
 * SSDP (UPnP 1.1 §1.3): an M-SEARCH on 239.255.255.250:1900 is answered by unicast
 * `HTTP/1.1 200 OK` replies to the asker, one per matching search target. The header set and
 * upper-case names follow the Dahua capture in fingerprints.md §4.
 */
import type { SimDevice, UdpProtocol, UdpReply } from '../udp/protocol.js';
import { queryText } from '../udp/protocol.js';

export const SSDP_GROUP = '239.255.255.250';

export interface MSearch {
  st: string;
  man: string;
}

/** null for other SSDP traffic (NOTIFY, replies); throws when an M-SEARCH is malformed. */
export function parseMSearch(text: string): MSearch | null {
  const lines = text.split(/\r?\n/);
  if (!/^M-SEARCH \* HTTP\/1\.[01]$/i.test(lines[0]?.trim() ?? '')) return null;
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const st = headers.get('st');
  const man = headers.get('man');
  if (!st || !man) throw new Error('M-SEARCH without ST or MAN');
  return { st, man };
}

export function searchTargets(device: SimDevice, st: string): string[] {
  const own = device.ssdp?.st ?? [];
  const all = own.includes('upnp:rootdevice') ? own : ['upnp:rootdevice', ...own];
  if (st === 'ssdp:all') return all;
  return all.includes(st) ? [st] : [];
}

/** `location` replaces the profile's LOCATION (a flood of distinct ones). */
export function ssdpReply(device: SimDevice, st: string, location?: string): Buffer {
  const ssdp = device.ssdp;
  if (!ssdp) throw new Error(`${device.id} has no SSDP profile`);
  const headers: [string, string][] = [
    ['CACHE-CONTROL', 'max-age=1800'],
    ['EXT', ''],
    ['LOCATION', location ?? `http://${ssdp.location.host ?? device.ip}:${ssdp.location.port}${ssdp.location.path}`],
    ['SERVER', ssdp.server],
    ['ST', st],
    ['USN', ssdp.usn.replaceAll('{st}', st)],
    ...ssdp.headers,
  ];
  const head = `HTTP/1.1 200 OK\r\n${headers.map(([name, value]) => `${name}:${value === '' ? '' : ` ${value}`}\r\n`).join('')}\r\n`;
  return Buffer.from(head, 'utf8');
}

export function ssdpProtocol(port: number): UdpProtocol {
  return {
    name: 'ssdp',
    port,
    groups: [SSDP_GROUP],
    serves: (device) => device.ssdp !== undefined,
    answer(query, device, asker): UdpReply[] {
      const search = parseMSearch(queryText(query));
      if (!search || !/ssdp:discover/i.test(search.man)) return [];
      // miniupnpd (routers, ONTs) drops SSDP from any sender off its LAN subnets (minissdp.c
      // ProcessSSDPData: "SSDP packet sender %s not from a LAN, ignoring"); camera UPnP SDKs answer.
      if (asker.onLink === false && /miniupnpd/i.test(device.ssdp?.server ?? '')) return [];
      const targets = searchTargets(device, search.st);
      const flood = Array.from({ length: targets.length ? (device.ssdp?.floodLocations ?? 0) : 0 }, (_, i) => ({
        payload: ssdpReply(device, targets[0]!, `http://${device.ip}:${20000 + i}/flood-${i}.xml`),
      }));
      return [...targets.map((st) => ({ payload: ssdpReply(device, st) })), ...flood];
    },
  };
}
