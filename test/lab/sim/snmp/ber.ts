/**
 * The small part of BER (X.690) that SNMP v1/v2c messages use: definite lengths, INTEGER,
 * OCTET STRING, NULL, OBJECT IDENTIFIER, SEQUENCE and context-tagged PDUs. Decoding is
 * bounded by the buffer and throws on anything malformed; the caller drops the packet.
 */
export const TAG = {
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  sequence: 0x30,
  noSuchObject: 0x80,
  noSuchInstance: 0x81,
  endOfMibView: 0x82,
} as const;

export interface Tlv {
  tag: number;
  value: Buffer;
  /** Offset just past this TLV in the buffer it was read from. */
  end: number;
}

export function readTlv(buf: Buffer, offset: number): Tlv {
  if (offset + 2 > buf.length) throw new Error('truncated TLV');
  const tag = buf[offset] ?? 0;
  const lengthByte = buf[offset + 1] ?? 0;
  let at = offset + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 3) throw new Error('unsupported length form');
    if (at + count > buf.length) throw new Error('truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (buf[at + i] ?? 0);
    at += count;
  }
  if (at + length > buf.length) throw new Error('length beyond packet');
  return { tag, value: buf.subarray(at, at + length), end: at + length };
}

/** The TLVs inside a constructed value, in order. */
export function readChildren(value: Buffer, max = 256): Tlv[] {
  const children: Tlv[] = [];
  let at = 0;
  while (at < value.length) {
    if (children.length >= max) throw new Error('too many elements');
    const child = readTlv(value, at);
    children.push(child);
    at = child.end;
  }
  return children;
}

export function decodeInteger(value: Buffer): number {
  if (value.length === 0 || value.length > 4) throw new Error('integer out of range');
  return value.readIntBE(0, value.length);
}

export function decodeOid(value: Buffer): number[] {
  if (value.length === 0 || value.length > 128) throw new Error('bad OID length');
  const first = value[0] ?? 0;
  const arcs = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let sub = 0;
  for (let i = 1; i < value.length; i++) {
    const byte = value[i] ?? 0;
    sub = sub * 128 + (byte & 0x7f);
    if (sub > 0xffffffff) throw new Error('OID arc too large');
    if (!(byte & 0x80)) {
      arcs.push(sub);
      sub = 0;
    } else if (i === value.length - 1) {
      throw new Error('truncated OID arc');
    }
  }
  return arcs;
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value]);
}

export function encodeInteger(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  // Two's complement, minimal length.
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (!((v === 0 && !((bytes[0] ?? 0) & 0x80)) || (v === -1 && (bytes[0] ?? 0) & 0x80)));
  return tlv(TAG.integer, Buffer.from(bytes));
}

export function encodeOid(arcs: readonly number[]): Buffer {
  const [a = 0, b = 0, ...rest] = arcs;
  const bytes: number[] = [a * 40 + b];
  for (const arc of rest) {
    const group: number[] = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) group.unshift((n & 0x7f) | 0x80);
    bytes.push(...group);
  }
  return tlv(TAG.oid, Buffer.from(bytes));
}

export function parseOid(dotted: string): number[] {
  const arcs = dotted.replace(/^\./, '').split('.').map(Number);
  if (arcs.length < 2 || arcs.some((n) => !Number.isSafeInteger(n) || n < 0)) throw new Error(`bad OID ${dotted}`);
  return arcs;
}

export function compareOids(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
