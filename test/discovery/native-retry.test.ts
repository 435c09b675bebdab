import { describe, expect, it } from 'vitest';
import type { DiscoveryOptions } from '../../src/discovery/engine.js';
import { createNativeEngine, type NativeEngineDeps } from '../../src/discovery/native/native-engine.js';
import { retryAddresses, type RetryState } from '../../src/discovery/native/retry-plan.js';
import type { ConnectOutcome } from '../../src/discovery/native/tcp-connect.js';
import { formatIpv4, parseIpv4 } from '../../src/scope/index.js';
import type { Observation } from '../../src/observations/observation.js';
import { rangeScope } from './scope-fixture.js';

/**
 * Which silent on-link addresses the native engine asks again after its first pass: a dense
 * segment whole, a sparse one only as far as a share of the first pass's time allows, and never an
 * address whose ARP answer reached the neighbour table after its verdict.
 */

const options = (overrides: Partial<DiscoveryOptions> = {}): DiscoveryOptions => ({
  ports: [80],
  connectTimeoutMs: 2000,
  concurrency: 512,
  rate: 1_000_000,
  deep: false,
  ...overrides,
});

// The table's states (none held) let addresses start without the 45 s pacing of a table without them.
const noTable: NativeEngineDeps = {
  readNeighborTable: async () => ({ resolved: [], held: [] }),
  readGcThresh3: async () => 1024,
  readTableFulls: async () => null,
  onLink: () => true,
};

async function collect(iterable: AsyncIterable<Observation>): Promise<Observation[]> {
  const all: Observation[] = [];
  for await (const o of iterable) all.push(o);
  return all;
}

const refusedAfter = (ms: number): Promise<ConnectOutcome> =>
  new Promise((resolve) => setTimeout(() => resolve({ kind: 'refused' }), ms));

