/** A UDP port free on 127.0.0.1 just now: for servers (net-snmp's agent) that cannot bind port 0 and say which port they got. */
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';

export async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
