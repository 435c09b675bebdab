/**
 * Asks hosts behind a router the discovery questions they cannot hear by multicast: one datagram
 * per protocol per host, all sent in one paced burst and heard in one listening window. A reply
 * is taken only from an address that was asked, and then only about itself (the decoders'
 * speak-for-self checks); SSDP replies lead to the device's own description, as on the segment.
 */
import type { Observation } from '../../observations/observation.js';
import { DescriptionChoice, fetchDescriptions, type MulticastOutcome } from '../multicast/multicast-runner.js';
import { SenderBudget } from '../multicast/sender-budget.js';
import type { ProbeContext } from '../probe-context.js';
import { udpExchange } from '../udp/udp-exchange.js';
import { UNICAST_PROBES, type UnicastProbe } from './unicast-probes.js';

/** Replies kept per protocol: several per host (SSDP answers once per search target), never a flood's worth. */
const REPLIES_PER_HOST = 16;

export interface UnicastOutcome extends MulticastOutcome {
  /** Replies from addresses that were not asked: dropped, only counted. */
  readonly unasked: number;
}

export async function runUnicastDiscovery(hosts: readonly string[], ctx: ProbeContext, probes: readonly UnicastProbe[] = UNICAST_PROBES): Promise<UnicastOutcome> {
  if (!hosts.length || ctx.signal.aborted) return { observations: [], outOfScope: 0, unasked: 0 };
  const asked = new Set(hosts);
  const budget = new SenderBudget();
  const descriptions = new DescriptionChoice();
  const errors: string[] = [];
  let unasked = 0;
  await Promise.all(
    probes.map(async (probe) => {
      const exchange = await udpExchange({
        destinations: hosts.map((address) => ({ address, port: probe.port, payload: probe.request(address) })),
        payload: Buffer.alloc(0),
        interfaces: [],
        listenMs: ctx.timeoutMs,
        maxBytes: probe.maxBytes,
        maxReplies: hosts.length * REPLIES_PER_HOST,
        maxRepliesPerSender: REPLIES_PER_HOST,
        signal: ctx.signal,
        ...(ctx.pace ? { pace: ctx.pace } : {}),
      });
      errors.push(...exchange.errors.map((e) => `${probe.name} (unicast): ${e}`));
      for (const reply of exchange.replies) {
        if (!asked.has(reply.from)) {
          unasked++;
          continue;
        }
        for (const o of probe.decode(reply, ctx)) {
          descriptions.consider(o);
          budget.offer(o);
        }
      }
    }),
  );
  await fetchDescriptions(ctx, descriptions.chosen(), (o: Observation) => budget.offer(o));
  return { observations: budget.facts(ctx), outOfScope: 0, unasked, ...(errors.length ? { errors } : {}) };
}
