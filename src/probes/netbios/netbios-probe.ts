/**
 * Asks every live host its NetBIOS names (node status, UDP 137) in one paced burst, asks the
 * silent ones again at the RFC's LAN interval and listens a short grace after the last resend
 * (~1 s in all, not the probes' 2 s timeout), so a host that drops one datagram still answers
 * and a scan does not wait 2 s for hosts without NetBIOS (#15). A reply counts only from the
 * address asked and with our transaction id; its computer name becomes a `hostname` fact from
 * source 'netbios'.
 */
import { randomInt } from 'node:crypto';
import type { Observation } from '../../observations/observation.js';
import { type ProbeContext, excerpt, observe } from '../probe-context.js';
import { udpExchange } from '../udp/udp-exchange.js';
import { computerName, encodeNodeStatusRequest, NETBIOS_PORT, parseNodeStatus } from './netbios-codec.js';

export const NETBIOS_SOURCE = 'netbios';
/** A node status reply with a dozen names is ~300 bytes; 255 names fit in 4,700. */
const MAX_REPLY_BYTES = 8192;
/** Replies kept per host: a host answers once; a few retransmissions fit, a flood does not. */
const REPLIES_PER_HOST = 4;
// RFC 1002 §6 (defined constants): BCAST_REQ_RETRY_TIMEOUT 250 ms, BCAST_REQ_RETRY_COUNT 3 on a LAN.
const RESEND_MS = 250;
const SENDS = 3;
/** After the last resend: twice the RFC's interval for a slow host's answer. */
const GRACE_MS = 2 * RESEND_MS;

export interface NetbiosOutcome {
  readonly observations: Observation[];
  readonly errors?: readonly string[];
}

export async function runNetbiosNames(hosts: readonly string[], ctx: ProbeContext, port = NETBIOS_PORT): Promise<NetbiosOutcome> {
  if (!hosts.length || ctx.signal.aborted) return { observations: [] };
  const id = randomInt(0x10000);
  const exchange = await udpExchange({
    destinations: hosts.map((address) => ({ address, port })),
    payload: encodeNodeStatusRequest(id),
    interfaces: [],
    resend: { count: SENDS - 1, everyMs: RESEND_MS },
    listenMs: Math.min(ctx.timeoutMs, GRACE_MS),
    maxBytes: MAX_REPLY_BYTES,
    maxReplies: hosts.length * REPLIES_PER_HOST,
    maxRepliesPerSender: REPLIES_PER_HOST,
    signal: ctx.signal,
    ...(ctx.pace ? { pace: ctx.pace } : {}),
  });
  const asked = new Set(hosts);
  const seen = new Set<string>();
  const observations: Observation[] = [];
  for (const reply of exchange.replies) {
    if (!asked.has(reply.from) || seen.has(reply.from)) continue;
    // Another transaction's reply is not an answer to ours (anyone on the segment can forge the source): it must not take the host's turn.
    if (reply.data.length >= 2 && reply.data.readUInt16BE(0) !== id) continue;
    seen.add(reply.from);
    const parsed = reply.truncated ? null : parseNodeStatus(reply.data, id);
    if (!parsed?.ok) {
      const why = parsed ? parsed.reason : 'oversized node status reply';
      observations.push(observe(ctx, { ip: reply.from, kind: 'malformed', source: NETBIOS_SOURCE, value: `${why}: ${excerpt(reply.data)}` }));
      continue;
    }
    const name = computerName(parsed.status);
    if (name) observations.push(observe(ctx, { ip: reply.from, kind: 'hostname', source: NETBIOS_SOURCE, value: name }));
  }
  return { observations, ...(exchange.errors.length ? { errors: exchange.errors.map((e) => `netbios: ${e}`) } : {}) };
}
