import { setMaxListeners } from 'node:events';
import type { Observation } from '../../observations/observation.js';
import { formatIpv4, scopeAddresses, scopeContains } from '../../scope/index.js';
import type { Scope } from '../../scope/types.js';
import { Channel } from '../channel.js';
import type { DiscoveryEngine, DiscoveryOptions } from '../engine.js';
import { AddressWindow, LATE_ANSWER_MS } from './address-window.js';
import { ArpProgress } from './arp-progress.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { NeighborCollector } from './neighbor-collector.js';
import { createNeighborReleaser, type NeighborReleaser } from './neighbor-release.js';
import { retryAddresses } from './retry-plan.js';
import {
  createNeighborTableReader,
  readGcThresh3,
  readTableFulls,
  type NeighborReader,
  type NeighborTableReader,
  type ReachableEntry,
} from './neighbor-table.js';
import { attachedSubnets, holdWarning, TableOccupancy, tableBudget, tableWarnings, type OnLinkTest } from './table-pacing.js';
import type { ConnectFn } from './tcp-connect.js';
import { TcpProber, tcpAliveObservation, type HostTcpResult } from './tcp-probe.js';

const NEIGHBOR_POLL_MS = 250;
/**
 * How long after the first connect an address's ARP may still be resolving: the kernel sends 3
 * requests 1 s apart (mcast_solicit, retrans_time), plus a table read's latency.
 */
const ARP_VERDICT_MS = 3_500;
/**
 * How long the kernel's second ARP request for an address (its third, when answers come slower)
 * may go unanswered before the address is called empty (AddressWindow.giveUpAfterRepeats,
 * ArpProgress): hosts answer a request within milliseconds; a few hundred allow for a busy host.
 */
const EARLY_GRACE_MS = 200;
/** Passes over still-silent addresses (retryAddresses says which); each runs at the window the last one left. */
const MAX_RETRY_PASSES = 5;

/** Everything the engine touches outside itself; tests inject fakes. */
export interface NativeEngineDeps {
  readonly connect?: ConnectFn;
  readonly clock?: Clock;
  /** The table with its states (which entries the kernel cannot evict yet). */
  readonly readNeighborTable?: NeighborTableReader;
  /** The resolved entries only: occupancy is then bounded by time, as with /proc/net/arp. */
  readonly readNeighbors?: NeighborReader;
  /** Which addresses are on an attached subnet (default: this namespace's interfaces). */
  readonly onLink?: OnLinkTest;
  readonly readGcThresh3?: () => Promise<number | null>;
  /** The kernel's count of refused neighbour entries, compared before and after the sweep. */
  readonly readTableFulls?: () => Promise<number | null>;
  readonly neighborPollMs?: number;
  /** Addresses in flight at most, before the table's own limit (tableBudget) narrows it. */
  readonly addressWindow?: number;
  /** Marks entries of hosts the sweep is done with STALE when it waits for room (default: `ip`, with the default table reader only). */
  readonly releaseNeighbors?: NeighborReleaser;
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
  const budget = tableBudget(gcThresh3, deps.addressWindow);
  for (const warning of tableWarnings(budget, gcThresh3)) options.onWarning?.(warning);
  const clock = deps.clock ?? systemClock;
  const pollMs = deps.neighborPollMs ?? NEIGHBOR_POLL_MS;
  const onLink = deps.onLink ?? attachedSubnets();
  const occupancy = new TableOccupancy(budget.budget, clock, onLink, pollMs, () =>
    options.onWarning?.(holdWarning(budget)),
  );
  const readFulls = deps.readTableFulls ?? readTableFulls;
  const fullsBefore = await readFulls();
  const prober = new TcpProber({
    concurrency: options.concurrency,
    rate: options.rate,
    ...(options.bucket !== undefined && { bucket: options.bucket }),
    connectTimeoutMs: options.connectTimeoutMs,
    ...(deps.connect !== undefined && { connect: deps.connect }),
    ...(deps.clock !== undefined && { clock: deps.clock }),
    onLocalError: (code) =>
      options.onWarning?.(`TCP connects fail on this host with ${code}: some addresses were not fully probed`),
  });
  const readTable: NeighborTableReader =
    deps.readNeighborTable ??
    (deps.readNeighbors !== undefined
      ? async () => ({ resolved: await deps.readNeighbors!(), held: null })
      : createNeighborTableReader(options.onWarning !== undefined ? { onWarning: options.onWarning } : {}));
  /** In-scope addresses the last read showed held (resolving or fresh); null when the reader shows no states. */
  let lastHeld: ReadonlySet<string> | null = null;
  /** In-scope REACHABLE entries of the last read. */
  let lastReachable: readonly ReachableEntry[] = [];
  const release: NeighborReleaser | undefined =
    deps.releaseNeighbors ?? (deps.readNeighborTable === undefined && deps.readNeighbors === undefined ? createNeighborReleaser() : undefined);
  let releasing = release !== undefined;
  const arp = new ArpProgress();
  /** Addresses called empty before the kernel gave up on them, until it does (or they answer after all). */
  const givenUpEarly = new Set<string>();
  // Every read also tells the occupancy how many of this scan's entries the kernel holds.
  const readNeighbors: NeighborReader = async () => {
    const at = clock.now();
    const table = await readTable();
    const held = table.held === null ? null : table.held.filter((ip) => scopeContains(scope, ip));
    lastHeld = held === null ? null : new Set(held);
    lastReachable = (table.reachable ?? []).filter((e) => scopeContains(scope, e.ip));
    occupancy.observe(at, held);
    if (table.resolving !== undefined) arp.observe(at, clock.now(), table.resolving);
    // An entry given up early that the kernel no longer holds failed: the address was empty.
    if (lastHeld !== null) for (const ip of givenUpEarly) if (!lastHeld.has(ip)) givenUpEarly.delete(ip);
    return table.resolved;
  };
  const neighbors = new NeighborCollector(
    scope,
    readNeighbors,
    (o) => {
      if (o.kind === 'mac' && givenUpEarly.has(o.ip)) answeredAfterGiveUp(o.ip);
      emit(o);
    },
    options.onWarning,
    () => clock.now(),
  );
  neighbors.start(pollMs);

