/**
 * ONVIF WS-Discovery (WS-Discovery 2005/04): a Probe on 239.255.255.250:3702 is answered by a
 * unicast SOAP ProbeMatches to the asker. Prefixes (env:, d:, wsadis:) follow the Hikvision
 * capture in fingerprints.md §3. The probe is read with bounded regular expressions, never an
 * XML parser, so entity tricks in a query cannot reach the simulator.
 */
import { randomUUID } from 'node:crypto';
import type { SimDevice, UdpProtocol, UdpReply } from '../udp/protocol.js';
import { queryText, xmlEscape } from '../udp/protocol.js';

export const WSD_GROUP = '239.255.255.250';

export interface Probe {
  messageId: string;
  /** Local names of the requested types ("NetworkVideoTransmitter"); empty = any. */
  types: string[];
}

const element = (name: string, text: string): string | undefined =>
  new RegExp(`<(?:[\\w.-]{1,32}:)?${name}(?:\\s[^>]{0,512})?>([^<]{0,2048})</(?:[\\w.-]{1,32}:)?${name}>`).exec(text)?.[1];

/** null when the message is not a Probe (Hello, Bye, ProbeMatches from another device). */
export function parseProbe(text: string): Probe | null {
  if (!/<(?:[\w.-]{1,32}:)?Probe[\s>/]/.test(text)) return null;
  const messageId = element('MessageID', text)?.trim();
  if (!messageId) throw new Error('Probe without MessageID');
  const types = (element('Types', text) ?? '').split(/\s+/).filter(Boolean).map(localName);
  return { messageId, types };
}

function localName(qname: string): string {
  return qname.slice(qname.indexOf(':') + 1);
}

export function matchesTypes(device: SimDevice, wanted: string[]): boolean {
  if (wanted.length === 0) return true;
  const own = (device.onvif?.types ?? '').split(/\s+/).filter(Boolean).map(localName);
  return wanted.some((type) => own.includes(type));
}

export function probeMatches(device: SimDevice, relatesTo: string, messageId = `uuid:${randomUUID()}`): Buffer {
  const onvif = device.onvif;
  if (!onvif) throw new Error(`${device.id} has no ONVIF profile`);
  if (onvif.raw !== undefined) {
    return Buffer.from(onvif.raw.replaceAll('{messageId}', messageId).replaceAll('{relatesTo}', relatesTo), 'utf8');
  }
  const xaddrs = onvif.xaddrs ?? `http://${device.ip}/onvif/device_service`;
  const envelope =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"' +
    ' xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"' +
    ' xmlns:wsadis="http://schemas.xmlsoap.org/ws/2004/08/addressing"' +
    ' xmlns:dn="http://www.onvif.org/ver10/network/wsdl"' +
    ' xmlns:tds="http://www.onvif.org/ver10/device/wsdl">' +
    '<env:Header>' +
    `<wsadis:MessageID>${xmlEscape(messageId)}</wsadis:MessageID>` +
    `<wsadis:RelatesTo>${xmlEscape(relatesTo)}</wsadis:RelatesTo>` +
    '<wsadis:To env:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsadis:To>' +
    '<wsadis:Action env:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsadis:Action>' +
    '</env:Header>' +
    '<env:Body><d:ProbeMatches><d:ProbeMatch>' +
    `<wsadis:EndpointReference><wsadis:Address>${xmlEscape(onvif.endpoint)}</wsadis:Address></wsadis:EndpointReference>` +
    `<d:Types>${xmlEscape(onvif.types)}</d:Types>` +
    `<d:Scopes>${xmlEscape(onvif.scopes.join(' '))}</d:Scopes>` +
    `<d:XAddrs>${xmlEscape(xaddrs)}</d:XAddrs>` +
    `<d:MetadataVersion>${onvif.metadataVersion}</d:MetadataVersion>` +
    '</d:ProbeMatch></d:ProbeMatches></env:Body></env:Envelope>';
  return Buffer.from(envelope, 'utf8');
}

export function wsdProtocol(port: number): UdpProtocol {
  return {
    name: 'ws-discovery',
    port,
    groups: [WSD_GROUP],
    serves: (device) => device.onvif !== undefined,
    answer(query, device): UdpReply[] {
      const probe = parseProbe(queryText(query));
      if (!probe || !matchesTypes(device, probe.types)) return [];
      return [{ payload: probeMatches(device, probe.messageId) }];
    },
  };
}
