import { setMaxListeners } from 'node:events';
import type { Observation } from '../../observations/observation.js';
import { formatIpv4, scopeAddresses } from '../../scope/index.js';
import type { Scope } from '../../scope/types.js';
import { Channel } from '../channel.js';
import type { DiscoveryEngine, DiscoveryOptions } from '../engine.js';
import type { Clock } from './clock.js';
import { NeighborCollector } from './neighbor-collector.js';
import { createNeighborReader, readGcThresh3, readTableFulls, type NeighborReader } from './neighbor-table.js';
import { pacingWarnings, tablePacing } from './table-pacing.js';
import type { ConnectFn } from './tcp-connect.js';
import { TcpProber, tcpAliveObservation } from './tcp-probe.js';
import { TokenBucket } from './token-bucket.js';

const NEIGHBOR_POLL_MS = 250;

/** Everything the engine touches outside itself; tests inject fakes. */
export interface NativeEngineDeps {
  readonly connect?: ConnectFn;
  readonly clock?: Clock;
  readonly readNeighbors?: NeighborReader;
  readonly readGcThresh3?: () => Promise<number | null>;
  /** The kernel's count of refused neighbour entries, compared before and after the sweep. */
  readonly readTableFulls?: () => Promise<number | null>;
  readonly neighborPollMs?: number;
  /** Addresses in flight at most, before the table's own limit (tablePacing) narrows it. */
  readonly addressWindow?: number;
}

/**
 * Unprivileged discovery: TCP connects to each address (an RST proves a host alive as much as an
 * open port does), while the kernel's neighbour table, filled by the ARP requests those connects
 * cause, yields the MAC of every host on the segment, even of hosts that answer no port.
 */
export function createNativeEngine(deps: NativeEngineDeps = {}): DiscoveryEngine {
  return {
    name: 'native',
    discover: (scope, options, signal) => discover(scope, options, signal, deps),
  };
}

async function* discover(
  scope: Scope,
  options: DiscoveryOptions,
  signal: AbortSignal,
  deps: NativeEngineDeps,
): AsyncGenerator<Observation> {
  if (signal.aborted) return;
  // Aborted by the caller's signal, or when the consumer stops iterating early.
  const stop = new AbortController();
  // One listener per attempt in flight: hundreds are expected, not a leak.
  setMaxListeners(0, stop.signal);
  const onAbort = (): void => stop.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const channel = new Channel<Observation>();
  const sweeping = sweep(scope, options, stop.signal, deps, (o) => channel.push(o)).then(
    () => channel.close(),
    (error: unknown) => channel.fail(error),
  );
  stop.signal.addEventListener('abort', () => channel.close(), { once: true });
  try {
    yield* channel;
  } finally {
    signal.removeEventListener('abort', onAbort);
    stop.abort();
    await sweeping;
  }
}

async function sweep(
  scope: Scope,
  options: DiscoveryOptions,
  signal: AbortSignal,
  deps: NativeEngineDeps,
  emit: (observation: Observation) => void,
): Promise<void> {
  const gcThresh3 = await (deps.readGcThresh3 ?? readGcThresh3)();
  const pacing = tablePacing(gcThresh3, deps.addressWindow);
  for (const warning of pacingWarnings(pacing, gcThresh3, scope.size)) options.onWarning?.(warning);
  const addressStarts = new TokenBucket(pacing.addressesPerSecond, pacing.burst, deps.clock);
  const readFulls = deps.readTableFulls ?? readTableFulls;
  const fullsBefore = await readFulls();
  const prober = new TcpProber({
    concurrency: options.concurrency,
    rate: options.rate,
    connectTimeoutMs: options.connectTimeoutMs,
    ...(deps.connect !== undefined && { connect: deps.connect }),
    ...(deps.clock !== undefined && { clock: deps.clock }),
    onLocalError: (code) =>
      options.onWarning?.(`TCP connects fail on this host with ${code}: some addresses were not fully probed`),
  });
  const readNeighbors =
    deps.readNeighbors ?? createNeighborReader(options.onWarning !== undefined ? { onWarning: options.onWarning } : {});
  const neighbors = new NeighborCollector(scope, readNeighbors, emit, options.onWarning);
  neighbors.start(deps.neighborPollMs ?? NEIGHBOR_POLL_MS);

  const total = scope.size;
  let done = 0;
  const probeAddress = async (n: number): Promise<void> => {
    const ip = formatIpv4(n);
    const result = await prober.probeHost(ip, options.ports, signal, emit);
    if (signal.aborted) return;
    // Read the table now, while this address's entry is surely still in it.
    await untilAborted(neighbors.refresh(), signal);
    if (signal.aborted) return;
    if (result.open.length === 0 && result.refused && !neighbors.hasMac(ip)) emit(tcpAliveObservation(ip));
    done += 1;
    options.onProgress?.({ done, total });
  };

  const inFlight = new Set<Promise<void>>();
  try {
    for (const n of scopeAddresses(scope)) {
      try {
        await addressStarts.take(signal);
      } catch {
        break; // aborted while pacing
      }
      const task: Promise<void> = probeAddress(n).finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= pacing.window) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (!signal.aborted) await neighbors.stop();
  } finally {
    neighbors.halt();
  }
  const fullsAfter = await readFulls();
  if (fullsBefore !== null && fullsAfter !== null && fullsAfter > fullsBefore) {
    options.onWarning?.(
      `the kernel's neighbour table overflowed ${fullsAfter - fullsBefore} times during the sweep ` +
        '(it is shared with other programs and network namespaces): hosts on the segment may be missing',
    );
  }
}

/** Waits for `work`, or only until `signal` aborts. */
function untilAborted(work: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = (): void => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = (): void => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    work.then(settle, settle);
  });
}

/** The native engine with real sockets and the real neighbour table. */
export const nativeEngine: DiscoveryEngine = createNativeEngine();
