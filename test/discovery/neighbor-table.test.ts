import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createNeighborTableReader,
  parseHeldNeighbors,
  parseResolvingNeighbors,
  parseIpNeighJson,
  parseProcNetArp,
  type NeighborEntry,
} from '../../src/discovery/native/neighbor-table.js';
import { NeighborCollector } from '../../src/discovery/native/neighbor-collector.js';
import type { Scope } from '../../src/scope/types.js';

// Captured from a throwaway network namespace with one entry per NUD state (see fixtures/README.md).
const ipNeigh = readFileSync(new URL('fixtures/ip-neigh.json', import.meta.url), 'utf8');
const procArp = readFileSync(new URL('fixtures/proc-net-arp.txt', import.meta.url), 'utf8');

const RESOLVED = [
  { ip: '10.77.0.10', mac: '3c:ef:8c:12:34:56' }, // REACHABLE
  { ip: '10.77.0.15', mac: '28:57:be:aa:00:01' }, // PROBE (added as DELAY)
  { ip: '10.77.0.11', mac: '00:0f:e2:aa:bb:cc' }, // STALE
  { ip: '10.77.0.12', mac: '4c:11:bf:01:02:03' }, // PERMANENT
  { ip: '10.77.0.16', mac: 'bc:ad:28:00:00:02' }, // PROBE
];

describe('parseIpNeighJson', () => {
  it('keeps resolved IPv4 entries and drops FAILED, INCOMPLETE and IPv6 ones', () => {
    expect(parseIpNeighJson(ipNeigh)).toEqual(RESOLVED);
  });

  it('normalizes the MAC and ignores entries without a usable one', () => {
    const text = JSON.stringify([
      { dst: '10.0.0.1', lladdr: '3C:EF:8C:AA:BB:CC', state: ['STALE'] },
      { dst: '10.0.0.2', lladdr: '00:00:00:00:00:00', state: ['PERMANENT'] },
      { dst: '10.0.0.3', state: ['REACHABLE'] },
      { dst: '10.0.0.4', lladdr: 'not-a-mac', state: ['REACHABLE'] },
      { dst: '10.0.0.5', lladdr: 'aa:bb:cc:dd:ee:ff', state: ['NOARP'] },
      { dst: 'hostile\u001b[2J', lladdr: 'aa:bb:cc:dd:ee:ff', state: ['STALE'] },
      null,
      'text',
    ]);
    expect(parseIpNeighJson(text)).toEqual([{ ip: '10.0.0.1', mac: '3c:ef:8c:aa:bb:cc' }]);
  });

  it('throws on text that is not ip -j output, so the reader can fall back', () => {
    expect(() => parseIpNeighJson('Option "-j" is unknown')).toThrow();
    expect(() => parseIpNeighJson('{"dst":"10.0.0.1"}')).toThrow();
  });
});

describe('parseProcNetArp', () => {
  it('keeps complete entries (ATF_COM) and drops incomplete ones', () => {
    expect(parseProcNetArp(procArp)).toEqual(RESOLVED);
  });

  it('survives blank, short and garbled lines', () => {
    const text = 'IP address HW type Flags HW address Mask Device\n\n10.0.0.9\n10.0.0.7 0x1 0x2 zz:zz *\n10.0.0.8 0x1 0x2 AA:BB:CC:00:11:22 * eth0\n';
    expect(parseProcNetArp(text)).toEqual([{ ip: '10.0.0.8', mac: 'aa:bb:cc:00:11:22' }]);
  });
});

describe('createNeighborTableReader', () => {
  it('uses ip -j while it works', async () => {
    const read = createNeighborTableReader({ runIp: async () => ipNeigh, readProcArp: async () => '' });
    expect((await read()).resolved).toEqual(RESOLVED);
  });

  it('falls back to /proc/net/arp for good, with one warning, when ip fails', async () => {
    const warnings: string[] = [];
    let ipCalls = 0;
    const read = createNeighborTableReader({
      runIp: async () => {
        ipCalls += 1;
        throw new Error('spawn ip ENOENT');
      },
      readProcArp: async () => procArp,
      onWarning: (m) => warnings.push(m),
    });
    const first = await read();
    expect(first.resolved).toEqual(RESOLVED);
    expect(first.held).toBeNull();
    expect((await read()).resolved).toEqual(RESOLVED);
    expect(ipCalls).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('/proc/net/arp');
  });
});

