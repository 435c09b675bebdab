import pLimit from 'p-limit';
import type { Observation } from '../../observations/observation.js';
import { scopeContains } from '../../scope/index.js';
import type { ProbeContext } from '../probe-context.js';
import { tcpExchange } from './tcp-exchange.js';
import { probesForPort, TCP_PROBES, type TcpProbe } from './tcp-probes.js';

export interface OpenPort {
  readonly ip: string;
  readonly port: number;
}

/** Silence after the last byte that ends a greeting: banners come in one burst. */
const IDLE_MS = 400;

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
          const reply = await tcpExchange({
            ip,
            port,
            tls: probe.tls ?? false,
            ...(probe.request ? { request: probe.request(ip, port) } : {}),
            ...(probe.complete ? { complete: probe.complete } : {}),
            timeoutMs: ctx.timeoutMs,
            idleMs: IDLE_MS,
            maxBytes: probe.maxBytes,
            signal: ctx.signal,
          });
          return probe.decode(reply, ip, port, ctx);
        } catch {
          return [];
        }
      }),
    ),
  );
  return results.flat();
}
