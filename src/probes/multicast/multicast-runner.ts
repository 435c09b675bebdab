import pLimit from 'p-limit';
import type { Observation } from '../../observations/observation.js';
import { scopeContains } from '../../scope/index.js';
import { fetchBounded } from '../http/fetch-bounded.js';
import { type ProbeContext, excerpt, observe } from '../probe-context.js';
import { parseDescription } from '../ssdp/ssdp-codec.js';
import { udpExchange } from '../udp/udp-exchange.js';
import { MULTICAST_PROBES, type MulticastProbe } from './discovery-probes.js';
import { SenderBudget } from './sender-budget.js';
import { urlIpv4 } from './speaks-for.js';

export interface MulticastOutcome {
  readonly observations: Observation[];
  /** Replies that came from addresses outside the scope: ignored, only counted. */
  readonly outOfScope: number;
  /** Probes that could not be sent as asked (see udpExchange): the scan records them. */
  readonly errors?: readonly string[];
}

/** Replies kept per protocol: a segment full of cameras fits, a flood does not grow memory. */
const MAX_REPLIES = 4096;
/** Replies kept per sender and protocol: an honest device answers a few times, a flood cannot take every place. */
const MAX_REPLIES_PER_SENDER = 256;
const MAX_DESCRIPTION_BYTES = 64 * 1024;
/** Description fetches in flight at once (each also waits for the scan's --rate). */
const DESCRIPTION_CONCURRENCY = 8;

/** Sends every multicast discovery probe once per interface in scope, at the same time, and decodes what answers. */
export async function runMulticastProbes(ctx: ProbeContext, probes: readonly MulticastProbe[] = MULTICAST_PROBES): Promise<MulticastOutcome> {
  if (!ctx.interfaces.length) return { observations: [], outOfScope: 0 };
  let outOfScope = 0;
  const errors: string[] = [];
  const budget = new SenderBudget();
  const descriptions = new DescriptionChoice();
  await Promise.all(
    probes.map(async (probe) => {
      const exchange = await udpExchange({
        destinations: [{ address: probe.group, port: probe.port }],
        payload: probe.request(),
        interfaces: ctx.interfaces,
        listenMs: ctx.timeoutMs,
        maxBytes: probe.maxBytes,
        maxReplies: MAX_REPLIES,
        maxRepliesPerSender: MAX_REPLIES_PER_SENDER,
        signal: ctx.signal,
      });
      errors.push(...exchange.errors.map((e) => `${probe.name}: ${e}`));
      for (const reply of exchange.replies) {
        if (!scopeContains(ctx.scope, reply.from)) outOfScope++;
        else
          for (const o of probe.decode(reply, ctx)) {
            descriptions.consider(o);
            budget.offer(o);
          }
      }
    }),
  );
  await fetchDescriptions(ctx, descriptions.chosen(), (o) => budget.offer(o));
  return { observations: budget.facts(ctx), outOfScope, ...(errors.length ? { errors } : {}) };
}

/**
 * One description per device, from the device itself: the lowest of the http LOCATIONs it
 * announced on its own address (stable whatever order the replies came in). A LOCATION pointing
 * elsewhere is not followed, and a device naming thousands of ports costs one fetch.
 */
export class DescriptionChoice {
  private readonly lowest = new Map<string, string>();

  consider(o: Observation): void {
    if (o.kind !== 'upnp.location' || !o.value.startsWith('http://') || urlIpv4(o.value) !== o.ip) return;
    const current = this.lowest.get(o.ip);
    if (current === undefined || o.value < current) this.lowest.set(o.ip, o.value);
  }

  chosen(): { ip: string; url: string }[] {
    return [...this.lowest].map(([ip, url]) => ({ ip, url }));
  }
}

/** Fetches the chosen descriptions, a few at a time and each through the scan's rate cap. */
export async function fetchDescriptions(ctx: ProbeContext, chosen: readonly { ip: string; url: string }[], keep: (o: Observation) => void): Promise<void> {
  const limit = pLimit(DESCRIPTION_CONCURRENCY);
  await Promise.all(
    chosen.map(({ ip, url }) =>
      limit(async () => {
        if (ctx.signal.aborted) return;
        try {
          await ctx.pace?.();
          const res = await fetchBounded(new URL(url), { timeoutMs: ctx.timeoutMs, maxBytes: MAX_DESCRIPTION_BYTES, signal: ctx.signal });
          const desc = res.truncated ? null : parseDescription(res.body.toString('utf8'));
          if (!desc) {
            keep(observe(ctx, { ip, kind: 'malformed', source: 'upnp', value: `${res.truncated ? 'oversized' : 'unreadable'} description: ${excerpt(res.body)}` }));
            return;
          }
          const facts: [Observation['kind'], string | null][] = [
            ['upnp.manufacturer', desc.manufacturer],
            ['upnp.model', [desc.modelName, desc.modelNumber].filter(Boolean).join(' ') || null],
            ['upnp.serial', desc.serialNumber],
            ['upnp.udn', desc.udn],
            ['hostname', desc.friendlyName],
          ];
          for (const [kind, value] of facts) if (value) keep(observe(ctx, { ip, kind, source: 'upnp', value }));
        } catch {
          // An unreachable or silent description server, or an aborted scan: not the device's identity, nothing to record.
        }
      }),
    ),
  );
}
