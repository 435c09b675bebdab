/**
 * Dahua DHIP discovery on UDP 37810 (fingerprints.md §2a): a 32-byte header
 * (`20 00 00 00 "DHIP"`, body length at 0x10 and again at 0x18) then a JSON body. The reply
 * uses the same header, the `client.notifyDevInfo` body and the `0a 00` tail that real devices
 * append; body_len counts the tail, as UniversalScanner checks (body_len == packet_len - 32).
 */
import type { SimDevice, UdpProtocol, UdpReply } from '../udp/protocol.js';
import { MAX_QUERY_BYTES, fillDevicePlaceholders } from '../udp/protocol.js';

export const DHIP_GROUP = '239.255.255.251';
export const DHIP_MAGIC = Buffer.from('20000000' + '44484950', 'hex');
const HEADER = 32;
const TAIL = Buffer.from([0x0a, 0x00]);

export function dhipHeader(bodyLength: number): Buffer {
  const header = Buffer.alloc(HEADER);
  DHIP_MAGIC.copy(header, 0);
  header.writeUInt32LE(bodyLength, 0x10);
  header.writeUInt32LE(bodyLength, 0x18);
  return header;
}

/** The request's method, or null when the datagram is not DHIP at all. Throws when DHIP but malformed. */
export function dhipMethod(packet: Buffer): string | null {
  if (packet.length < HEADER || !packet.subarray(0, 8).equals(DHIP_MAGIC)) return null;
  if (packet.length > MAX_QUERY_BYTES) throw new Error(`DHIP packet of ${packet.length} bytes`);
  const length = packet.readUInt32LE(0x10);
  if (length > packet.length - HEADER) throw new Error(`DHIP body_len ${length} beyond the packet`);
  // Tools end the body with "\n" or "\0"; both are trimmed before parsing.
  const body = packet.subarray(HEADER, HEADER + length).toString('utf8').replace(/[\s\0]+$/, '');
  const parsed: unknown = JSON.parse(body);
  if (typeof parsed !== 'object' || parsed === null || !('method' in parsed) || typeof parsed.method !== 'string') {
    throw new Error('DHIP body without a method');
  }
  return parsed.method;
}

function fill(value: unknown, device: SimDevice): unknown {
  if (typeof value === 'string') return fillDevicePlaceholders(value, device);
  if (Array.isArray(value)) return value.map((v) => fill(v, device));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, device)]));
  }
  return value;
}

/** Dahua firmware escapes "/" in JSON strings (`"IPAddress":"\/0"` in the capture). */
function dahuaJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('/', '\\/');
}

export function notifyDevInfo(device: SimDevice): Buffer {
  const dhip = device.dhip;
  if (!dhip) throw new Error(`${device.id} has no DHIP profile`);
  const body = Buffer.from(
    dhip.rawBody ?? dahuaJson({ mac: device.mac, method: 'client.notifyDevInfo', params: { deviceInfo: fill(dhip.deviceInfo, device) } }),
    'utf8',
  );
  return Buffer.concat([dhipHeader(body.length + TAIL.length), body, TAIL]);
}

export function dhipProtocol(port: number): UdpProtocol {
  return {
    name: 'dhip',
    port,
    groups: [DHIP_GROUP],
    serves: (device) => device.dhip !== undefined,
    answer(query, device): UdpReply[] {
      return dhipMethod(query) === 'DHDiscover.search' ? [{ payload: notifyDevInfo(device) }] : [];
    },
  };
}
