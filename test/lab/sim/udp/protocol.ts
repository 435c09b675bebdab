/**
 * What a UDP responder is to the host that runs it: a port, the multicast groups its queries
 * arrive on, which devices speak it, and a pure function from one query to that device's
 * replies. `answer` throws on a malformed query; the host logs it and carries on.
 */
import type { LabDevice } from '../../profile-schema.js';

/** A device whose address is known (the profile was resolved). */
export type SimDevice = LabDevice & { ip: string };

export interface Asker {
  address: string;
  port: number;
  /** The asker is on the device's own subnet (false: the query crossed a router). */
  onLink?: boolean;
}

export interface UdpReply {
  payload: Buffer;
  /** Send to the protocol's group (mDNS announcements) instead of unicast to the asker. */
  multicast?: boolean;
}

export interface UdpProtocol {
  name: string;
  port: number;
  /** Groups joined on every device interface when multicast is on; none for unicast-only protocols. */
  groups: string[];
  serves(device: SimDevice): boolean;
  answer(query: Buffer, device: SimDevice, asker: Asker): UdpReply[];
}

/** Longest discovery query any responder reads; anything larger is not a query. */
export const MAX_QUERY_BYTES = 16 * 1024;

export function queryText(query: Buffer): string {
  if (query.length > MAX_QUERY_BYTES) throw new Error(`query of ${query.length} bytes`);
  return query.toString('utf8');
}

export function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `{ip}` and `{mac}` in profile values stand for the device's own, which are often assigned late. */
export function fillDevicePlaceholders(text: string, device: SimDevice): string {
  return text.replaceAll('{ip}', device.ip).replaceAll('{mac}', device.mac);
}
