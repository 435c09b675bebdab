/**
 * Joins multicast groups on every interface that carries a device address. Memberships live on
 * small holder sockets, at most igmp_max_memberships each (20 by default), because one socket
 * cannot hold a membership per macvlan of a 1,000-host segment. The receiving sockets still see
 * every group datagram: Linux's IP_MULTICAST_ALL (on by default) delivers a group joined by any
 * socket to every socket bound to the port.
 */
import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';

/** One local address per interface among `ips`, so each interface joins each group once. */
export function addressPerInterface(ips: readonly string[]): string[] {
  const byAddress = new Map<string, string>();
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4') byAddress.set(a.address, name);
  }
  const chosen = new Map<string, string>();
  for (const ip of ips) {
    const iface = byAddress.get(ip) ?? `?${ip}`;
    if (!chosen.has(iface)) chosen.set(iface, ip);
  }
  return [...chosen.values()];
}

async function membershipLimit(): Promise<number> {
  const text = await readFile('/proc/sys/net/ipv4/igmp_max_memberships', 'utf8').catch(() => '20');
  const n = Number(text.trim());
  return Number.isInteger(n) && n > 0 ? n : 20;
}

export async function joinGroups(groups: readonly string[], ips: readonly string[]): Promise<{ close(): void }> {
  const pairs = [...new Set(groups)].flatMap((group) => addressPerInterface(ips).map((ip) => ({ group, ip })));
  const perSocket = await membershipLimit();
  const holders: dgram.Socket[] = [];
  for (let i = 0; i < pairs.length; i += perSocket) {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '0.0.0.0', () => resolve());
    });
    socket.on('error', () => undefined);
    for (const { group, ip } of pairs.slice(i, i + perSocket)) socket.addMembership(group, ip);
    holders.push(socket);
  }
  return { close: () => holders.forEach((s) => s.close()) };
}
