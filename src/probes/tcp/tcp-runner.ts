import pLimit from 'p-limit';
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

/** Runs each open port's probes, `concurrency` exchanges at a time; a port that fails or stays silent adds nothing. */
export async function runTcpProbes(
  ports: readonly OpenPort[],
  ctx: ProbeContext,
  concurrency: number,
  probes: readonly TcpProbe[] = TCP_PROBES,
): Promise<Observation[]> {
  const limit = pLimit(concurrency);
  const jobs = ports
    .filter((p) => scopeContains(ctx.scope, p.ip))
    .flatMap((p) => probesForPort(p.port, probes).map((probe) => ({ ...p, probe })));
  const results = await Promise.all(
    jobs.map(({ ip, port, probe }) =>
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
