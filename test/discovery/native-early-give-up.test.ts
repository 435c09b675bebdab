import { describe, expect, it } from 'vitest';
import type { DiscoveryOptions } from '../../src/discovery/engine.js';
import { createNativeEngine } from '../../src/discovery/native/native-engine.js';
import type { NeighborTable } from '../../src/discovery/native/neighbor-table.js';
import type { ConnectOutcome } from '../../src/discovery/native/tcp-connect.js';
import type { Observation } from '../../src/observations/observation.js';
import { rangeScope } from './scope-fixture.js';

/**
 * The native engine's early give-up against a fake kernel that resolves addresses as Linux does: an
 * INCOMPLETE entry, ARP requests 1 s apart counted in `probes` (from ucast_solicit, 3), FAILED 1 s
 * after the third; a host answers the request it is set to, and a connect waits for its address to
 * resolve. Real time: the engine's thresholds are the kernel's.
 */
const RETRANS_MS = 1_000;
const UCAST_PROBES = 3;

interface Host {
  /** Which of the kernel's requests it answers (1: at once), and how many ms after that request. */
  readonly request: number;
  readonly afterMs: number;
}

class FakeKernel {
  readonly started = new Map<string, number>();
  /** Connects the engine ended before they timed out. */
  readonly ended = new Set<string>();
  constructor(private readonly hosts: ReadonlyMap<string, Host>) {}

  private answeredAt(ip: string): number | null {
    const host = this.hosts.get(ip);
    const t0 = this.started.get(ip);
    return host === undefined || t0 === undefined ? null : t0 + (host.request - 1) * RETRANS_MS + host.afterMs;
  }

  private state(ip: string, now: number): 'resolved' | 'incomplete' | 'failed' | 'none' {
    const t0 = this.started.get(ip);
    if (t0 === undefined) return 'none';
    const answered = this.answeredAt(ip);
    if (answered !== null && answered <= now && answered < t0 + 3 * RETRANS_MS) return 'resolved';
    return now < t0 + 3 * RETRANS_MS ? 'incomplete' : 'failed';
  }

  /** Whether the kernel was still asking for `ip` at `now`. */
  resolving(ip: string, now = performance.now()): boolean {
    return this.state(ip, now) === 'incomplete';
  }

  table = async (): Promise<NeighborTable> => {
    const now = performance.now();
    const resolved = [];
    const held: string[] = [];
    const resolving = new Map<string, number>();
    for (const [ip, t0] of this.started) {
      const state = this.state(ip, now);
      if (state === 'resolved') {
        resolved.push({ ip, mac: `02:00:00:00:00:${ip.split('.')[3]!.padStart(2, '0')}`, confirmedSecondsAgo: 0 });
        held.push(ip);
      } else if (state === 'incomplete') {
        held.push(ip);
        resolving.set(ip, UCAST_PROBES + 1 + Math.min(2, Math.floor((now - t0) / RETRANS_MS)));
      }
    }
    // Every resolved entry is REACHABLE (what neighbour release may mark STALE).
    return { resolved, held, resolving, reachable: resolved.map(({ ip, mac }) => ({ ip, mac, dev: 'eth0' })) };
  };

  /** Forgets an entry, as the kernel may once it is STALE: the next connect resolves the address anew. */
  evict(ip: string): void {
    this.started.delete(ip);
  }

