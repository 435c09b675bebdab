/**
 * An SNMP v1/v2c command responder over a device's few objects (sysDescr, sysObjectID,
 * sysName and the profile's extras): GET, GETNEXT and GETBULK, read-only. A request with the
 * wrong community gets no answer at all, as real agents behave; so do SET and anything else.
 */
import type { TableValue } from './bridge-tables.js';
import {
  TAG, compareOids, decodeInteger, decodeOid, encodeInteger, encodeOid, parseOid, readChildren, readTlv, tlv, type Tlv,
} from './ber.js';

export interface SnmpProfile {
  community: string;
  sysDescr: string;
  sysObjectID: string;
  sysName: string;
  /** Extra scalars: text as UTF-8, or `{ utf16le }` for a maker whose MIB says "unicode string" (Hytera's rptSystemInfo). */
  extra: Record<string, ExtraValue>;
  /** Typed rows beyond the system group (a switch's tables: bridge-tables.ts). */
  tables?: readonly (readonly [string, TableValue])[] | undefined;
  /** Answers every walk without end, with values of changing types: the hostile switch. */
  hostileTables?: boolean | undefined;
}

export type ExtraValue = string | { utf16le: string };

const extraValue = (value: ExtraValue): TableValue =>
  typeof value === 'string' ? { kind: 'string', text: value } : { kind: 'bytes', hex: Buffer.from(value.utf16le, 'utf16le').toString('hex') };

type Value = TableValue | { kind: 'oid'; arcs: number[] };
export interface MibEntry {
  oid: number[];
  value: Value;
}

const PDU = { get: 0xa0, getNext: 0xa1, response: 0xa2, getBulk: 0xa5 } as const;
const V1 = 0;
const V2C = 1;
const NO_SUCH_NAME = 2;
const TOO_BIG = 1;
/** The largest UDP payload over IPv4 (65,535 − 8 − 20). */
export const MAX_UDP_PAYLOAD = 65_507;
/** Bounds a GETBULK's answer, whatever max-repetitions asks. */
const MAX_VARBINDS = 64;

export function buildMib(profile: SnmpProfile): MibEntry[] {
  const entries: MibEntry[] = [
    { oid: parseOid('1.3.6.1.2.1.1.1.0'), value: { kind: 'string', text: profile.sysDescr } },
    { oid: parseOid('1.3.6.1.2.1.1.2.0'), value: { kind: 'oid', arcs: parseOid(profile.sysObjectID) } },
    { oid: parseOid('1.3.6.1.2.1.1.5.0'), value: { kind: 'string', text: profile.sysName } },
    ...Object.entries(profile.extra).map(([oid, value]): MibEntry => ({ oid: parseOid(oid), value: extraValue(value) })),
    ...(profile.tables ?? []).map(([oid, value]): MibEntry => ({ oid: parseOid(oid), value })),
  ];
  return entries.sort((a, b) => compareOids(a.oid, b.oid));
}

function encodeValue(value: Value): Buffer {
  switch (value.kind) {
    case 'oid':
      return encodeOid(value.arcs);
    case 'int':
      return encodeInteger(value.n);
    case 'bytes':
      return tlv(TAG.octetString, Buffer.from(value.hex, 'hex'));
    case 'string':
      return tlv(TAG.octetString, Buffer.from(value.text, 'utf8'));
  }
}

/**
 * The hostile switch's next row after any OID: every walk goes on forever inside the column it
 * asked for (rows <column>.999999.1, .2, …), each row's value of another type (integer, string,
 * OID, a 7-byte "MAC").
 */
const ENDLESS = 999_999;
function endlessNext(oid: number[]): MibEntry {
  const at = oid.indexOf(ENDLESS);
  const next = at >= 0 && at === oid.length - 2 ? [...oid.slice(0, -1), (oid.at(-1) ?? 0) + 1] : [...oid, ENDLESS, 1];
  const row = next.at(-1) ?? 0;
  const kinds: Value[] = [{ kind: 'int', n: row }, { kind: 'string', text: 'x'.repeat(row % 40) }, { kind: 'oid', arcs: [1, 3, 6, 1] }, { kind: 'bytes', hex: '00112233445566' }];
  return { oid: next, value: kinds[row % kinds.length] as Value };
}

type Lookup = { entry: MibEntry } | { exception: number };

function lookup(mib: MibEntry[], oid: number[], next: boolean, endless = false): Lookup {
  if (endless && next && oid.length < 100) return { entry: endlessNext(oid) };
  if (!next) {
    const entry = mib.find((e) => compareOids(e.oid, oid) === 0);
    return entry ? { entry } : { exception: TAG.noSuchObject };
  }
  const entry = mib.find((e) => compareOids(e.oid, oid) > 0);
  return entry ? { entry } : { exception: TAG.endOfMibView };
}