  /**
   * Whether a silent on-link address answered ARP: the kernel asks three times, a second apart, so
   * an entry still resolving is watched until it resolves or fails. Without the table's states a
   * silent address cannot be told from an empty one, and counts as answering.
   */
  const answeredArp = async (ip: string, arpStarted: number): Promise<boolean> => {
    const deadline = arpStarted + ARP_VERDICT_MS;
    for (;;) {
      await untilAborted(neighbors.refresh(), signal);
      if (signal.aborted) return false;
      if (neighbors.hasMac(ip) || lastHeld === null) return true;
      if (!lastHeld.has(ip)) return false;
      if (emptyEarly(ip)) {
        givenUpEarly.add(ip);
        return false;
      }
      if (clock.now() >= deadline) {
        undecided.add(ip);
        return false;
      }
    }
  };

  /**
   * Whether ARP shows `ip` empty before the kernel gives up on it: the kernel's second request (its
   * third, when answers come after the second) has gone unanswered for EARLY_GRACE_MS.
   */
  const emptyEarly = (ip: string): boolean => {
    const repeats = window.giveUpAfterRepeats;
    return repeats !== null && arp.unansweredAfterRepeat(ip, EARLY_GRACE_MS, repeats);
  };

  /**
   * While the first port's connect waits (longer than the kernel's retry interval), reads the table
   * until ARP shows the address empty (true) or the connect ends (false).
   */
  const emptyBeforeConnectEnds = async (ip: string, connecting: { done: boolean }): Promise<boolean> => {
    if (options.connectTimeoutMs <= LATE_ANSWER_MS) return false; // the connect ends before any request is repeated
    try {
      await clock.sleep(LATE_ANSWER_MS, signal);
    } catch {
      return false;
    }
    while (!connecting.done && !signal.aborted && window.giveUpAfterRepeats !== null) {
      await untilAborted(neighbors.refresh(), signal);
      if (!connecting.done && emptyEarly(ip)) return true;
    }
    return false;
  };