describe('parseTableFulls', () => {
  it('sums table_fulls over the per-CPU rows of /proc/net/stat/arp_cache', async () => {
    const { parseTableFulls } = await import('../../src/discovery/native/neighbor-table.js');
    const text =
      'entries  allocs   destroys hash_grows lookups  hits     res_failed rcv_probes_mcast rcv_probes_ucast periodic_gc_runs forced_gc_runs unresolved_discards table_fulls\n' +
      '00000412 000007a3 000013b4 00000000   0001f907 00012ad3 000000bc   00000000         00000000         00000043         000001d2       00000000            000001cb\n' +
      '00000412 00001584 00000561 00000008   0002b9e5 0001a3cb 0000003e   00000000         00000000         00000000         0000023d       00000000            00000235\n';
    expect(parseTableFulls(text)).toBe(0x1cb + 0x235);
    expect(parseTableFulls('entries allocs\n1 2\n')).toBeNull();
  });
});

describe('parseResolvingNeighbors', () => {
  it('lists IPv4 entries still INCOMPLETE with their request counter, and nothing resolved, failed or without a counter', () => {
    // As `ip -4 -j -s neigh show` printed them in a namespace (kernel 6.18): probes starts at ucast_solicit (3).
    const text = JSON.stringify([
      { dst: '10.99.7.9', dev: 'e0', refcnt: 1, used: 1, confirmed: 61, updated: 1, probes: 5, state: ['INCOMPLETE'] },
      { dst: '10.99.7.5', dev: 'e0', lladdr: '1a:6a:9c:d5:a0:86', refcnt: 1, used: 1, confirmed: 1, updated: 1, probes: 4, state: ['REACHABLE'] },
      { dst: '10.99.7.8', dev: 'e0', used: 3, confirmed: 63, updated: 0, probes: 6, state: ['FAILED'] },
      { dst: '10.99.7.7', dev: 'e0', state: ['INCOMPLETE'] },
      { dst: 'fe80::1', dev: 'e0', probes: 4, state: ['INCOMPLETE'] },
    ]);
    expect([...parseResolvingNeighbors(text)]).toEqual([['10.99.7.9', 5]]);
  });
});

describe('parseHeldNeighbors', () => {
  it('lists the entries the kernel cannot evict yet: resolving, reachable, being re-checked', () => {
    // The fixture has no `updated` ages (captured without -s): states alone decide.
    expect(parseHeldNeighbors(ipNeigh).sort()).toEqual(
      JSON.parse(ipNeigh)
        .filter((e: { state: string[] }) => e.state.some((s) => ['INCOMPLETE', 'REACHABLE', 'DELAY', 'PROBE'].includes(s)))
        .map((e: { dst: string }) => e.dst)
        .sort(),
    );
  });

  it('counts a STALE entry updated in the last seconds (the forced GC spares it), not an old one, a FAILED or a PERMANENT one', () => {
    const text = JSON.stringify([
      { dst: '10.0.0.1', lladdr: '02:00:00:00:00:01', updated: 3, state: ['STALE'] },
      { dst: '10.0.0.2', lladdr: '02:00:00:00:00:02', updated: 40, state: ['STALE'] },
      { dst: '10.0.0.3', updated: 1, state: ['FAILED'] },
      { dst: '10.0.0.4', lladdr: '02:00:00:00:00:04', updated: 1, state: ['PERMANENT'] },
      { dst: '10.0.0.5', updated: 0, state: ['INCOMPLETE'] },
    ]);
    expect(parseHeldNeighbors(text)).toEqual(['10.0.0.1', '10.0.0.5']);
  });
});