describe('native engine retries', () => {
  it('asks a sparse segment with a few late answers again only near them, not whole', async () => {
    // A /20 (4,096 addresses) with one live host in 131, as figure 8's /16: two answer late and the
    // neighbour of one of them lost its first answer.
    const first = parseIpv4('10.9.0.0')!;
    const live = new Set(Array.from({ length: 31 }, (_, k) => formatIpv4(first + 10 + k * 131)));
    const late = [formatIpv4(first + 10 + 5 * 131), formatIpv4(first + 10 + 20 * 131)];
    const lost = formatIpv4(first + 11 + 5 * 131);
    const asked = new Map<string, number>();
    let connects = 0;
    // A sweep that asks more than a quarter of the /20 again is stopped there: the test has failed.
    const stop = new AbortController();
    const engine = createNativeEngine({
      ...noTable,
      connect: async (ip) => {
        const n = (asked.get(ip) ?? 0) + 1;
        asked.set(ip, n);
        if ((connects += 1) > 4096 * 1.25) stop.abort();
        if (late.includes(ip)) return refusedAfter(1_100);
        if (live.has(ip) || (ip === lost && n > 1)) return { kind: 'refused' };
        return { kind: 'silent' };
      },
    });
    const found = await collect(engine.discover(rangeScope('10.9.0.0', '10.9.15.255'), options(), stop.signal));
    const askedAgain = [...asked.values()].filter((n) => n > 1).length;
    // The first pass asks every address once; asking the 4,064 silent ones again would double it.
    expect(asked.size).toBe(4096);
    expect(askedAgain).toBeGreaterThan(0);
    expect(askedAgain).toBeLessThan(4096 / 4);
    expect(new Set(found.map((o) => o.ip))).toEqual(new Set([...live, lost]));
  }, 60_000);

  it('asks a dense segment that lost answers again, whole, and finds every host', async () => {
    // 200 addresses: 180 prompt hosts, 10 whose first answer was lost, one late, 9 empty.
    const asked = new Map<string, number>();
    const engine = createNativeEngine({
      ...noTable,
      connect: async (ip) => {
        const n = (asked.get(ip) ?? 0) + 1;
        asked.set(ip, n);
        const last = Number(ip.split('.')[3]);
        if (last === 181) return refusedAfter(1_100);
        if (last <= 180 || (last >= 182 && last <= 191 && n > 1)) return { kind: 'refused' };
        return { kind: 'silent' };
      },
    });
    const found = await collect(engine.discover(rangeScope('10.9.0.1', '10.9.0.200'), options(), new AbortController().signal));
    expect(new Set(found.map((o) => o.ip)).size).toBe(191);
    for (let last = 192; last <= 200; last += 1) expect(asked.get(`10.9.0.${last}`)).toBeGreaterThan(1);
    expect(asked.get('10.9.0.1')).toBe(1);
  });

  it('counts a host whose ARP answer reached the table after its verdict as found, and does not ask it again', async () => {
    // .1 answers no port; the kernel still resolves it when its verdict comes (the connect took the
    // whole ARP wait), and its answer lands 600 ms later. .3 answers late, which makes the pass lossy.
    const mac = '3c:ef:8c:00:00:01';
    let silentSince: number | null = null;
    const asked = new Map<string, number>();
    const engine = createNativeEngine({
      ...noTable,
      neighborPollMs: 50,
      readNeighborTable: async () => {
        const resolved = silentSince !== null && performance.now() - silentSince > 600;
        return { resolved: resolved ? [{ ip: '10.9.0.1', mac, confirmedSecondsAgo: 0 }] : [], held: resolved ? [] : ['10.9.0.1'] };
      },
      connect: async (ip) => {
        asked.set(ip, (asked.get(ip) ?? 0) + 1);
        if (ip === '10.9.0.1') {
          silentSince ??= performance.now();
          return { kind: 'silent' };
        }
        return ip === '10.9.0.3' ? refusedAfter(1_500) : { kind: 'refused' };
      },
    });
    const found = await collect(
      engine.discover(rangeScope('10.9.0.1', '10.9.0.3'), options({ ports: [80, 443], connectTimeoutMs: 3_500 }), new AbortController().signal),
    );
    expect(found.filter((o) => o.ip === '10.9.0.1').map((o) => `${o.kind} ${o.value}`)).toEqual([`mac ${mac}`]);
    // Its one port asked once: the answer in the table said enough.
    expect(asked.get('10.9.0.1')).toBe(1);
  });
});

describe('retryAddresses', () => {
  const addresses = (first: string, count: number): string[] => Array.from({ length: count }, (_, i) => formatIpv4(parseIpv4(first)! + i));
  const sparse: RetryState = {
    silent: addresses('10.9.0.0', 4000),
    found: 30,
    swept: 4096,
    lossy: true,
    undecided: new Set(),
    lateAnswers: [],
    window: 8,
    maxWindow: 256,
    maxPasses: 5,
  };

  it('asks a dense segment again whole, loss seen or not', () => {
    const silent = addresses('10.9.0.200', 50);
    expect(retryAddresses({ ...sparse, silent, found: 50, swept: 100, lossy: false })).toEqual(silent);
  });

  it('asks a sparse segment without a sign of loss nothing again', () => {
    expect(retryAddresses({ ...sparse, lossy: false })).toEqual([]);
  });

  it('spends a lossy sparse segment\'s share on undecided addresses first, then those nearest a late answer, in sweep order', () => {
    // 4,096 addresses at 256 a round are 16 rounds: a quarter of them over 5 passes is one round of 8 per pass.
    const silent = sparse.silent.filter((ip) => ip !== '10.9.5.0');
    const again = retryAddresses({ ...sparse, silent, undecided: new Set(['10.9.10.1', '10.9.0.7']), lateAnswers: ['10.9.5.0'] });
    // Ties go to the earlier address: .4.253 before .5.3.
    expect(again).toEqual(['10.9.0.7', '10.9.4.253', '10.9.4.254', '10.9.4.255', '10.9.5.1', '10.9.5.2', '10.9.5.3', '10.9.10.1']);
  });
});
