import type { Observation } from '../../observations/observation.js';
import { scopeContains } from '../../scope/index.js';
import { fetchBounded } from '../http/fetch-bounded.js';
import { type ProbeContext, excerpt, observe } from '../probe-context.js';
import { parseDescription } from '../ssdp/ssdp-codec.js';
import { udpExchange } from '../udp/udp-exchange.js';
import { MULTICAST_PROBES, type MulticastProbe } from './discovery-probes.js';

export interface MulticastOutcome {
  readonly observations: Observation[];
  /** Replies that came from addresses outside the scope: ignored, only counted. */
  readonly outOfScope: number;
}

/** Replies kept per protocol: a segment full of cameras fits, a flood does not grow memory. */
const MAX_REPLIES = 4096;
const MAX_DESCRIPTION_BYTES = 64 * 1024;

/** Sends every multicast discovery probe once per interface in scope, at the same time, and decodes what answers. */
export async function runMulticastProbes(ctx: ProbeContext, probes: readonly MulticastProbe[] = MULTICAST_PROBES): Promise<MulticastOutcome> {
  if (!ctx.interfaces.length) return { observations: [], outOfScope: 0 };
  let outOfScope = 0;
  const seen = new Set<string>();
  const observations: Observation[] = [];
  const keep = (o: Observation) => {
    const key = `${o.ip}\u0000${o.kind}\u0000${o.value}`;
    if (!seen.has(key)) {
      seen.add(key);
      observations.push(o);
    }
  };
  await Promise.all(
    probes.map(async (probe) => {
      const replies = await udpExchange({
        destinations: [{ address: probe.group, port: probe.port }],
        payload: probe.request(),
        interfaces: ctx.interfaces,
        listenMs: ctx.timeoutMs,
        maxBytes: probe.maxBytes,
        maxReplies: MAX_REPLIES,
        signal: ctx.signal,
      });
      for (const reply of replies) {
        if (!scopeContains(ctx.scope, reply.from)) outOfScope++;
        else probe.decode(reply, ctx).forEach(keep);
      }
    }),
  );
  await fetchDescriptions(ctx, observations, keep);
  return { observations, outOfScope };
}

/** Fetches each UPnP description, but only from the device that announced it: a LOCATION pointing elsewhere is not followed. */
async function fetchDescriptions(ctx: ProbeContext, found: readonly Observation[], keep: (o: Observation) => void): Promise<void> {
  const locations = found.filter((o) => o.kind === 'upnp.location');
  await Promise.all(
    locations.map(async (loc) => {
      let url: URL;
      try {
        url = new URL(loc.value);
      } catch {
        return keep(observe(ctx, { ip: loc.ip, kind: 'malformed', source: 'ssdp', value: `bad LOCATION: ${excerpt(loc.value)}` }));
      }
      if (url.protocol !== 'http:' || url.hostname !== loc.ip) return;
      try {
        const res = await fetchBounded(url, { timeoutMs: ctx.timeoutMs, maxBytes: MAX_DESCRIPTION_BYTES, signal: ctx.signal });
        const desc = res.truncated ? null : parseDescription(res.body.toString('utf8'));
        if (!desc) {
          keep(observe(ctx, { ip: loc.ip, kind: 'malformed', source: 'upnp', value: `${res.truncated ? 'oversized' : 'unreadable'} description: ${excerpt(res.body)}` }));
          return;
        }
        const facts: [Observation['kind'], string | null][] = [
          ['upnp.manufacturer', desc.manufacturer],
          ['upnp.model', [desc.modelName, desc.modelNumber].filter(Boolean).join(' ') || null],
          ['upnp.serial', desc.serialNumber],
          ['upnp.udn', desc.udn],
          ['hostname', desc.friendlyName],
        ];
        for (const [kind, value] of facts) if (value) keep(observe(ctx, { ip: loc.ip, kind, source: 'upnp', value }));
      } catch {
        // An unreachable or silent description server is common (and not the device's identity): nothing to record.
      }
    }),
  );
}
