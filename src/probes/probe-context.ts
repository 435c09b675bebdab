import type { Observation } from '../observations/observation.js';
import { boundValue } from '../observations/observation.js';
import type { Scope } from '../scope/types.js';
import type { MarkerFinder } from './http/body-markers.js';

/** What every probe gets: where it may go, how long it may take, and how to stop. */
export interface ProbeContext {
  readonly scope: Scope;
  readonly signal: AbortSignal;
  /** Per exchange (connect + reply, or a multicast listening window). */
  readonly timeoutMs: number;
  /** Local addresses to send multicast from. */
  readonly interfaces: readonly string[];
  /** Resolves when one more connection or request may start (the scan's --rate cap); none = unpaced. */
  readonly pace?: () => Promise<void>;
  readonly now?: () => Date;
  /** Where a web page names its maker beyond its first 2 KB (identification's markers, passed in by the scan). */
  readonly bodyMarkers?: MarkerFinder;
}

/** Builds an observation with a bounded value; the one way probes make them. */
export function observe(
  ctx: Pick<ProbeContext, 'now'>,
  fact: { ip: string; kind: Observation['kind']; value: string; source: string; port?: number; mac?: string | null },
): Observation {
  return {
    ip: fact.ip,
    kind: fact.kind,
    value: boundValue(fact.value),
    source: fact.source,
    at: (ctx.now?.() ?? new Date()).toISOString(),
    ...(fact.port !== undefined ? { port: fact.port } : {}),
    ...(fact.mac ? { mac: fact.mac } : {}),
  };
}

/** A printable excerpt of bytes that could not be parsed, for a 'malformed' observation. */
export function excerpt(data: Buffer | string, max = 256): string {
  // String() as well: a library's error "message" is not always the string its type claims (found by fuzzing net-snmp).
  const text = Buffer.isBuffer(data) ? data.subarray(0, max * 4).toString('latin1') : String(data);
  return boundValue(text.replace(/[^\x20-\x7e]/g, '.'), max);
}
