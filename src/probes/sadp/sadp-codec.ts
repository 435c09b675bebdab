/**
 * Hikvision SADP (Search Active Devices Protocol) over UDP 37020: the inquiry that Hikvision's own
 * libsadp sends, and its ProbeMatch reply (facts: shared/reference/fingerprints.md §1).
 * Only the read-only `inquiry` type is ever built here: other Types (update, activate, reset …)
 * change device state.
 */
import { normalizeMac } from '../../observations/observation.js';
import { elementText, parseXml } from '../safe-xml.js';

export const SADP_PORT = 37020;
export const SADP_GROUP = '239.255.255.250';

export function encodeSadpInquiry(uuid: string): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>${uuid.toUpperCase()}</Uuid><Types>inquiry</Types></Probe>`);
}

export interface SadpReply {
  readonly uuid: string | null;
  readonly model: string | null;
  readonly serial: string | null;
  readonly mac: string | null;
  readonly firmware: string | null;
  readonly oemCode: string | null;
  /** The address the reply says the device has (IPv4Address), as sent. */
  readonly ipv4: string | null;
}

/** Parses a ProbeMatch (tag case varies across firmware: `<Probematch>` exists); null if it is not one. */
export function parseSadpReply(text: string): SadpReply | null {
  const doc = parseXml(text);
  if (!doc) return null;
  const root = Object.entries(doc).find(([k]) => k.toLowerCase() === 'probematch')?.[1];
  if (!root || typeof root !== 'object') return null;
  const mac = elementText(root, 'MAC');
  return {
    uuid: elementText(root, 'Uuid'),
    model: elementText(root, 'DeviceDescription'),
    serial: elementText(root, 'DeviceSN'),
    mac: mac ? normalizeMac(mac) : null,
    firmware: elementText(root, 'SoftwareVersion'),
    oemCode: elementText(root, 'DetailOEMCode') ?? elementText(root, 'OEMInfo'),
    ipv4: elementText(root, 'IPv4Address'),
  };
}
