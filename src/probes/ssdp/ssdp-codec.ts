/**
 * SSDP M-SEARCH (UDP 239.255.255.250:1900) and its HTTP-over-UDP reply, and the UPnP device
 * description XML fetched from the reply's LOCATION (facts: fingerprints.md §4).
 */
import { elementText, findElement, parseXml } from '../safe-xml.js';

export const SSDP_PORT = 1900;
export const SSDP_GROUP = '239.255.255.250';

export function encodeMSearch(mx = 2): Buffer {
  return Buffer.from(`M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: ${mx}\r\nST: ssdp:all\r\n\r\n`);
}

/**
 * A unicast M-SEARCH to one device's port 1900 (UPnP Device Architecture 1.1 §1.3.2: HOST names
 * the device). MX stays although 1.1 ignores it on unicast: UDA 1.0 stacks require the header.
 */
export function encodeUnicastMSearch(host: string, port = SSDP_PORT): Buffer {
  return Buffer.from(`M-SEARCH * HTTP/1.1\r\nHOST: ${host}:${port}\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n`);
}

export interface SsdpReply {
  /** Header names lower-cased; the first value of each wins. */
  readonly headers: ReadonlyMap<string, string>;
}

const MAX_HEADERS = 32;

/** Parses `HTTP/1.1 200 OK` + headers; null when it is not an SSDP response. */
export function parseSsdpReply(text: string): SsdpReply | null {
  const lines = text.split(/\r?\n/);
  if (!/^HTTP\/1\.[01] 200/i.test(lines[0] ?? '')) return null;
  const headers = new Map<string, string>();
  for (const line of lines.slice(1, 1 + MAX_HEADERS)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers };
}

export interface UpnpDescription {
  readonly manufacturer: string | null;
  readonly modelName: string | null;
  readonly modelNumber: string | null;
  readonly serialNumber: string | null;
  readonly udn: string | null;
  readonly friendlyName: string | null;
}

/** Reads the root device of a UPnP description document; null when it has none. */
export function parseDescription(xml: string): UpnpDescription | null {
  const doc = parseXml(xml);
  const device = doc ? findElement(doc, 'device') : undefined;
  if (!device || typeof device !== 'object') return null;
  return {
    manufacturer: elementText(device, 'manufacturer'),
    modelName: elementText(device, 'modelName'),
    modelNumber: elementText(device, 'modelNumber'),
    serialNumber: elementText(device, 'serialNumber'),
    udn: elementText(device, 'UDN'),
    friendlyName: elementText(device, 'friendlyName'),
  };
}