  connect = (ip: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<ConnectOutcome> => {
    const now = performance.now();
    if (this.state(ip, now) !== 'incomplete' && this.state(ip, now) !== 'resolved') this.started.set(ip, now);
    const answered = this.answeredAt(ip);
    return new Promise((resolve) => {
      const finish = (outcome: ConnectOutcome): void => {
        clearTimeout(timer);
        clearTimeout(answer);
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const onAbort = (): void => {
        this.ended.add(ip);
        finish({ kind: 'aborted' });
      };
      const timer = setTimeout(() => finish({ kind: 'silent' }), timeoutMs);
      // An answering host has 443 open and 80 closed.
      const answer =
        answered === null || answered >= this.started.get(ip)! + 3 * RETRANS_MS
          ? undefined
          : setTimeout(() => finish({ kind: port === 443 ? 'open' : 'refused' }), Math.max(0, answered - now) + 1);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  };
}

const options = (overrides: Partial<DiscoveryOptions> = {}): DiscoveryOptions => ({
  ports: [80, 443],
  connectTimeoutMs: 2_500,
  concurrency: 512,
  rate: 1_000_000,
  deep: false,
  ...overrides,
});

async function sweep(kernel: FakeKernel, first: string, last: string, addressWindow?: number, overrides: Partial<DiscoveryOptions> = {}): Promise<Observation[]> {
  const engine = createNativeEngine({
    connect: kernel.connect,
    readNeighborTable: kernel.table,
    readGcThresh3: async () => 1024,
    readTableFulls: async () => null,
    onLink: () => true,
    neighborPollMs: 50,
    ...(addressWindow !== undefined && { addressWindow }),
  });
  const all: Observation[] = [];
  for await (const o of engine.discover(rangeScope(first, last), options(overrides), new AbortController().signal)) all.push(o);
  return all;
}

const found = (observations: readonly Observation[], kind: string): string[] =>
  [...new Set(observations.filter((o) => o.kind === kind).map((o) => o.ip))].sort();

/** Two prompt hosts, then .3 answering late after the kernel's second request and .4 only its third: both are given up early first. */
const lateAfterGiveUp = (): Map<string, Host> =>
  new Map<string, Host>([
    ['10.9.0.1', { request: 1, afterMs: 2 }],
    ['10.9.0.2', { request: 1, afterMs: 2 }],
    ['10.9.0.3', { request: 2, afterMs: 700 }],
    ['10.9.0.4', { request: 3, afterMs: 30 }],
  ]);

describe('native engine early give-up', () => {
  it('on a segment whose hosts answer at once, ends before the kernel gives up on the empty addresses, their connects ended', async () => {
    const hosts = new Map(['10.9.0.2', '10.9.0.5', '10.9.0.11'].map((ip) => [ip, { request: 1, afterMs: 2 }]));
    const kernel = new FakeKernel(hosts);
    const observations = await sweep(kernel, '10.9.0.1', '10.9.0.20');
    const ended = performance.now();
    expect(found(observations, 'mac')).toEqual([...hosts.keys()].sort());
    expect(found(observations, 'tcp.open')).toEqual([...hosts.keys()].sort());
    const empty = [...kernel.started.keys()].filter((ip) => !hosts.has(ip));
    expect(empty).toHaveLength(17);
    expect(empty.filter((ip) => !kernel.resolving(ip, ended))).toEqual([]);
    expect([...kernel.ended].sort()).toEqual(empty.sort());
  }, 20_000);

  it('finds, with its ports, a host given up early that answers the kernel\'s third request once the segment showed a late answer', async () => {
    // .3 and .4 answer only late, after they were given up: .3 before the kernel's third request (the
    // late sign), .4 to the third. 8 addresses in flight keep the sweep going past both answers.
    const hosts = lateAfterGiveUp();
    const kernel = new FakeKernel(hosts);
    const observations = await sweep(kernel, '10.9.0.1', '10.9.0.24', 8);
    expect(found(observations, 'mac')).toEqual([...hosts.keys()].sort());
    expect(found(observations, 'tcp.open')).toEqual([...hosts.keys()].sort());
    // Both were given up early (their connects ended), then found.
    expect(kernel.ended.has('10.9.0.3') && kernel.ended.has('10.9.0.4')).toBe(true);
  }, 30_000);

  it('gives empty addresses up early again once hosts answer promptly after a late answer', async () => {
    // .2 answers only the kernel's second request (a load spike); the ten hosts at .20-.29, asked
    // after that, answer at once. A long sweep must not wait out the kernel for every empty address
    // after one late answer.
    const hosts = new Map<string, Host>([
      ['10.9.0.1', { request: 1, afterMs: 2 }],
      ['10.9.0.2', { request: 2, afterMs: 300 }],
      ...Array.from({ length: 10 }, (_, i): [string, Host] => [`10.9.0.${20 + i}`, { request: 1, afterMs: 2 }]),
    ]);
    const kernel = new FakeKernel(hosts);
    const observations = await sweep(kernel, '10.9.0.1', '10.9.0.60', 8);
    expect(found(observations, 'mac')).toEqual([...hosts.keys()].sort());
    expect(found(observations, 'tcp.open')).toEqual([...hosts.keys()].sort());
    // Every empty address well after the prompt answers had its connect ended before the kernel gave up.
    const later = Array.from({ length: 21 }, (_, i) => `10.9.0.${40 + i}`);
    expect(later.filter((ip) => !kernel.ended.has(ip))).toEqual([]);
  }, 60_000);

  it('on a segment whose hosts answer only the kernel\'s second request, gives empty addresses up after its third', async () => {
    // Every host but .1 answers 100 ms after the kernel's second request (a loaded segment): slow,
    // not lost. Empty addresses are then called empty after the third request, before the kernel
    // fails them 1 s later; the connect timeout (2.9 s) would end them later still.
    const hosts = new Map<string, Host>([
      ['10.9.0.1', { request: 1, afterMs: 2 }],
      ...Array.from({ length: 10 }, (_, i): [string, Host] => [`10.9.0.${2 + i}`, { request: 2, afterMs: 100 }]),
    ]);
    const kernel = new FakeKernel(hosts);
    const observations = await sweep(kernel, '10.9.0.1', '10.9.0.40', 8, { connectTimeoutMs: 2_900 });
    expect(found(observations, 'mac')).toEqual([...hosts.keys()].sort());
    expect(found(observations, 'tcp.open')).toEqual([...hosts.keys()].sort());
    const later = Array.from({ length: 21 }, (_, i) => `10.9.0.${20 + i}`);
    expect(later.filter((ip) => !kernel.ended.has(ip))).toEqual([]);
  }, 60_000);

  it('probes every port of a host found after it was given up, the first one too', async () => {
    // As the test above, with the open port (443) asked first: its connect was ended unanswered.
    const hosts = lateAfterGiveUp();
    const kernel = new FakeKernel(hosts);
    const observations = await sweep(kernel, '10.9.0.1', '10.9.0.24', 8, { ports: [443, 80] });
    expect(kernel.ended.has('10.9.0.3') && kernel.ended.has('10.9.0.4')).toBe(true);
    expect(found(observations, 'tcp.open')).toEqual([...hosts.keys()].sort());
  }, 30_000);

  it('releases no neighbour entry of a host found after it was given up while its ports are probed', async () => {
    // A table of 8 (budget 4) fills with this sweep's entries, so the sweep waits for room and marks
    // the entries of hosts it is done with STALE (the fake kernel then forgets them). .3 answers only
    // after it was given up; its ports are then probed late, slowly (300 ms a connect).
    const hosts = new Map<string, Host>([
      ['10.9.0.1', { request: 1, afterMs: 2 }],
      ['10.9.0.2', { request: 1, afterMs: 2 }],
      ['10.9.0.3', { request: 2, afterMs: 700 }],
    ]);
    const kernel = new FakeKernel(hosts);
    const connecting = new Map<string, number>();
    const releasedWhileProbed: string[] = [];
    let released = 0;
    const engine = createNativeEngine({
      connect: async (ip, port, timeoutMs, signal) => {
        connecting.set(ip, (connecting.get(ip) ?? 0) + 1);
        try {
          if (kernel.ended.has(ip) && hosts.has(ip)) await new Promise((r) => setTimeout(r, 300));
          return await kernel.connect(ip, port, timeoutMs, signal);
        } finally {
          connecting.set(ip, connecting.get(ip)! - 1);
        }
      },
      readNeighborTable: kernel.table,
      releaseNeighbors: async (entries) => {
        for (const { ip } of entries) {
          if ((connecting.get(ip) ?? 0) > 0) releasedWhileProbed.push(ip);
          kernel.evict(ip);
          released += 1;
        }
        return true;
      },
      readGcThresh3: async () => 8,
      readTableFulls: async () => null,
      onLink: () => true,
      neighborPollMs: 50,
    });
    const observations: Observation[] = [];
    for await (const o of engine.discover(rangeScope('10.9.0.1', '10.9.0.16'), options(), new AbortController().signal)) observations.push(o);
    expect(kernel.ended.has('10.9.0.3')).toBe(true);
    expect(released).toBeGreaterThan(0);
    expect(found(observations, 'tcp.open')).toEqual([...hosts.keys()].sort());
    expect(releasedWhileProbed).toEqual([]);
  }, 60_000);
});
