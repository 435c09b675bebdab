/**
 * The SNMP probe's facts as observations of the host it asked: the system group
 * (observations/snmp-system.ts reads the varbinds) and whatever else a reply states.
 */
import type { Observation } from '../../observations/observation.js';
import { systemFacts, type SnmpFact } from '../../observations/snmp-system.js';
import { type ProbeContext, observe } from '../probe-context.js';

export const SNMP_SOURCE = 'snmp';
export const SNMP_PORT = 161;

/** Facts of `ip` as the probe's observations; `observe` bounds their length. */
export function snmpObservations(facts: readonly SnmpFact[], ip: string, ctx: Pick<ProbeContext, 'now'>, port = SNMP_PORT): Observation[] {
  return facts.map((f) => observe(ctx, { ip, port, source: SNMP_SOURCE, kind: f.kind, value: f.value }));
}

/** The observations one GET reply of the system group yields. */
export function varbindFacts(varbinds: readonly unknown[], ip: string, ctx: Pick<ProbeContext, 'now'>, port = SNMP_PORT): Observation[] {
  return snmpObservations(systemFacts(varbinds), ip, ctx, port);
}
