import pLimit, { type LimitFunction } from 'p-limit';
import type { Observation } from '../../observations/observation.js';
import { scopeContains } from '../../scope/index.js';
import type { ProbeContext } from '../probe-context.js';
import { tcpExchange, type TcpReply } from './tcp-exchange.js';
import { probesForPort, TCP_PROBES, type TcpProbe } from './tcp-probes.js';

export interface OpenPort {
  readonly ip: string;
  readonly port: number;
}

/** Silence after the last byte that ends a greeting: banners come in one burst. */
const IDLE_MS = 400;

/** One bounded exchange of `probe` with ip:port; `request`/`maxBytes` replace the probe's own (vendor paths ask other paths). */
export function probeExchange(
  probe: TcpProbe,
  ip: string,
  port: number,
  ctx: ProbeContext,
  overrides: { readonly request?: Buffer; readonly maxBytes?: number } = {},
): Promise<TcpReply> {
  const request = overrides.request ?? probe.request?.(ip, port);
  return tcpExchange({
    ip,
    port,
    tls: probe.tls ?? false,
    ...(request ? { request } : {}),
    ...(probe.complete ? { complete: probe.complete } : {}),
    timeoutMs: ctx.timeoutMs,
    idleMs: IDLE_MS,
    maxBytes: overrides.maxBytes ?? probe.maxBytes,
    signal: ctx.signal,
  });
}

/** Runs one open port's probes, each exchange taking a slot of `limit` (shared by the scan's probes); one that fails or stays silent adds nothing. */
export async function runPortProbes(
  { ip, port }: OpenPort,
  ctx: ProbeContext,
  limit: LimitFunction,
  probes: readonly TcpProbe[] = TCP_PROBES,
): Promise<Observation[]> {
  const results = await Promise.all(
    probesForPort(port, probes).map((probe) =>
      limit(async () => {
        if (ctx.signal.aborted) return [];
        try {
          await ctx.pace?.();
          return probe.decode(await probeExchange(probe, ip, port, ctx), ip, port, ctx);
        } catch {
          return [];
        }
      }),
    ),
  );
  return results.flat();
}

/** Runs each open port's probes, `concurrency` exchanges at a time. */
export async function runTcpProbes(
  ports: readonly OpenPort[],
  ctx: ProbeContext,
  concurrency: number,
  probes: readonly TcpProbe[] = TCP_PROBES,
): Promise<Observation[]> {
  const limit = pLimit(concurrency);
  const results = await Promise.all(ports.filter((p) => scopeContains(ctx.scope, p.ip)).map((p) => runPortProbes(p, ctx, limit, probes)));
  return results.flat();
}
