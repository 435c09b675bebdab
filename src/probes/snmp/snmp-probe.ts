/**
 * SNMP v2c GET of the system group (sysDescr, sysObjectID, sysName) on UDP 161, trying each
 * community configured for the host's subnet (else the default list) in turn until one is answered. A wrong community gets silence from a real
 * agent, so each costs at most the exchange timeout. A host that answered is then asked which
 * device it is (observations/snmp-identity.ts): its chassis row of ENTITY-MIB (at most
 * MAX_BULK_REQUESTS GETBULKs and one GET) and, under a maker's arc, that maker's objects (one GET).
 * The community that worked is never recorded: it is a secret of the site (it is only handed, in
 * memory, to infrastructure discovery).
 */
import snmp, { type Session } from 'net-snmp';
import pLimit from 'p-limit';
import type { Observation, ObservationKind } from '../../observations/observation.js';
import { BULK_ROWS } from '../../observations/snmp-entity.js';
import { readIdentity, type SnmpReply, type SnmpRequests } from '../../observations/snmp-identity.js';
import { SYSTEM_OBJECTS } from '../../observations/snmp-system.js';
import { scopeContains } from '../../scope/index.js';
import { type ProbeContext, excerpt, observe } from '../probe-context.js';
import { communitiesFor, type SubnetCommunities } from './snmp-communities.js';
import { ROLE_OBJECTS, roleOf, type SnmpAnswer } from './snmp-role.js';
import { SNMP_PORT, SNMP_SOURCE, snmpObservations, varbindFacts } from './snmp-varbinds.js';

export interface SnmpOptions {
  /** Tried in order; the first that gets an answer wins. */
  readonly communities: readonly string[];
  /** Replace `communities` for the addresses of these subnets. */
  readonly bySubnet?: readonly SubnetCommunities[];
  /** Hosts asked at once. */
  readonly concurrency: number;
  /** Agent port; 161 unless a test says otherwise. */
  readonly port?: number;
  /**
   * Set: each host that answered is asked, with one more GET and the community it answered to,
   * whether it forwards IP or bridges (snmp-role.ts), and told here (infrastructure.discover).
   */
  readonly answered?: (answer: SnmpAnswer) => void;
  /**
   * Told each host whose system group this probe read, with the kinds it recorded of it, at no cost
   * of traffic: the infrastructure stage then records no second copy of those from its own reads,
   * and still records what a community's narrower view withheld (an ENTITY-MIB row a v3 user sees).
   */
  readonly read?: (ip: string, kinds: ReadonlySet<ObservationKind>) => void;
}

export const DEFAULT_COMMUNITIES: readonly string[] = ['public'];

type GetOutcome =
  | { readonly kind: 'answer'; readonly varbinds: readonly unknown[] }
  | { readonly kind: 'silent' }
  /** `refused`: a well-formed reply whose error-status says no (genErr, noSuchName, tooBig …). */
  | { readonly kind: 'unreadable'; readonly why: string; readonly refused?: boolean };

/** One request datagram, sent by `send` on a fresh session. */
type Send = (session: Session, done: (error: Error | null, varbinds?: readonly unknown[]) => void) => void;

const get =
  (oids: readonly string[]): Send =>
  (session, done) =>
    session.get(oids, done);

/** A GETBULK of one column: the reply's rows of it (net-snmp lists a repeater's rows in one array). */
const bulkAfter =
  (oid: string): Send =>
  (session, done) =>
    session.getBulk([oid], 0, BULK_ROWS, (error, varbinds) => {
      const rows = varbinds?.[0];
      done(error, Array.isArray(rows) ? (rows as readonly unknown[]) : []);
    });

/** One request datagram with one community, answered within half of ctx.timeoutMs, the session always closed. */
function exchange(ip: string, community: string, port: number, ctx: ProbeContext, send: Send): Promise<GetOutcome> {
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
      send(session, (error, varbinds) => {
        if (!error) settle({ kind: 'answer', varbinds: varbinds ?? [] });
        else if (error.name === 'RequestTimedOutError') settle({ kind: 'silent' });
        else settle({ kind: 'unreadable', why: error.message, refused: error.name === 'RequestFailedError' });
      });
    } catch (error) {
      settle({ kind: 'unreadable', why: error instanceof Error ? error.message : String(error) });
    }
  });
}

/** At most one retry of a silent request, the whole exchange within ctx.timeoutMs; each datagram takes its token. */
async function ask(ip: string, community: string, port: number, ctx: ProbeContext, send: Send): Promise<GetOutcome> {
  let outcome: GetOutcome = { kind: 'silent' };
  for (let attempt = 0; attempt < 2 && outcome.kind === 'silent' && !ctx.signal.aborted; attempt++) {
    await ctx.pace?.();
    outcome = await exchange(ip, community, port, ctx, send);
  }
  return outcome;
}

const SYSTEM_OIDS = SYSTEM_OBJECTS.map((o) => o.oid);
const ROLE_OIDS = [ROLE_OBJECTS.ipForwarding, ROLE_OBJECTS.dot1dBaseNumPorts];

/** The identity requests, sent with the community the host answered to. */
function requestsTo(ip: string, community: string, port: number, ctx: ProbeContext): SnmpRequests {
  const reply = async (send: Send): Promise<SnmpReply> => {
    const outcome = await ask(ip, community, port, ctx, send);
    if (outcome.kind !== 'unreadable') return outcome;
    return outcome.refused === true ? { kind: 'refused' } : { kind: 'unreadable', why: excerpt(outcome.why) };
  };
  return { get: (oids) => reply(get(oids)), bulkAfter: (oid) => reply(bulkAfter(oid)) };
}

async function probeHost(ip: string, ctx: ProbeContext, communities: readonly string[], port: number, options: Pick<SnmpOptions, 'answered' | 'read'>): Promise<Observation[]> {
  const { answered } = options;
  const unreadable: Observation[] = [];
  for (const community of communities) {
    if (ctx.signal.aborted) break;
    const outcome = await ask(ip, community, port, ctx, get(SYSTEM_OIDS));
    if (outcome.kind === 'answer') {
      if (answered) {
        const role = await ask(ip, community, port, ctx, get(ROLE_OIDS));
        if (role.kind === 'answer') answered({ ip, community, ...roleOf(role.varbinds) });
      }
      const system = varbindFacts(outcome.varbinds, ip, ctx, port);
      const sysObjectID = system.find((o) => o.kind === 'snmp.sysobjectid')?.value ?? null;
      const read = [...system, ...snmpObservations(await readIdentity(requestsTo(ip, community, port, ctx), sysObjectID), ip, ctx, port)];
      options.read?.(ip, new Set(read.map((o) => o.kind)));
      return read;
    }
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
  return (ip) => (scopeContains(ctx.scope, ip) ? limit(() => probeHost(ip, ctx, choose(ip), port, options)) : Promise.resolve([]));
}

/** Asks every in-scope address for its system group, `concurrency` hosts at a time. */
export async function runSnmpProbe(ips: readonly string[], ctx: ProbeContext, options: SnmpOptions): Promise<Observation[]> {
  const probe = snmpProber(ctx, options);
  const results = await Promise.all([...new Set(ips)].map(probe));
  return results.flat();
}
