/**
 * What ENTITY-MIB (RFC 6933) says of a device's chassis: its model, serial number, maker and
 * software, as switches, routers and some cameras state them in entPhysicalTable. Pure and
 * shared by the SNMP probe (v2c) and the infrastructure reads (v3): they ask, these functions
 * read the varbinds, which come straight from the network. The chassis row is found by walking
 * entPhysicalClass a bounded number of rows; a reply that leaves the column, goes backwards,
 * repeats or carries the wrong type ends the walk.
 */
import type { ObservationKind } from './observation.js';
import { BER, isException, shown, varbindOf, type SnmpFact } from './snmp-system.js';

/** entPhysicalEntry (RFC 6933 §4). */
export const ENT_PHYSICAL_ENTRY = '1.3.6.1.2.1.47.1.1.1.1';
/** entPhysicalClass: the column walked to find the chassis. */
export const ENT_PHYSICAL_CLASS = `${ENT_PHYSICAL_ENTRY}.5`;
/** PhysicalClass chassis(3). */
const CHASSIS = 3;

/** The chassis columns read, with the observation each becomes. entPhysicalDescr is not read: a description is no model. */
export const CHASSIS_COLUMNS: readonly { readonly column: number; readonly name: string; readonly kind: ObservationKind }[] = [
  { column: 10, name: 'entPhysicalSoftwareRev', kind: 'snmp.entity.firmware' },
  { column: 11, name: 'entPhysicalSerialNum', kind: 'snmp.entity.serial' },
  { column: 12, name: 'entPhysicalMfgName', kind: 'snmp.entity.mfg' },
  { column: 13, name: 'entPhysicalModelName', kind: 'snmp.entity.model' },
];

/**
 * Rows asked per GETBULK and requests made. The chassis leads the tables seen: Huawei VRP's first
 * row (index 67108867), a Cisco stack's second (1001, after the stack); 2 × 16 rows find it or the
 * agent is not worth more of the scan's time.
 */
export const BULK_ROWS = 16;
export const MAX_BULK_REQUESTS = 2;

/** SnmpAdminString is SIZE (0..255) (RFC 3411): a longer value is not what it claims to be. */
export const MAX_ENTITY_BYTES = 255;
/** entPhysicalIndex is an Integer32 1..2147483647 (RFC 6933): the row's whole index. */
const MAX_INDEX = 2_147_483_647;

/** Values that mean "none" (RFC 6933 asks for a zero-length string; agents also send these). */
const PLACEHOLDER = /^(?:n\/?a|none|null|unknown|not available|not set|-+|\.+|(.)\1*)$/i;

export type ClassStep =
  | { readonly kind: 'chassis'; readonly index: number }
  /** No chassis yet: ask again after `cursor`. */
  | { readonly kind: 'more'; readonly cursor: string }
  | { readonly kind: 'end' }
  | { readonly kind: 'malformed'; readonly why: string };

/** The row index an OID of `column` names, or null when it is not one index of that column. */
function indexIn(column: string, oid: string): number | null {
  if (!oid.startsWith(`${column}.`)) return null;
  const rest = oid.slice(column.length + 1);
  if (!/^\d{1,10}$/.test(rest)) return null;
  const n = Number(rest);
  return n >= 1 && n <= MAX_INDEX ? n : null;
}

/**
 * One GETBULK reply of entPhysicalClass, asked after `cursor`: the first chassis row, or where to
 * go on, or the end of the column. At most BULK_ROWS varbinds are read.
 */
export function classStep(varbinds: readonly unknown[], cursor: string): ClassStep {
  let last = cursor === ENT_PHYSICAL_CLASS ? 0 : (indexIn(ENT_PHYSICAL_CLASS, cursor) ?? 0);
  let next = cursor;
  for (const raw of varbinds.slice(0, BULK_ROWS)) {
    const vb = varbindOf(raw);
    if (vb === null) return { kind: 'malformed', why: 'varbind without an OID or type' };
    if (isException(vb.type)) return { kind: 'end' };
    // Past the column (the next column, another MIB): the column has ended.
    if (!vb.oid.startsWith(`${ENT_PHYSICAL_CLASS}.`)) return { kind: 'end' };
    const index = indexIn(ENT_PHYSICAL_CLASS, vb.oid);
    if (index === null) return { kind: 'malformed', why: `entPhysicalClass row of a malformed index: ${shown(vb.oid)}` };
    if (index <= last) return { kind: 'malformed', why: `entPhysicalClass rows do not increase (${index} after ${last})` };
    if (vb.type !== BER.integer || typeof vb.value !== 'number') {
      return { kind: 'malformed', why: `entPhysicalClass.${index} of BER type ${vb.type}` };
    }
    if (vb.value === CHASSIS) return { kind: 'chassis', index };
    last = index;
    next = vb.oid;
  }
  return next === cursor ? { kind: 'end' } : { kind: 'more', cursor: next };
}

/** The OIDs asked of the chassis row. */
export function chassisOids(index: number): string[] {
  return CHASSIS_COLUMNS.map((c) => `${ENT_PHYSICAL_ENTRY}.${c.column}.${index}`);
}

/** How a device's text object is written: SnmpAdminString is UTF-8; some makers' MIBs say "unicode" (UTF-16LE). */
export type TextEncoding = 'utf-8' | 'utf-16le';

/**
 * A text object as the device states it: the value, or why it is malformed (another type, more
 * than SnmpAdminString's 255 bytes, UTF-16 of an odd length), or null when it states nothing
 * (empty, NUL padding only, a placeholder).
 */
export function statedText(name: string, type: number, value: unknown, encoding: TextEncoding = 'utf-8'): { value: string } | { malformed: string } | null {
  if (type !== BER.octetString || !Buffer.isBuffer(value)) return { malformed: `${name} of BER type ${type}` };
  if (value.length > MAX_ENTITY_BYTES) return { malformed: `${name} of ${value.length} bytes (at most ${MAX_ENTITY_BYTES}): ${shown(value)}` };
  if (encoding === 'utf-16le' && value.length % 2 !== 0) return { malformed: `${name} of ${value.length} bytes is no UTF-16 text: ${shown(value)}` };
  // Fixed-size fields come NUL-padded.
  const text = value.toString(encoding === 'utf-16le' ? 'utf16le' : 'utf8').replace(/\0+$/, '').trim();
  return text === '' || PLACEHOLDER.test(text) ? null : { value: text };
}

/**
 * The facts a GET of the chassis row yields: one per column that states a value. Control
 * characters stay (escaping is each output's job).
 */
export function chassisFacts(varbinds: readonly unknown[], index: number): SnmpFact[] {
  const out: SnmpFact[] = [];
  for (const raw of varbinds.slice(0, CHASSIS_COLUMNS.length)) {
    const vb = varbindOf(raw);
    if (vb === null || isException(vb.type)) continue;
    // An agent may answer with objects we did not ask for; they are not what they claim to be.
    const column = CHASSIS_COLUMNS.find((c) => vb.oid === `${ENT_PHYSICAL_ENTRY}.${c.column}.${index}`);
    if (column === undefined) continue;
    const stated = statedText(column.name, vb.type, vb.value);
    if (stated === null) continue;
    out.push('value' in stated ? { kind: column.kind, value: stated.value } : { kind: 'malformed', value: stated.malformed });
  }
  return out;
}
