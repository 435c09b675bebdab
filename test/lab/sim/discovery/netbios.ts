/**
 * NetBIOS node status (RFC 1002 §4.2.17/18) on UDP 137, as a Windows host answers `nbtstat -A`:
 * its computer name with the workstation (0x00) and server (0x20) suffixes, its workgroup as a
 * group name, and the adapter MAC as the statistics' unit id. Only NBSTAT questions are answered.
 */
import type { SimDevice, UdpProtocol, UdpReply } from '../udp/protocol.js';

const NBSTAT = 0x0021;
const HEADER = 12;
const ACTIVE = 0x0400;
const GROUP = 0x8000;

/** The question's end, or null when the query is not one NBSTAT question. Throws on a malformed one. */
function nbstatQuestion(query: Buffer): Buffer | null {
  if (query.length < HEADER + 1 + 4) return null;
  if ((query.readUInt16BE(2) & 0x8000) !== 0 || query.readUInt16BE(4) !== 1) return null;
  const len = query[HEADER]!;
  const end = HEADER + 1 + len + 1;
  if (len > 63 || end + 4 > query.length) throw new Error('NetBIOS question runs past the packet');
  return query.readUInt16BE(end) === NBSTAT ? query.subarray(HEADER, end) : null;
}

function entry(name: string, suffix: number, flags: number): Buffer {
  const e = Buffer.alloc(18, 0x20);
  e.write(name.toUpperCase().slice(0, 15), 0, 'latin1');
  e[15] = suffix;
  e.writeUInt16BE(flags, 16);
  return e;
}

export function nodeStatusResponse(device: SimDevice, id: number, questionName: Buffer): Buffer {
  const nb = device.netbios;
  if (!nb) throw new Error(`${device.id} has no NetBIOS names`);
  const names = [entry(nb.name, 0x00, ACTIVE), entry(nb.workgroup, 0x00, GROUP | ACTIVE), entry(nb.name, 0x20, ACTIVE)];
  const stats = Buffer.alloc(46);
  Buffer.from(device.mac.replace(/:/g, ''), 'hex').copy(stats);
  const rdata = Buffer.concat([Buffer.from([names.length]), ...names, stats]);
  const header = Buffer.alloc(HEADER);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x8400, 2); // response, authoritative
  header.writeUInt16BE(1, 6);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(NBSTAT, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([header, questionName, fixed, rdata]);
}

export function netbiosProtocol(port: number): UdpProtocol {
  return {
    name: 'netbios',
    port,
    groups: [],
    serves: (device) => device.netbios !== undefined,
    answer(query, device): UdpReply[] {
      const question = nbstatQuestion(query);
      return question ? [{ payload: nodeStatusResponse(device, query.readUInt16BE(0), question) }] : [];
    },
  };
}
