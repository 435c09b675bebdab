/**
 * Hikvision SADP over UDP 37020 (fingerprints.md §1). Only the read-only `inquiry` and
 * `inquiry_v32` probes are answered: the other Types change device state, and a simulator
 * that acted on them would teach the agent nothing but bad habits.
 */
import type { SimDevice, UdpProtocol, UdpReply } from '../udp/protocol.js';
import { fillDevicePlaceholders, queryText, xmlEscape } from '../udp/protocol.js';

export const SADP_GROUP = '239.255.255.250';
const INQUIRIES = new Set(['inquiry', 'inquiry_v32']);

export interface SadpProbe {
  uuid: string;
  types: string;
}

/** null when the datagram is not a Probe (another device's ProbeMatch, a Hello); throws when a Probe is malformed. */
export function parseSadpProbe(text: string): SadpProbe | null {
  if (!text.includes('<Probe>')) return null;
  const uuid = /<Uuid>([^<]{0,128})<\/Uuid>/.exec(text)?.[1];
  const types = /<Types>([^<]{0,64})<\/Types>/.exec(text)?.[1];
  if (uuid === undefined || types === undefined) throw new Error('SADP Probe without Uuid or Types');
  return { uuid, types };
}

/** "58:50:ED:1F:E3:85" → "58-50-ed-1f-e3-85", the form Hikvision devices send. */
export function sadpMac(mac: string): string {
  return mac.trim().toLowerCase().replace(/[:.]/g, '-');
}

/**
 * The XML declaration and `<ProbeMatch><Uuid>` share the first line; every element after it
 * is on its own CRLF-separated line (UniversalScanner's template, ethodump-ng's parser).
 */
export function sadpProbeMatch(device: SimDevice, probe: SadpProbe): Buffer {
  const sadp = device.sadp;
  if (!sadp) throw new Error(`${device.id} has no SADP profile`);
  if (sadp.raw !== undefined) return Buffer.from(sadp.raw.replaceAll('{uuid}', probe.uuid), 'utf8');
  const fields = sadp.fields.map(([name, raw]) => {
    const value = fillDevicePlaceholders(raw, device);
    const text = name === 'MAC' ? sadpMac(value) : value;
    return text === '' ? `<${name}/>` : `<${name}>${xmlEscape(text)}</${name}>`;
  });
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?><ProbeMatch><Uuid>${xmlEscape(probe.uuid)}</Uuid>`,
    `<Types>${xmlEscape(probe.types)}</Types>`,
    ...fields,
    '</ProbeMatch>',
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

export function sadpProtocol(port: number, log: (m: string) => void): UdpProtocol {
  return {
    name: 'sadp',
    port,
    groups: [SADP_GROUP],
    serves: (device) => device.sadp !== undefined,
    answer(query, device, asker): UdpReply[] {
      const probe = parseSadpProbe(queryText(query));
      // Whether a camera answers an inquiry from beyond its subnet is unconfirmed (fingerprints.md §1;
      // Hikvision's SADP tool finds the local segment only): the lab assumes it does not, so no lab
      // result rests on it.
      if (!probe || asker.onLink === false) return [];
      if (!INQUIRIES.has(probe.types)) {
        log(`sadp: ${device.id}: ignored Types ${JSON.stringify(probe.types)} from ${asker.address}`);
        return [];
      }
      return [{ payload: sadpProbeMatch(device, probe) }];
    },
  };
}
