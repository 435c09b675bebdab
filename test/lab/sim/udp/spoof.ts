/**
 * A hostile device's out-of-scope reply address. Inside a lab namespace the address is added
 * (as a /32) to the interface that carries the device's own address, unless some interface
 * has it already; it is removed again when the simulator stops.
 */
import { execFile } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SpoofedAddress {
  remove(): Promise<void>;
}

function interfaceOf(ip: string): string | undefined {
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    if ((addresses ?? []).some((a) => a.family === 'IPv4' && a.address === ip)) return name;
  }
  return undefined;
}

export async function spoofAddress(address: string, deviceIp: string, mayConfigure: boolean): Promise<SpoofedAddress> {
  const nothing: SpoofedAddress = { remove: async () => undefined };
  if (interfaceOf(address) !== undefined || !mayConfigure) return nothing;
  const iface = interfaceOf(deviceIp);
  if (iface === undefined) throw new Error(`no interface carries ${deviceIp}, cannot add spoofFrom ${address}`);
  await run('ip', ['addr', 'add', `${address}/32`, 'dev', iface]);
  return {
    remove: async () => {
      await run('ip', ['addr', 'del', `${address}/32`, 'dev', iface]).catch(() => undefined);
    },
  };
}
