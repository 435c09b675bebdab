/**
 * Whether an asker shares a subnet with the device it asks: some responders answer only their
 * own link (mDNS by RFC 6762 §5.5), and a query that crossed a router comes from elsewhere.
 * Read from the device's own interface address and netmask, as the device's stack would.
 */
import { networkInterfaces } from 'node:os';

function toNumber(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    const octet = Number(p);
    if (!/^\d{1,3}$/.test(p) || octet > 255) return null;
    n = n * 256 + octet;
  }
  return n;
}

const masks = new Map<string, number | null>();

function maskOf(deviceIp: string): number | null {
  if (!masks.has(deviceIp)) {
    const info = Object.values(networkInterfaces())
      .flat()
      .find((a) => a?.family === 'IPv4' && a.address === deviceIp);
    masks.set(deviceIp, info ? toNumber(info.netmask) : null);
  }
  return masks.get(deviceIp) ?? null;
}

/** True when `asker` is on the subnet of the interface holding `deviceIp` (or that address is unknown here). */
export function onLink(deviceIp: string, asker: string): boolean {
  const mask = maskOf(deviceIp);
  const own = toNumber(deviceIp);
  const other = toNumber(asker);
  if (mask === null || own === null || other === null) return true;
  return (own & mask) >>> 0 === (other & mask) >>> 0;
}
