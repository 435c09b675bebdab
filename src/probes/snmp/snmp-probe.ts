/**
 * SNMP v2c GET of the system group (sysDescr, sysObjectID, sysName) on UDP 161, trying each
 * community configured for the host's subnet (else the default list) in turn until one is answered. A wrong community gets silence from a real
 * agent, so each costs at most the exchange timeout. The community that worked is never recorded:
 * it is a secret of the site.
 */
import snmp, { type Session, type Varbind } from 'net-snmp';
import pLimit from 'p-limit';
import type { Observation } from '../../observations/observation.js';
import { scopeContains } from '../../scope/index.js';
import { type ProbeContext, excerpt, observe } from '../probe-context.js';
import { communitiesFor, type SubnetCommunities } from './snmp-communities.js';
import { SNMP_PORT, SNMP_SOURCE, SYSTEM_OBJECTS, varbindFacts } from './snmp-varbinds.js';

export interface SnmpOptions {
  /** Tried in order; the first that gets an answer wins. */
  readonly communities: readonly string[];
  /** Replace `communities` for the addresses of these subnets. */
  readonly bySubnet?: readonly SubnetCommunities[];
  /** Hosts asked at once. */
  readonly concurrency: number;
  /** Agent port; 161 unless a test says otherwise. */
  readonly port?: number;
}

export const DEFAULT_COMMUNITIES: readonly string[] = ['public'];

type GetOutcome =
  | { readonly kind: 'answer'; readonly varbinds: readonly Varbind[] }
  | { readonly kind: 'silent' }
  | { readonly kind: 'unreadable'; readonly why: string };

/** One GET datagram with one community, answered within half of ctx.timeoutMs, the session always closed. */
function getSystem(ip: string, community: string, port: number, ctx: ProbeContext): Promise<GetOutcome> {
  return new Promise((resolve) => {
    let session: Session | undefined;
    let settled = false;
    const settle = (outcome: GetOutcome) => {
      if (settled) return;
      settled = true;
      ctx.signal.removeEventListener('abort', onAbort);
      try {
        session?.close();
      } catch {
        // Already closed: nothing left to release.
      }
      resolve(outcome);
    };
    const onAbort = () => settle({ kind: 'silent' });
    if (ctx.signal.aborted) return settle({ kind: 'silent' });
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      session = snmp.createSession(ip, community, {
        port,
        version: snmp.Version2c,
        // net-snmp's own retry would send unpaced: probeHost retries through the --rate bucket.
        retries: 0,
        timeout: Math.max(1, Math.ceil(ctx.timeoutMs / 2)),
        transport: 'udp4',
      });
      // net-snmp reports a reply it cannot decode as a session error; without a listener it would crash the process.
      session.on('error', (error: unknown) => settle({ kind: 'unreadable', why: error instanceof Error ? error.message : String(error) }));
      session.get(
        SYSTEM_OBJECTS.map((o) => o.oid),
        (error, varbinds) => {
          if (!error) settle({ kind: 'answer', varbinds: varbinds ?? [] });
          else if (error.name === 'RequestTimedOutError') settle({ kind: 'silent' });
          else settle({ kind: 'unreadable', why: error.message });
        },
      );
    } catch (error) {
      settle({ kind: 'unreadable', why: error instanceof Error ? error.message : String(error) });
    }
  });
}

async function probeHost(ip: string, ctx: ProbeContext, communities: readonly string[], port: number): Promise<Observation[]> {
  const unreadable: Observation[] = [];
  for (const community of communities) {
    if (ctx.signal.aborted) break;
    // At most one retry of a silent GET, the whole exchange within ctx.timeoutMs; each datagram takes its token.
    let outcome: GetOutcome = { kind: 'silent' };
    for (let attempt = 0; attempt < 2 && outcome.kind === 'silent' && !ctx.signal.aborted; attempt++) {
      await ctx.pace?.();
      outcome = await getSystem(ip, community, port, ctx);
    }
    if (outcome.kind === 'answer') return varbindFacts(outcome.varbinds, ip, ctx, port);
    // Recorded once per host: another community cannot make a garbled agent readable, but may still get an answer.
    if (outcome.kind === 'unreadable' && unreadable.length === 0) {
      unreadable.push(observe(ctx, { ip, port, source: SNMP_SOURCE, kind: 'malformed', value: `unreadable SNMP reply: ${excerpt(outcome.why)}` }));
    }
  }
  return unreadable;
}

/**
 * The SNMP probe of a scan: asks each address given, as it is given, with at most
 * `options.concurrency` hosts waiting at once. Hosts found together are asked in one burst and wait
 * out one timeout together, instead of one timeout after another.
 */
export function snmpProber(ctx: ProbeContext, options: SnmpOptions): (ip: string) => Promise<Observation[]> {
  const limit = pLimit(Math.max(1, options.concurrency));
  const choose = communitiesFor(options.communities, options.bySubnet ?? []);
  const port = options.port ?? SNMP_PORT;
  return (ip) => (scopeContains(ctx.scope, ip) ? limit(() => probeHost(ip, ctx, choose(ip), port)) : Promise.resolve([]));
}

/** Asks every in-scope address for its system group, `concurrency` hosts at a time. */
export async function runSnmpProbe(ips: readonly string[], ctx: ProbeContext, options: SnmpOptions): Promise<Observation[]> {
  const probe = snmpProber(ctx, options);
  const results = await Promise.all([...new Set(ips)].map(probe));
  return results.flat();
}