  /**
   * On an attached subnet, ARP says whether anything lives at an address: one port first, and the
   * others only when something answered (the port, or ARP). An empty address then costs one connect
   * slot instead of one per port, which is most of a sparse segment's sweep; once a host answered, it
   * is called empty after the kernel's second ARP request (its third while answers come slower,
   * AddressWindow.giveUpAfterRepeats), and its connect is ended then.
   */
  const probeHost = async (ip: string): Promise<HostProbe> => {
    const [first, ...rest] = options.ports;
    if (first === undefined || rest.length === 0 || !onLink(ip)) return prober.probeHost(ip, options.ports, signal, emit);
    const connect = new AbortController();
    const endConnect = (): void => connect.abort();
    signal.addEventListener('abort', endConnect, { once: true });
    const connecting = { done: false };
    const pending = prober.probeHost(ip, [first], connect.signal, emit).finally(() => {
      connecting.done = true;
      signal.removeEventListener('abort', endConnect);
    });
    if (await Promise.race([pending.then(() => false), emptyBeforeConnectEnds(ip, connecting)])) {
      endConnect();
      await pending;
      givenUpEarly.add(ip);
      return { open: [], refused: false, answerMs: null, tableRead: true };
    }
    const head = await pending;
    // A silent connect ran its whole timeout: the ARP request went out when it started.
    const arpStarted = clock.now() - options.connectTimeoutMs;
    if (signal.aborted) return head;
    if (head.open.length === 0 && !head.refused && !(await answeredArp(ip, arpStarted))) return { ...head, tableRead: true };
    const tail = await prober.probeHost(ip, rest, signal, emit);
    // The first port's connect waited for ARP, the others found it resolved: its answer says how late the host answered.
    return { open: [...head.open, ...tail.open], refused: head.refused || tail.refused, answerMs: head.answerMs ?? tail.answerMs };
  };

  const window = new AddressWindow(budget.window);
  /** On-link addresses probed in the current pass that answered neither a port nor ARP so far. */
  let unanswered: string[] = [];
  /** Silent addresses the kernel was still resolving when their verdict came. */
  const undecided = new Set<string>();
  /** Addresses that answered late or only when asked again: where answers were lost. */
  const lateAnswers: string[] = [];
  /** Ports still to try on hosts that answered ARP after they were given up early. */
  const lateProbes = new Set<Promise<void>>();
  /** Those hosts' addresses while their ports are tried: their entries are not released meanwhile (makeRoom). */
  const lateProbing = new Set<string>();
  /**
   * A host given up early answered the kernel's last ARP request after all: the segment does not
   * keep up. Every port is tried, the first too: its connect ended (or timed out) before ARP resolved.
   */
  const answeredAfterGiveUp = (ip: string): void => {
    givenUpEarly.delete(ip);
    window.lost();
    lateAnswers.push(ip);
    lateProbing.add(ip);
    const task: Promise<void> = prober
      .probeHost(ip, options.ports, signal, emit)
      .then(() => undefined)
      .finally(() => {
        lateProbes.delete(task);
        lateProbing.delete(ip);
      });
    lateProbes.add(task);
  };
  /**
   * Before a pass's silent addresses are counted. Once any answer of the sweep came late, addresses
   * given up early are watched until the kernel resolves or fails them, so a late answer is not
   * lost (the segment may keep up again meanwhile, and give addresses up early again); on one that
   * always kept up, an answer to the kernel's third request is not waited for (nmap -sn gives up
   * as early). Hosts that answered after all finish their ports.
   */
  const settleGivenUp = async (): Promise<void> => {
    const deadline = clock.now() + ARP_VERDICT_MS;
    while (window.lateSeen && givenUpEarly.size > 0 && !signal.aborted && clock.now() < deadline) {
      await untilAborted(neighbors.refresh(), signal);
    }
    await Promise.all(lateProbes);
  };
  let foundOnLink = 0;
  let sweptOnLink = 0;
  const total = scope.size;
  let done = 0;
  const probeAddress = async (ip: string, firstPass: boolean): Promise<void> => {
    occupancy.started(ip);
    sweeping.add(ip);
    undecided.delete(ip);
    const result = await probeHost(ip).finally(() => {
      occupancy.finished(ip);
      sweeping.delete(ip);
    });
    if (signal.aborted) return;
    if (result.answerMs !== null) window.answered(result.answerMs);
    if (result.answerMs !== null && result.answerMs > LATE_ANSWER_MS) lateAnswers.push(ip);
    // Read the table now, while this address's entry is surely still in it (unless ARP just decided it).
    if (result.tableRead !== true) await untilAborted(neighbors.refresh(), signal);
    if (signal.aborted) return;
    const answered = result.open.length > 0 || result.refused;
    if (answered) neighbors.answered(ip);
    if (result.open.length === 0 && result.refused && !neighbors.hasMac(ip)) emit(tcpAliveObservation(ip));
    if (!onLink(ip)) {
      // Off-link addresses make no ARP request: nothing to lose or re-ask.
    } else {
      if (firstPass) sweptOnLink += 1;
      if (!answered && !neighbors.hasMac(ip)) {
        unanswered.push(ip);
        window.empty();
      } else {
        foundOnLink += 1;
        if (!firstPass) {
          window.lost();
          lateAnswers.push(ip);
        }
      }
    }
    if (firstPass) {
      done += 1;
      options.onProgress?.({ done, total });
    }
  };

