/**
 * What the SNMP system group says about a device, read from a GET response's varbinds. Pure:
 * the varbinds come straight from the network (net-snmp decodes BER but checks nothing), so each
 * one's shape is checked here and anything unexpected is recorded as malformed, never thrown.
 */
import { MAX_VALUE_LENGTH, type Observation, type ObservationKind } from '../../observations/observation.js';
import { type ProbeContext, excerpt, observe } from '../probe-context.js';

/** SNMPv2-MIB system group scalars (RFC 3418), with the observation each becomes. */
export const SYSTEM_OBJECTS: readonly { readonly oid: string; readonly name: string; readonly kind: ObservationKind }[] = [
  { oid: '1.3.6.1.2.1.1.1.0', name: 'sysDescr', kind: 'snmp.sysdescr' },
  { oid: '1.3.6.1.2.1.1.2.0', name: 'sysObjectID', kind: 'snmp.sysobjectid' },
  { oid: '1.3.6.1.2.1.1.5.0', name: 'sysName', kind: 'snmp.sysname' },
];

/** BER tags as net-snmp reports them (RFC 2578 / RFC 3416). */
const TAG = { octetString: 4, oid: 6, noSuchObject: 128, noSuchInstance: 129, endOfMibView: 130 } as const;
const EXCEPTIONS: readonly number[] = [TAG.noSuchObject, TAG.noSuchInstance, TAG.endOfMibView];
/** Varbinds read at most: we ask for three, a reply with thousands is not read further. */
const MAX_VARBINDS = 16;
/** Bytes decoded per value: enough for MAX_VALUE_LENGTH characters of UTF-8. */
const MAX_VALUE_BYTES = MAX_VALUE_LENGTH * 4;
const DOTTED_OID = /^\d{1,10}(?:\.\d{1,10}){1,127}$/;

export const SNMP_SOURCE = 'snmp';
export const SNMP_PORT = 161;

function textOf(value: unknown): string | null {
  if (Buffer.isBuffer(value)) return value.subarray(0, MAX_VALUE_BYTES).toString('utf8');
  if (typeof value === 'string') return value.slice(0, MAX_VALUE_LENGTH);
  return null;
}

/**
 * The observations one GET response yields. Control characters stay in the values (escaping is
 * each output's job); `observe` bounds their length.
 */
export function varbindFacts(varbinds: readonly unknown[], ip: string, ctx: Pick<ProbeContext, 'now'>, port = SNMP_PORT): Observation[] {
  const out: Observation[] = [];
  const fact = (kind: ObservationKind, value: string) => out.push(observe(ctx, { ip, port, source: SNMP_SOURCE, kind, value }));
  for (const vb of varbinds.slice(0, MAX_VARBINDS)) {
    if (!vb || typeof vb !== 'object') {
      fact('malformed', 'SNMP varbind is not an object');
      continue;
    }
    const { oid, type, value } = vb as { oid?: unknown; type?: unknown; value?: unknown };
    if (typeof oid !== 'string' || typeof type !== 'number') {
      fact('malformed', 'SNMP varbind without an OID or type');
      continue;
    }
    const object = SYSTEM_OBJECTS.find((o) => o.oid === oid.replace(/^\./, ''));
    // An agent may answer with objects we did not ask for; they are not what they claim to be.
    if (!object || EXCEPTIONS.includes(type)) continue;
    const wanted = object.kind === 'snmp.sysobjectid' ? TAG.oid : TAG.octetString;
    const text = type === wanted ? textOf(value) : null;
    if (text === null) {
      fact('malformed', `${object.name} of BER type ${type}: ${excerpt(textOf(value) ?? String(typeof value))}`);
      continue;
    }
    if (object.kind === 'snmp.sysobjectid') {
      const dotted = text.replace(/^\./, '');
      if (DOTTED_OID.test(dotted)) fact(object.kind, dotted);
      else fact('malformed', `sysObjectID is not a dotted OID: ${excerpt(text)}`);
    } else {
      fact(object.kind, text);
    }
  }
  return out;
}
