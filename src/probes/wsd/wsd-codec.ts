/**
 * ONVIF WS-Discovery (2005/04) Probe and ProbeMatch over UDP 3702 (facts: fingerprints.md §3).
 */
import { elementText, findElement, parseXml } from '../safe-xml.js';

export const WSD_PORT = 3702;
export const WSD_GROUP = '239.255.255.250';

export function encodeWsdProbe(messageId: string): Buffer {
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>' +
      '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing">' +
      '<s:Header><a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>' +
      `<a:MessageID>uuid:${messageId}</a:MessageID>` +
      '<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>' +
      '<a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>' +
      '<s:Body><Probe xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery">' +
      '<d:Types xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dp0="http://www.onvif.org/ver10/network/wsdl">dp0:NetworkVideoTransmitter</d:Types>' +
      '</Probe></s:Body></s:Envelope>',
  );
}

export interface ProbeMatch {
  readonly endpoint: string | null;
  readonly types: string | null;
  /** Scope URIs, in the device's order (the order itself is a Dahua tell). */
  readonly scopes: readonly string[];
  readonly xaddrs: readonly string[];
}

const MAX_SCOPES = 64;

/** Reads the first ProbeMatch of a ProbeMatches envelope; null if the text is not one. */
export function parseProbeMatch(text: string): ProbeMatch | null {
  const doc = parseXml(text);
  const match = doc ? findElement(doc, 'ProbeMatch') : undefined;
  if (!match || typeof match !== 'object') return null;
  const ref = findElement(match, 'EndpointReference');
  const words = (s: string | null) => (s ? s.split(/\s+/).filter(Boolean).slice(0, MAX_SCOPES) : []);
  return {
    endpoint: elementText(ref, 'Address'),
    types: elementText(match, 'Types'),
    scopes: words(elementText(match, 'Scopes')),
    xaddrs: words(elementText(match, 'XAddrs')),
  };
}
