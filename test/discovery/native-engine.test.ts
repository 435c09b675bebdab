import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveryOptions } from '../../src/discovery/engine.js';
import { createNativeEngine, type NativeEngineDeps } from '../../src/discovery/native/native-engine.js';
import { tcpConnect as realConnect, type ConnectFn } from '../../src/discovery/native/tcp-connect.js';
import { defaultBurst } from '../../src/util/token-bucket.js';
import type { Observation } from '../../src/observations/observation.js';
import { rangeScope } from './scope-fixture.js';
import { VirtualClock } from '../util/virtual-clock.js';

const servers: net.Server[] = [];
let openA = 0;
let openB = 0;
let closed = 0;
let closedToo = 0;

function listen(): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => socket.destroy());
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function portOf(server: net.Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not a TCP server');
  return address.port;
}

beforeAll(async () => {
  const a = await listen();
  const b = await listen();
  servers.push(a, b);
  openA = portOf(a);
  openB = portOf(b);
  // Ports that were just free: nothing listens on them now, so 127.0.0.1 answers them with an RST.
  const gone = [await listen(), await listen()];
  [closed, closedToo] = gone.map(portOf) as [number, number];
  await Promise.all(gone.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

function options(overrides: Partial<DiscoveryOptions> = {}): DiscoveryOptions {
  return { ports: [openA, openB, closed], connectTimeoutMs: 2000, concurrency: 16, rate: 1000, deep: false, ...overrides };
}

// Loopback has no neighbour table entries; tests that need one inject it.
const noNeighbors: NativeEngineDeps = {
  readNeighbors: async () => [],
  readGcThresh3: async () => 1024,
  readTableFulls: async () => null,
};

async function collect(iterable: AsyncIterable<Observation>): Promise<Observation[]> {
  const all: Observation[] = [];
  for await (const o of iterable) all.push(o);
  return all;
}

const brief = (o: Observation): string => `${o.ip} ${o.kind} ${o.value}${o.mac !== undefined ? ` ${o.mac}` : ''}`;

describe('native engine on loopback', () => {
  it('finds the open ports of 127.0.0.1 and says nothing more about it', async () => {
    const engine = createNativeEngine(noNeighbors);
    const found = await collect(engine.discover(rangeScope('127.0.0.1'), options(), new AbortController().signal));
    expect(found.map(brief).sort()).toEqual([`127.0.0.1 tcp.open ${openA}`, `127.0.0.1 tcp.open ${openB}`].sort());
    for (const o of found) {
      expect(o.source).toBe('tcp');
      expect(o.port).toBe(Number(o.value));
      expect(Number.isNaN(Date.parse(o.at))).toBe(false);
    }
  });

  it('reports a host that only refuses connections as alive (tcp-rst), once', async () => {
    const engine = createNativeEngine(noNeighbors);
    const found = await collect(
      engine.discover(rangeScope('127.0.0.1'), options({ ports: [closed, closedToo] }), new AbortController().signal),
    );
    expect(found.map(brief)).toEqual(['127.0.0.1 alive tcp-rst']);
  });

  it('sweeps a range, reporting progress per address, and says nothing of silent addresses', async () => {
    // Linux answers for all of 127/8, so .2 and .3 would refuse (and look alive): here they stay silent.
    const silentElsewhere: ConnectFn = (ip, port, timeoutMs, signal) =>
      ip === '127.0.0.1' ? realConnect(ip, port, timeoutMs, signal) : Promise.resolve({ kind: 'silent' });
    const engine = createNativeEngine({ ...noNeighbors, connect: silentElsewhere });
    const progress: string[] = [];
    const found = await collect(
      engine.discover(
        rangeScope('127.0.0.1', '127.0.0.3'),
        options({ onProgress: ({ done, total }) => progress.push(`${done}/${total}`) }),
        new AbortController().signal,
      ),
    );
    expect(new Set(found.map((o) => o.ip))).toEqual(new Set(['127.0.0.1']));
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
  });

  it('reports addresses that refuse on loopback as alive: the kernel answers for all of 127/8', async () => {
    const engine = createNativeEngine(noNeighbors);
    const found = await collect(
      engine.discover(rangeScope('127.0.0.1', '127.0.0.3'), options(), new AbortController().signal),
    );
    expect(found.filter((o) => o.ip !== '127.0.0.1').map(brief).sort()).toEqual([
      '127.0.0.2 alive tcp-rst',
      '127.0.0.3 alive tcp-rst',
    ]);
  });
});

describe('native engine with the neighbour table', () => {
  it('reports MACs of in-scope neighbours once each, and none outside the scope', async () => {
    const table = [
      { ip: '10.9.0.5', mac: '3c:ef:8c:00:00:01' },
      { ip: '10.9.0.6', mac: '00:0f:e2:00:00:02' },
      { ip: '10.9.1.1', mac: 'aa:bb:cc:00:00:03' }, // outside the scope
    ];
    const engine = createNativeEngine({
      ...noNeighbors,
      readNeighbors: async () => table,
      neighborPollMs: 5,
      // Only 10.9.0.6 refuses: it has a MAC, so no separate 'alive' is said for it.
      connect: async (ip) => ({ kind: ip === '10.9.0.6' ? 'refused' : 'silent' }),
    });
    const found = await collect(
      engine.discover(rangeScope('10.9.0.1', '10.9.0.8'), options({ ports: [80] }), new AbortController().signal),
    );
    expect(found.map(brief).sort()).toEqual([
      '10.9.0.5 mac 3c:ef:8c:00:00:01 3c:ef:8c:00:00:01',
      '10.9.0.6 mac 00:0f:e2:00:00:02 00:0f:e2:00:00:02',
    ]);
    expect(found.every((o) => o.source === 'neigh')).toBe(true);
  });

  it('collects a neighbour evicted before the sweep ends: the table is read as each address finishes', async () => {
    // The table holds only the entry of the address probed last, as on a segment that overflows it.
    let current = '';
    const engine = createNativeEngine({
      ...noNeighbors,
      readNeighbors: async () => (current === '' ? [] : [{ ip: current, mac: '02:00:00:00:00:01' }]),
      neighborPollMs: 60_000,
      addressWindow: 1,
      connect: async (ip) => {
        current = ip;
        return { kind: 'silent' };
      },
    });
    const found = await collect(
      engine.discover(rangeScope('10.9.0.1', '10.9.0.20'), options({ ports: [80] }), new AbortController().signal),
    );
    expect(found.map((o) => o.ip).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `10.9.0.${i + 1}`).sort(),
    );
  });

  it('without the table\'s states, keeps each address counted for 45 s after it finished: at most half a small table in any 45 s', async () => {
    const inFlight = new Set<string>();
    let most = 0;
    const warnings: string[] = [];
    const clock = new VirtualClock();
    const starts: number[] = [];
    const engine = createNativeEngine({
      ...noNeighbors,
      clock,
      readGcThresh3: async () => 128,
      onLink: () => true,
      connect: async (ip) => {
        starts.push(clock.now());
        inFlight.add(ip);
        most = Math.max(most, inFlight.size);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight.delete(ip);
        return { kind: 'silent' };
      },
    });
    await collect(
      engine.discover(
        rangeScope('10.9.0.1', '10.9.3.255'),
        options({ ports: [80], concurrency: 1000, rate: 1e9, onWarning: (m) => warnings.push(m) }),
        new AbortController().signal,
      ),
    );
    expect(most).toBeLessThanOrEqual(64);
    expect(most).toBeGreaterThan(1);
    // At most half the table (64 entries) started in any 45 s: the kernel cannot evict younger REACHABLE entries.
    starts.forEach((t, i) => {
      const recent = starts.filter((s) => s > t - 45_000 && s <= t).length;
      expect(recent, `addresses started in the 45 s before the ${i + 1}th`).toBeLessThanOrEqual(64);
    });
    expect(warnings.join('\n')).toContain('only 128 entries');
    expect(warnings.join('\n')).toContain('new addresses wait for entries to expire');
  });

  it('with the table\'s states, holds new addresses only while its held entries reach half the table', async () => {
    // The kernel holds each live host's entry until the test expires it: the sweep must stop at 64 (half of 128).
    const held = new Set<string>();
    let most = 0;
    const engine = createNativeEngine({
      ...noNeighbors,
      readGcThresh3: async () => 128,
      onLink: () => true,
      neighborPollMs: 5,
      readNeighborTable: async () => {
        most = Math.max(most, held.size);
        // Once the sweep is stuck at its budget, the kernel expires the older half (REACHABLE → STALE).
        if (held.size >= 64) [...held].slice(0, 32).forEach((ip) => held.delete(ip));
        return { resolved: [], held: [...held] };
      },
      connect: async (ip) => {
        held.add(ip);
        return { kind: 'silent' };
      },
    });
    const warnings: string[] = [];
    const found = await collect(
      engine.discover(rangeScope('10.9.0.1', '10.9.1.44'), options({ ports: [80], onWarning: (m) => warnings.push(m) }), new AbortController().signal),
    );
    expect(found).toEqual([]);
    expect(most).toBeLessThanOrEqual(64);
    expect(warnings.join('\n')).toContain('new addresses wait for entries to expire');
  });

  it('never holds back addresses off the attached subnets: they make no neighbour entry', async () => {
    let starts = 0;
    const clock = new VirtualClock();
    const warnings: string[] = [];
    const engine = createNativeEngine({
      ...noNeighbors,
      clock,
      readGcThresh3: async () => 16,
      onLink: () => false,
      connect: async () => {
        starts += 1;
        return { kind: 'silent' };
      },
    });
    await collect(engine.discover(rangeScope('10.9.0.1', '10.9.0.200'), options({ ports: [80], onWarning: (m) => warnings.push(m) }), new AbortController().signal));
    expect(starts).toBe(200);
    expect(warnings.join('\n')).not.toContain('new addresses wait');
  });
});

describe('native engine limits', () => {
  it('starts no more than burst + rate·t connection attempts in any first t seconds', async () => {
    const clock = new VirtualClock();
    const attempts: number[] = [];
    const engine = createNativeEngine({
      ...noNeighbors,
      clock,
      connect: async () => {
        attempts.push(clock.now());
        return { kind: 'silent' };
      },
    });
    const rate = 40;
    await collect(
      engine.discover(
        rangeScope('10.9.0.1', '10.9.0.50'),
        options({ ports: [80, 443, 554, 22], concurrency: 64, rate }),
        new AbortController().signal,
      ),
    );
    expect(attempts).toHaveLength(200);
    attempts.forEach((t, i) => expect(i + 1).toBeLessThanOrEqual(defaultBurst(rate) + (rate * t) / 1000 + 1e-6));
  });

  it('stops when aborted: pending attempts end, no attempt starts afterwards, the iteration ends', async () => {
    const controller = new AbortController();
    let started = 0;
    let startedAfterAbort = 0;
    let endedByAbort = 0;
    const engine = createNativeEngine({
      ...noNeighbors,
      // Every attempt hangs like a filtered port until the scan is aborted.
      connect: (_ip, _port, _timeout, signal) => {
        if (controller.signal.aborted) startedAfterAbort += 1;
        started += 1;
        if (started === 20) controller.abort();
        return new Promise((resolve) => {
          if (signal.aborted) {
            endedByAbort += 1;
            resolve({ kind: 'aborted' });
            return;
          }
          signal.addEventListener('abort', () => {
            endedByAbort += 1;
            resolve({ kind: 'aborted' });
          });
        });
      },
    });
    const found = await collect(
      engine.discover(rangeScope('10.9.0.1', '10.9.0.254'), options({ ports: [80], concurrency: 20 }), controller.signal),
    );
    expect(found).toEqual([]);
    expect(started).toBe(20);
    expect(startedAfterAbort).toBe(0);
    expect(endedByAbort).toBe(20);
  });

  it('stops probing when the consumer stops reading', async () => {
    let started = 0;
    const engine = createNativeEngine({
      ...noNeighbors,
      connect: async () => {
        started += 1;
        return { kind: 'open' };
      },
    });
    for await (const o of engine.discover(
      rangeScope('10.9.0.1', '10.9.0.254'),
      options({ ports: [80], concurrency: 4 }),
      new AbortController().signal,
    )) {
      expect(o.kind).toBe('tcp.open');
      break;
    }
    const afterBreak = started;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toBe(afterBreak);
    expect(started).toBeLessThan(254);
  });
  it('asks silent on-link addresses again, at a narrower window, after a host answered late', async () => {
    const asked = new Map<string, number>();
    const engine = createNativeEngine({
      ...noNeighbors,
      onLink: () => true,
      connect: async (ip) => {
        const n = (asked.get(ip) ?? 0) + 1;
        asked.set(ip, n);
        // .1 answers only after the kernel's ARP retry interval; .2's first request is lost, as under load.
        if (ip === '10.9.0.1') return new Promise((resolve) => setTimeout(() => resolve({ kind: 'refused' }), 1_100));
        if (ip === '10.9.0.2' && n > 1) return { kind: 'refused' };
        return { kind: 'silent' };
      },
    });
    const found = await collect(
      engine.discover(rangeScope('10.9.0.1', '10.9.0.3'), options({ ports: [80] }), new AbortController().signal),
    );
    expect(found.map((o) => `${o.ip} ${o.kind}`).sort()).toEqual(['10.9.0.1 alive', '10.9.0.2 alive']);
    expect(asked.get('10.9.0.1')).toBe(1); // answered: not asked again
    expect(asked.get('10.9.0.3')).toBeGreaterThan(1);
  });

  it('asks silent addresses of a dense segment again even when no answer came late', async () => {
    const asked = new Map<string, number>();
    const engine = createNativeEngine({
      ...noNeighbors,
      onLink: () => true,
      connect: async (ip) => {
        const n = (asked.get(ip) ?? 0) + 1;
        asked.set(ip, n);
        const last = Number(ip.split('.')[3]);
        // 150 prompt hosts; .151's only answer to the first ask was lost, .152-.160 are empty.
        if (last <= 150 || (last === 151 && n > 1)) return { kind: 'refused' };
        return { kind: 'silent' };
      },
    });
    const found = await collect(
      engine.discover(rangeScope('10.9.0.1', '10.9.0.160'), options({ ports: [80] }), new AbortController().signal),
    );
    expect(new Set(found.map((o) => o.ip)).size).toBe(151);
    expect(found.some((o) => o.ip === '10.9.0.151')).toBe(true);
  });

  it('asks no address twice when every answer came promptly', async () => {
    const asked = new Map<string, number>();
    const engine = createNativeEngine({
      ...noNeighbors,
      onLink: () => true,
      connect: async (ip) => {
        asked.set(ip, (asked.get(ip) ?? 0) + 1);
        return ip === '10.9.0.1' ? { kind: 'refused' } : { kind: 'silent' };
      },
    });
    await collect(engine.discover(rangeScope('10.9.0.1', '10.9.0.3'), options({ ports: [80] }), new AbortController().signal));
    expect([...asked.values()]).toEqual([1, 1, 1]);
  });
});
