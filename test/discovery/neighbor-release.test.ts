import { describe, expect, it } from 'vitest';
import { createNeighborReleaser, type IpBatch } from '../../src/discovery/native/neighbor-release.js';
import { createNativeEngine } from '../../src/discovery/native/native-engine.js';
import type { ReachableEntry } from '../../src/discovery/native/neighbor-table.js';
import type { Observation } from '../../src/observations/observation.js';
import { rangeScope } from './scope-fixture.js';

const running = new AbortController().signal;
const entry = (ip: string, dev = 'eth0'): ReachableEntry => ({ ip, mac: `02:00:00:00:00:${ip.split('.')[3]!.padStart(2, '0')}`, dev });

describe('neighbour release (marking entries STALE with ip -batch)', () => {
  it('sends one `neigh change … nud stale` line per entry, and none for a field that is not what the kernel prints', async () => {
    const inputs: string[] = [];
    const release = createNeighborReleaser(async (input) => {
      inputs.push(input);
      return { code: 0, stderr: '' };
    });
    expect(await release([entry('10.0.0.5'), entry('10.0.0.6', 'eth0; reboot'), { ip: '10.0.0.7\nneigh flush all', mac: 'zz', dev: 'eth0' }], running)).toBe(true);
    // No lladdr: the kernel keeps the entry's current MAC.
    expect(inputs).toEqual(['neigh change 10.0.0.5 dev eth0 nud stale\n']);
  });

  it('stops trying once the kernel refuses (no CAP_NET_ADMIN), but not for an entry that went away meanwhile', async () => {
    let calls = 0;
    const answers: Awaited<ReturnType<IpBatch>>[] = [
      { code: 1, stderr: 'RTNETLINK answers: No such file or directory\nCommand failed -:1\n' },
      { code: 1, stderr: 'RTNETLINK answers: Operation not permitted\n' },
    ];
    const release = createNeighborReleaser(async () => answers[calls++]!);
    expect(await release([entry('10.0.0.5')], running)).toBe(true);
    expect(await release([entry('10.0.0.5')], running)).toBe(false);
    expect(await release([entry('10.0.0.5')], running)).toBe(false);
    expect(calls).toBe(2);
  });
});

/** A fake kernel that keeps every entry in `held` REACHABLE (until a test's release deletes it). */
const keptTable = (held: ReadonlySet<string>) => ({
  readTableFulls: async () => null,
  onLink: () => true,
  neighborPollMs: 5,
  readNeighborTable: async () => ({
    resolved: [...held].map((ip) => ({ ip, mac: entry(ip).mac })),
    held: [...held],
    reachable: [...held].map((ip) => entry(ip)),
  }),
});

describe('native engine on a segment with more live hosts than its share of the table', () => {
  it('marks the entries of hosts it is done with STALE instead of waiting for them to expire, never one it is still probing', async () => {
    // 200 live hosts, a table of 128 (budget 64). The fake kernel keeps every answered host's entry
    // REACHABLE (held) until it is marked STALE: without the release the sweep would wait for good.
    const held = new Set<string>();
    const inFlight = new Set<string>();
    const releasedWhileProbed: string[] = [];
    let released = 0;
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), 20_000);
    const engine = createNativeEngine({
      readGcThresh3: async () => 128,
      ...keptTable(held),
      releaseNeighbors: async (entries) => {
        for (const e of entries) {
          if (inFlight.has(e.ip)) releasedWhileProbed.push(e.ip);
          held.delete(e.ip);
          released += 1;
        }
        return true;
      },
      connect: async (ip) => {
        inFlight.add(ip);
        held.add(ip);
        await new Promise((r) => setTimeout(r, 2));
        inFlight.delete(ip);
        return { kind: 'refused' };
      },
    });
    const found: Observation[] = [];
    for await (const o of engine.discover(rangeScope('10.9.0.1', '10.9.0.200'), { ports: [80], connectTimeoutMs: 1000, concurrency: 64, rate: 100_000, deep: false }, stop.signal)) found.push(o);
    clearTimeout(timer);
    expect(new Set(found.map((o) => o.ip)).size).toBe(200);
    expect(released).toBeGreaterThan(0);
    expect(releasedWhileProbed).toEqual([]);
  }, 30_000);

  it('a stopped scan does not wait for an `ip` that hangs, and the release is told to end it', async () => {
    // Every address answers and stays REACHABLE: the sweep soon waits for room and releases, and
    // this releaser never finishes (an `ip` stuck on a busy kernel) until its signal aborts.
    const held = new Set<string>();
    let releaseSignal: AbortSignal | undefined;
    const stop = new AbortController();
    const engine = createNativeEngine({
      readGcThresh3: async () => 16,
      ...keptTable(held),
      releaseNeighbors: (_entries, signal) => {
        releaseSignal = signal;
        setTimeout(() => stop.abort(), 50);
        return new Promise<boolean>(() => undefined);
      },
      connect: async (ip) => {
        held.add(ip);
        return { kind: 'refused' };
      },
    });
    const sweep = (async () => {
      for await (const _ of engine.discover(rangeScope('10.9.0.1', '10.9.0.100'), { ports: [80], connectTimeoutMs: 1000, concurrency: 64, rate: 100_000, deep: false }, stop.signal));
      return 'ended' as const;
    })();
    const outcome = await Promise.race([sweep, new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), 10_000))]);
    expect(outcome).toBe('ended');
    expect(releaseSignal?.aborted).toBe(true);
  }, 30_000);
});