/** The v1/v2c reply bytes for one request datagram, or null when a real agent would stay silent. Throws on malformed input. */
export function respond(request: Buffer, community: string, mib: MibEntry[], endless = false): Buffer | null {
  const message = readTlv(request, 0);
  if (message.tag !== TAG.sequence) throw new Error('not an SNMP message');
  const [versionTlv, communityTlv, pduTlv] = readChildren(message.value, 3);
  if (!versionTlv || !communityTlv || !pduTlv) throw new Error('short SNMP message');
  const version = decodeInteger(versionTlv.value);
  if (version !== V1 && version !== V2C) return null; // v3: usm.ts, for a device with a v3 user
  if (communityTlv.value.toString('latin1') !== community) return null;
  const answer = answerPdu(pduTlv, version === V1 ? 'v1' : 'v2c', mib, endless);
  if (answer === null) return null;
  const wrap = (pdu: Buffer) => tlv(TAG.sequence, Buffer.concat([encodeInteger(version), tlv(TAG.octetString, communityTlv.value), pdu]));
  const reply = wrap(answer.pdu);
  // RFC 3416 §4.2.1: a response too big for one datagram becomes tooBig with no varbinds, as real agents answer.
  return reply.length <= MAX_UDP_PAYLOAD ? reply : wrap(answer.tooBig);
}

/**
 * The response PDU to one request PDU (GET, GETNEXT, GETBULK but not in v1), and the tooBig
 * response that replaces it when it does not fit a datagram; null for any other PDU (a SET).
 */
export function answerPdu(pduTlv: Tlv, version: 'v1' | 'v2c', mib: MibEntry[], endless = false): { pdu: Buffer; tooBig: Buffer } | null {
  if (pduTlv.tag !== PDU.get && pduTlv.tag !== PDU.getNext && !(pduTlv.tag === PDU.getBulk && version === 'v2c')) return null;
  const [idTlv, aTlv, bTlv, listTlv] = readChildren(pduTlv.value, 4);
  if (!idTlv || !aTlv || !bTlv || !listTlv || listTlv.tag !== TAG.sequence) throw new Error('bad PDU');
  const oids = readChildren(listTlv.value, MAX_VARBINDS).map((vb) => {
    const [name] = readChildren(vb.value, 2);
    if (!name || name.tag !== TAG.oid) throw new Error('bad varbind');
    return decodeOid(name.value);
  });

  const varbinds: Buffer[] = [];
  let errorStatus = 0;
  let errorIndex = 0;
  const add = (oid: number[], found: Lookup): void => {
    varbinds.push(tlv(TAG.sequence, Buffer.concat(
      'entry' in found ? [encodeOid(found.entry.oid), encodeValue(found.entry.value)] : [encodeOid(oid), tlv(found.exception, Buffer.alloc(0))],
    )));
  };

  if (pduTlv.tag === PDU.getBulk) {
    const nonRepeaters = Math.max(0, decodeInteger(aTlv.value));
    const maxRepetitions = Math.max(0, decodeInteger(bTlv.value));
    oids.slice(0, nonRepeaters).forEach((oid) => add(oid, lookup(mib, oid, true, endless)));
    let cursors = oids.slice(nonRepeaters);
    for (let r = 0; r < maxRepetitions && cursors.length > 0 && varbinds.length < MAX_VARBINDS; r++) {
      let ended = 0;
      cursors = cursors.map((oid) => {
        const found = lookup(mib, oid, true, endless);
        add(oid, found);
        if ('entry' in found) return found.entry.oid;
        ended++;
        return oid;
      });
      // RFC 3416 §4.2.3 lets the agent stop once every repeater is past the end of the view.
      if (ended === cursors.length) break;
    }
  } else {
    const next = pduTlv.tag === PDU.getNext;
    oids.forEach((oid, i) => {
      const found = lookup(mib, oid, next, endless);
      if ('exception' in found && version === 'v1' && errorStatus === 0) {
        errorStatus = NO_SUCH_NAME;
        errorIndex = i + 1;
      }
      add(oid, found);
    });
    if (errorStatus !== 0) {
      // v1 reports the error and returns the request's varbinds unchanged.
      varbinds.length = 0;
      varbinds.push(...readChildren(listTlv.value, MAX_VARBINDS).map((vb) => tlv(vb.tag, vb.value)));
    }
  }

  const pdu = tlv(PDU.response, Buffer.concat([
    tlv(TAG.integer, idTlv.value),
    encodeInteger(errorStatus),
    encodeInteger(errorIndex),
    tlv(TAG.sequence, Buffer.concat(varbinds)),
  ]));
  const tooBig = tlv(PDU.response, Buffer.concat([tlv(TAG.integer, idTlv.value), encodeInteger(TOO_BIG), encodeInteger(0), tlv(TAG.sequence, Buffer.alloc(0))]));
  return { pdu, tooBig };
}