describe('confirmation ages (ip -j -s neigh)', () => {
  it('parseIpNeighJson keeps the `confirmed` age of each entry when -s printed one', () => {
    const text = JSON.stringify([
      { dst: '10.0.0.1', lladdr: '02:00:00:00:00:01', used: 0, confirmed: 0, updated: 0, state: ['REACHABLE'] },
      { dst: '10.0.0.2', lladdr: '02:00:00:00:00:02', used: 900, confirmed: 3600, updated: 840, state: ['STALE'] },
      { dst: '10.0.0.3', lladdr: '02:00:00:00:00:03', confirmed: 'soon', state: ['STALE'] },
    ]);
    expect(parseIpNeighJson(text)).toEqual([
      { ip: '10.0.0.1', mac: '02:00:00:00:00:01', confirmedSecondsAgo: 0 },
      { ip: '10.0.0.2', mac: '02:00:00:00:00:02', confirmedSecondsAgo: 3600 },
      { ip: '10.0.0.3', mac: '02:00:00:00:00:03' },
    ]);
  });
});

describe('NeighborCollector and entries the scan did not confirm', () => {
  const scope: Scope = { ranges: [{ first: 0x0a000000, last: 0x0a0000ff }], size: 256, labels: ['10.0.0.0/24'], excluded: [] };

  /** A collector over a table the test sets, on a clock the test moves (ms). */
  function collector() {
    let table: NeighborEntry[] = [];
    let t = 50_000;
    const emitted: string[] = [];
    const c = new NeighborCollector(scope, async () => table, (o) => emitted.push(`${o.ip} ${o.mac}`), undefined, () => t);
    return {
      c,
      emitted,
      set: (entries: NeighborEntry[]) => (table = entries),
      advance: (ms: number) => (t += ms),
    };
  }

  it('leaves out a STALE entry last confirmed before the scan began (a long-gone host), reports fresh ones', async () => {
    const n = collector();
    n.set([
      { ip: '10.0.0.9', mac: '02:00:00:00:00:09', confirmedSecondsAgo: 1800 },
      { ip: '10.0.0.5', mac: '02:00:00:00:00:05', confirmedSecondsAgo: 0 },
    ]);
    await n.c.refresh();
    n.advance(10_000);
    n.set([
      { ip: '10.0.0.9', mac: '02:00:00:00:00:09', confirmedSecondsAgo: 1810 },
      { ip: '10.0.0.5', mac: '02:00:00:00:00:05', confirmedSecondsAgo: 10 },
      // Confirmed 4 s ago, 6 s into the scan: this scan's traffic got an answer.
      { ip: '10.0.0.7', mac: '02:00:00:00:00:07', confirmedSecondsAgo: 4 },
    ]);
    await n.c.stop();
    expect(n.emitted).toEqual(['10.0.0.5 02:00:00:00:00:05', '10.0.0.7 02:00:00:00:00:07']);
    expect(n.c.hasMac('10.0.0.9')).toBe(false);
  });

  it('reports an entry the kernel confirms again later in the scan (the host answered an ARP re-check)', async () => {
    const n = collector();
    n.set([{ ip: '10.0.0.9', mac: '02:00:00:00:00:09', confirmedSecondsAgo: 1800 }]);
    await n.c.refresh();
    n.advance(3_000);
    n.set([{ ip: '10.0.0.9', mac: '02:00:00:00:00:09', confirmedSecondsAgo: 1 }]);
    await n.c.stop();
    expect(n.emitted).toEqual(['10.0.0.9 02:00:00:00:00:09']);
  });

  it("reports an unconfirmed entry's MAC once the host answers this scan's own traffic (a static entry is never re-confirmed)", async () => {
    const n = collector();
    n.set([{ ip: '10.0.0.4', mac: '02:00:00:00:00:04', confirmedSecondsAgo: 86_400 }]);
    await n.c.refresh();
    expect(n.emitted).toEqual([]);
    n.c.answered('10.0.0.4');
    n.c.answered('10.0.0.99');
    expect(n.emitted).toEqual(['10.0.0.4 02:00:00:00:00:04']);
  });

  it('entries without an age (/proc/net/arp) count as they are', async () => {
    const n = collector();
    n.set([{ ip: '10.0.0.3', mac: '02:00:00:00:00:03' }]);
    await n.c.stop();
    expect(n.emitted).toEqual(['10.0.0.3 02:00:00:00:00:03']);
  });
});
