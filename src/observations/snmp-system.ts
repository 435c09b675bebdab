/**
 * What an SNMP agent says of itself in its system group (RFC 3418), read from a GET reply's
 * varbinds. Pure and shared: the SNMP probe (v2c) and the infrastructure reads (v3) ask, this
 * reads. net-snmp decodes BER but checks nothing, so each varbind's shape is checked here and
 * anything unexpected becomes a `malformed` fact, never a throw.
 */
import { plainText } from '../util/safe-text.js';
import { MAX_VALUE_LENGTH, type ObservationKind } from './observation.js';

/** One fact an SNMP reply states; each stage makes it an observation of its host, port and source. */
export interface SnmpFact {
  readonly kind: ObservationKind;
  readonly value: string;
}

/** SNMPv2-MIB system group scalars, with the observation each becomes. */
export const SYSTEM_OBJECTS: readonly { readonly oid: string; readonly name: string; readonly kind: ObservationKind }[] = [
  { oid: '1.3.6.1.2.1.1.1.0', name: 'sysDescr', kind: 'snmp.sysdescr' },
  { oid: '1.3.6.1.2.1.1.2.0', name: 'sysObjectID', kind: 'snmp.sysobjectid' },
  { oid: '1.3.6.1.2.1.1.5.0', name: 'sysName', kind: 'snmp.sysname' },
];

/** BER tags as net-snmp reports them (RFC 2578 / RFC 3416). */
export const BER = { integer: 2, octetString: 4, oid: 6, noSuchObject: 128, noSuchInstance: 129, endOfMibView: 130 } as const;
const EXCEPTIONS: readonly number[] = [BER.noSuchObject, BER.noSuchInstance, BER.endOfMibView];

/** noSuchObject, noSuchInstance, endOfMibView: the agent has no such value. */
export const isException = (type: number): boolean => EXCEPTIONS.includes(type);

/** Varbinds read at most: we ask for three, a reply with thousands is not read further. */
const MAX_VARBINDS = 16;
/** Bytes decoded per value: enough for MAX_VALUE_LENGTH characters of UTF-8. */
const MAX_VALUE_BYTES = MAX_VALUE_LENGTH * 4;
const DOTTED_OID = /^\d{1,10}(?:\.\d{1,10}){1,127}$/;

/** A varbind's OID (without a leading dot), type and value, or null when it is not one. */
export function varbindOf(vb: unknown): { oid: string; type: number; value: unknown } | null {
  if (!vb || typeof vb !== 'object') return null;
  const { oid, type, value } = vb as { oid?: unknown; type?: unknown; value?: unknown };
  return typeof oid === 'string' && typeof type === 'number' ? { oid: oid.replace(/^\./, ''), type, value } : null;
}

/** A short printable form of device bytes for a `malformed` fact. */
export function shown(data: unknown, max = 64): string {
  const text = Buffer.isBuffer(data) ? data.subarray(0, max * 4).toString('latin1') : String(data);
  return plainText(text.replace(/[^\x20-\x7e]/g, '.'), max);
}

function textOf(value: unknown): string | null {
  if (Buffer.isBuffer(value)) return value.subarray(0, MAX_VALUE_BYTES).toString('utf8');
  if (typeof value === 'string') return value.slice(0, MAX_VALUE_LENGTH);
  return null;
}

/** The facts of one GET reply of the system group. Control characters stay (escaping is each output's job). */
export function systemFacts(varbinds: readonly unknown[]): SnmpFact[] {
  const out: SnmpFact[] = [];
  const fact = (kind: ObservationKind, value: string) => out.push({ kind, value });
  for (const raw of varbinds.slice(0, MAX_VARBINDS)) {
    if (!raw || typeof raw !== 'object') {
      fact('malformed', 'SNMP varbind is not an object');
      continue;
    }
    const vb = varbindOf(raw);
    if (vb === null) {
      fact('malformed', 'SNMP varbind without an OID or type');
      continue;
    }
    const object = SYSTEM_OBJECTS.find((o) => o.oid === vb.oid);
    // An agent may answer with objects we did not ask for; they are not what they claim to be.
    if (!object || isException(vb.type)) continue;
    const wanted = object.kind === 'snmp.sysobjectid' ? BER.oid : BER.octetString;
    const text = vb.type === wanted ? textOf(vb.value) : null;
    if (text === null) {
      fact('malformed', `${object.name} of BER type ${vb.type}: ${shown(textOf(vb.value) ?? String(typeof vb.value), 256)}`);
      continue;
    }
    if (object.kind === 'snmp.sysobjectid') {
      const dotted = text.replace(/^\./, '');
      if (DOTTED_OID.test(dotted)) fact(object.kind, dotted);
      else fact('malformed', `sysObjectID is not a dotted OID: ${shown(text, 256)}`);
    } else {
      fact(object.kind, text);
    }
  }
  return out;
}
