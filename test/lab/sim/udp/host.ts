/**
 * Runs the UDP responders for every device of a segment. Each device gets a socket on its own
 * address and the protocol's port: it takes unicast queries, and every reply leaves through it,
 * so a reply's source is the device's address. With multicast on, one wildcard socket per port
 * takes the group's queries and answers them for every device that speaks the protocol, once
 * per query however many interfaces delivered a copy.
 */
import dgram from 'node:dgram';
import type { ResolvedOptions } from '../options.js';
import { excerpt } from '../options.js';
import { QueryMemory } from './dedupe.js';
import { onLink } from './on-link.js';
import { joinGroups } from './membership.js';
import type { Asker, SimDevice, UdpProtocol } from './protocol.js';
import { spoofAddress, type SpoofedAddress } from './spoof.js';

interface DeviceSockets {
  device: SimDevice;
  own: dgram.Socket;
  /** Extra copies of every reply, from an out-of-scope address (hostile profile). */
  spoof?: dgram.Socket;
}

async function bindUdp(address: string, port: number, multicastFrom?: string): Promise<dgram.Socket> {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  if (multicastFrom !== undefined) {
    socket.setMulticastInterface(multicastFrom);
    // mDNS requires IP TTL 255 (RFC 6762 §11); harmless for the others.
    socket.setMulticastTTL(255);
  }
  return socket;
}

export async function hostUdp(protocols: UdpProtocol[], devices: SimDevice[], options: ResolvedOptions): Promise<{ close(): Promise<void> }> {
  const { log } = options;
  const sockets: dgram.Socket[] = [];
  const closers: (() => void | Promise<void>)[] = [];
  const spoofed = new Map<string, Promise<SpoofedAddress>>();
  const memory = new QueryMemory(options.limits.dedupeMs);

  const send = (from: dgram.Socket, payload: Buffer, port: number, address: string): void => {
    from.send(payload, port, address, (error) => {
      if (error) log(`send to ${address}:${port} failed: ${error.message}`);
    });
  };

  const answer = (protocol: UdpProtocol, target: DeviceSockets, query: Buffer, asker: Asker): void => {
    try {
      for (const reply of protocol.answer(query, target.device, asker)) {
        const [port, address] = reply.multicast ? [protocol.port, protocol.groups[0] ?? asker.address] : [asker.port, asker.address];
        send(target.own, reply.payload, port, address);
        if (target.spoof) send(target.spoof, reply.payload, port, address);
      }
    } catch (error) {
      log(`${protocol.name}: ${target.device.id}: malformed query from ${asker.address}:${asker.port} ignored (${error instanceof Error ? error.message : String(error)}): ${excerpt(query)}`);
    }
  };

  try {
    for (const protocol of protocols) {
      const serving = devices.filter((d) => protocol.serves(d));
      if (serving.length === 0) continue;
      const targets: DeviceSockets[] = [];
      for (const device of serving) {
        const own = await bindUdp(device.ip, protocol.port, options.multicast ? device.ip : undefined);
        sockets.push(own);
        const target: DeviceSockets = { device, own };
        if (device.spoofFrom !== undefined) {
          const from = device.spoofFrom;
          let added = spoofed.get(from);
          if (!added) {
            added = spoofAddress(from, device.ip, options.multicast);
            spoofed.set(from, added);
          }
          await added;
          target.spoof = await bindUdp(from, protocol.port);
          sockets.push(target.spoof);
        }
        own.on('message', (query, rinfo) => answer(protocol, target, query, { ...rinfo, onLink: onLink(device.ip, rinfo.address) }));
        own.on('error', (error) => log(`${protocol.name}: ${device.id}: ${error.message}`));
        targets.push(target);
      }
      if (options.multicast && protocol.groups.length > 0) {
        const wildcard = await bindUdp('0.0.0.0', protocol.port);
        sockets.push(wildcard);
        wildcard.on('message', (query, rinfo) => {
          if (!memory.isNew(protocol.name, rinfo.address, rinfo.port, query)) return;
          // A unicast datagram can land here too (the kernel picks one of the sockets on the port): each device judges its asker.
          for (const target of targets) answer(protocol, target, query, { ...rinfo, onLink: onLink(target.device.ip, rinfo.address) });
        });
        wildcard.on('error', (error) => log(`${protocol.name}: ${error.message}`));
        const memberships = await joinGroups(protocol.groups, serving.map((d) => d.ip));
        closers.push(() => memberships.close());
      }
    }
  } catch (error) {
    sockets.forEach((s) => s.close());
    closers.forEach((c) => void c());
    for (const added of spoofed.values()) void added.then((a) => a.remove()).catch(() => undefined);
    throw error;
  }

  return {
    async close() {
      sockets.forEach((s) => s.close());
      for (const c of closers) await c();
      for (const added of spoofed.values()) await (await added).remove();
    },
  };
}
