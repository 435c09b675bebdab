/**
 * Reverse DNS (PTR) of each live address through the system's configured DNS servers
 * (/etc/resolv.conf, read by Node's resolver): a few lookups at a time, each given one try and
 * the probe timeout, every address asked once per scan, none after the server stops answering. The first name answered becomes a
 * `hostname` fact from source 'ptr'.
 */
import { promises as dns } from 'node:dns';
import pLimit from 'p-limit';
import type { Observation } from '../../observations/observation.js';
import { type ProbeContext, observe } from '../probe-context.js';

export const PTR_SOURCE = 'ptr';
/** Lookups in flight at once: a resolver is a shared server, not a target. */
const CONCURRENCY = 8;
/** Lookups in a row that found no server: the resolver is taken as absent and the rest are skipped. */
const GIVE_UP_AFTER = CONCURRENCY;
const NO_SERVER = new Set(['ETIMEOUT', 'ECONNREFUSED', 'ESERVFAIL', 'ECANCELLED']);
/** A DNS name is at most 253 characters; anything longer is not a name. */
const MAX_NAME = 253;
const NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,251}[A-Za-z0-9_.])?\.?$/;

/** `servers` ("ip:port") replace the system's: for tests. */
export async function runReverseDns(hosts: readonly string[], ctx: ProbeContext, servers?: readonly string[]): Promise<Observation[]> {
  if (!hosts.length || ctx.signal.aborted) return [];
  const resolver = new dns.Resolver({ timeout: ctx.timeoutMs, tries: 1 });
  if (servers) resolver.setServers(servers);
  const cancel = () => resolver.cancel();
  ctx.signal.addEventListener('abort', cancel, { once: true });
  const limit = pLimit(CONCURRENCY);
  let unanswered = 0;
  try {
    const names = await Promise.all(
      [...new Set(hosts)].map((ip) =>
        limit(async () => {
          if (ctx.signal.aborted || unanswered >= GIVE_UP_AFTER) return null;
          try {
            // Each lookup is a datagram the scan sends: it waits for the --rate bucket (rejects only when the scan stops).
            await ctx.pace?.();
            if (ctx.signal.aborted || unanswered >= GIVE_UP_AFTER) return null;
            // resolvePtr, not reverse(): reverse() reports a timeout as ENOTFOUND, hiding a dead server.
            const answers = await resolver.resolvePtr(`${ip.split('.').reverse().join('.')}.in-addr.arpa`);
            unanswered = 0;
            // The resolver's order is the server's; the least name is the same fact whatever that order.
            const name = answers.filter((n) => n.length <= MAX_NAME && NAME.test(n)).sort()[0];
            return name ? observe(ctx, { ip, kind: 'hostname', source: PTR_SOURCE, value: name.replace(/\.$/, '') }) : null;
          } catch (err) {
            // No PTR record (ENOTFOUND) is an answer; silence from the server counts towards giving up.
            unanswered = NO_SERVER.has((err as { code?: string }).code ?? '') ? unanswered + 1 : 0;
            return null;
          }
        }),
      ),
    );
    return names.filter((o): o is Observation => o !== null);
  } finally {
    ctx.signal.removeEventListener('abort', cancel);
  }
}