  /** When the last pass's last address finished: a table read begun since has seen every entry it made. */
  let lastPassEnded = Number.NEGATIVE_INFINITY;
  /** Addresses of this sweep being probed now. */
  const sweeping = new Set<string>();
  /**
   * While the sweep waits for room in the table: the entries of hosts it is done with (found, not
   * being probed) are marked STALE, so the kernel may evict them in 5 s instead of reachable_time
   * (neighbor-release.ts), then the table is read again.
   */
  const makeRoom = async (): Promise<void> => {
    const done = lastReachable.filter((e) => !sweeping.has(e.ip) && !lateProbing.has(e.ip) && neighbors.hasMac(e.ip));
    if (releasing && done.length > 0) {
      // A stopped scan does not wait for `ip` (the signal ends it).
      await untilAborted(
        release!(done, signal).then((ok) => {
          releasing = ok;
        }),
        signal,
      );
    }
    await untilAborted(neighbors.refresh(), signal);
  };
  /** Probes `addresses`, at most `window.size` at once and within the table budget; false when aborted. */
  const pass = async (addresses: Iterable<string>, firstPass: boolean): Promise<boolean> => {
    const inFlight = new Set<Promise<void>>();
    for (const ip of addresses) {
      try {
        await occupancy.room(signal, makeRoom);
      } catch {
        break; // aborted while waiting for room in the table
      }
      const task: Promise<void> = probeAddress(ip, firstPass).finally(() => inFlight.delete(task));
      inFlight.add(task);
      while (inFlight.size >= window.size) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    lastPassEnded = clock.now();
    return !signal.aborted;
  };

  /**
   * The addresses still silent after a pass. An ARP answer that came after an address's verdict
   * (while the kernel still held its entry) shows in the table: that host is found, not asked again.
   */
  const stillSilent = async (): Promise<string[]> => {
    await untilAborted(neighbors.refresh(), signal);
    const silent: string[] = [];
    for (const ip of unanswered) {
      if (neighbors.hasMac(ip)) foundOnLink += 1;
      else silent.push(ip);
    }
    unanswered = [];
    return silent;
  };

  try {
    let more = await pass(addresses(scope), true);
    // Ask silent on-link addresses again, at a narrower window, as far as retryAddresses finds it worth the cost.
    for (let retry = 0; more && retry < MAX_RETRY_PASSES; retry += 1) {
      await settleGivenUp();
      const silent = await stillSilent();
      const lossy = window.takeLateSign();
      // A retry of a dense segment that found nothing new is not repeated.
      if (retry > 0 && !lossy) break;
      window.narrow();
      const again = retryAddresses({
        silent,
        found: foundOnLink,
        swept: sweptOnLink,
        lossy,
        undecided,
        lateAnswers,
        window: window.size,
        maxWindow: budget.window,
        maxPasses: MAX_RETRY_PASSES,
      });
      if (again.length === 0) break;
      more = await pass(again, false);
    }
    if (more) {
      await settleGivenUp();
      await neighbors.stop(lastPassEnded);
    }
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

/** What probing one address showed; `tableRead`: the neighbour table was read after its last attempt ended. */
type HostProbe = HostTcpResult & { readonly tableRead?: boolean };

function* addresses(scope: Scope): Generator<string> {
  for (const n of scopeAddresses(scope)) yield formatIpv4(n);
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
