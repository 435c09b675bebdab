/**
 * NetBIOS node status (RFC 1002 §4.2.17 request, §4.2.18 response) over UDP 137: the read-only
 * question `nbtstat -A` asks, "which names do you hold?". Windows and Samba answer with their
 * computer name, workgroup and (Windows) the adapter's MAC.
 */

export const NETBIOS_PORT = 137;
const NBSTAT = 0x0021;
const CLASS_IN = 0x0001;
const HEADER = 12;
const NAME_ENTRY = 18;
const UNIT_ID = 6;
/** §4.2.18: NUM_NAMES is one byte; real hosts hold a dozen. */
const MAX_NAMES = 255;

/** First-level encoding (RFC 1001 §14.1) of the 16-byte name "*" padded with NULs: 'CK' then 'AA' × 15. */
function encodedWildcard(): Buffer {
  const name = Buffer.alloc(16);
  name[0] = 0x2a;
  const out = Buffer.alloc(34);
  out[0] = 32;
  for (let i = 0; i < 16; i++) {
    out[1 + i * 2] = 0x41 + (name[i]! >> 4);
    out[2 + i * 2] = 0x41 + (name[i]! & 0x0f);
  }
  out[33] = 0;
  return out;
}

/** The NODE STATUS REQUEST: no flags (no broadcast, no recursion), one NBSTAT question for "*". */
export function encodeNodeStatusRequest(transactionId: number): Buffer {
  const header = Buffer.alloc(HEADER);
  header.writeUInt16BE(transactionId & 0xffff, 0);
  header.writeUInt16BE(1, 4); // QDCOUNT
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(NBSTAT, 0);
  tail.writeUInt16BE(CLASS_IN, 2);
  return Buffer.concat([header, encodedWildcard(), tail]);
}

export interface NetbiosName {
  /** The 15-character name, trailing spaces trimmed. */
  readonly name: string;
  /** The 16th byte: 0x00 workstation, 0x20 file server, 0x1d master browser, … */
  readonly suffix: number;
  readonly group: boolean;
}

export interface NodeStatus {
  readonly names: readonly NetbiosName[];
  /** The unit ID of the statistics (Windows: the adapter MAC; Samba: zeros), "aa:bb:…", or null. */
  readonly unitId: string | null;
}

export type NodeStatusParse = { readonly ok: true; readonly status: NodeStatus } | { readonly ok: false; readonly reason: string };

/** Skips an RR_NAME: a label sequence ending in 0, or a 2-byte compression pointer; -1 if it runs out of the packet. */
function skipName(packet: Buffer, at: number): number {
  let i = at;
  for (let labels = 0; labels < 64; labels++) {
    if (i >= packet.length) return -1;
    const len = packet[i]!;
    if (len === 0) return i + 1;
    if ((len & 0xc0) === 0xc0) return i + 2 <= packet.length ? i + 2 : -1;
    if (len > 63) return -1;
    i += 1 + len;
  }
  return -1;
}

/** Reads a NODE STATUS RESPONSE; every length is checked against the packet before it is read. */
export function parseNodeStatus(packet: Buffer, transactionId?: number): NodeStatusParse {
  if (packet.length < HEADER) return { ok: false, reason: 'shorter than a NetBIOS header' };
  if (transactionId !== undefined && packet.readUInt16BE(0) !== (transactionId & 0xffff)) return { ok: false, reason: 'another transaction id' };
  const flags = packet.readUInt16BE(2);
  if ((flags & 0x8000) === 0) return { ok: false, reason: 'not a response' };
  if ((flags & 0x000f) !== 0) return { ok: false, reason: `error response (RCODE ${flags & 0x000f})` };
  if (packet.readUInt16BE(6) < 1) return { ok: false, reason: 'no answer record' };
  const afterName = skipName(packet, HEADER);
  if (afterName < 0 || afterName + 10 > packet.length) return { ok: false, reason: 'truncated answer record' };
  if (packet.readUInt16BE(afterName) !== NBSTAT) return { ok: false, reason: 'answer is not NBSTAT' };
  const rdLength = packet.readUInt16BE(afterName + 8);
  const rdata = afterName + 10;
  if (rdLength < 1 || rdata + rdLength > packet.length) return { ok: false, reason: 'RDLENGTH beyond the packet' };
  const count = packet[rdata]!;
  if (count > MAX_NAMES || 1 + count * NAME_ENTRY > rdLength) return { ok: false, reason: `${count} names do not fit RDLENGTH ${rdLength}` };
  const names: NetbiosName[] = [];
  for (let i = 0; i < count; i++) {
    const at = rdata + 1 + i * NAME_ENTRY;
    names.push({
      name: packet.subarray(at, at + 15).toString('latin1').replace(/[\x00 ]+$/, ''),
      suffix: packet[at + 15]!,
      group: (packet.readUInt16BE(at + 16) & 0x8000) !== 0,
    });
  }
  const stats = rdata + 1 + count * NAME_ENTRY;
  const unit = stats + UNIT_ID <= rdata + rdLength ? packet.subarray(stats, stats + UNIT_ID) : null;
  const unitId = unit && unit.some((b) => b !== 0) ? [...unit].map((b) => b.toString(16).padStart(2, '0')).join(':') : null;
  return { ok: true, status: { names, unitId } };
}

/** The computer name: the first unique name with the workstation suffix 0x00; null when there is none. */
export function computerName(status: NodeStatus): string | null {
  return status.names.find((n) => !n.group && n.suffix === 0x00 && n.name.length > 0)?.name ?? null;
}
