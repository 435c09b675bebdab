import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createNeighborReader,
  parseHeldNeighbors,
  parseIpNeighJson,
  parseProcNetArp,
} from '../../src/discovery/native/neighbor-table.js';

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

describe('createNeighborReader', () => {
  it('uses ip -j while it works', async () => {
    const read = createNeighborReader({ runIp: async () => ipNeigh, readProcArp: async () => '' });
    expect(await read()).toEqual(RESOLVED);
  });

  it('falls back to /proc/net/arp for good, with one warning, when ip fails', async () => {
    const warnings: string[] = [];
    let ipCalls = 0;
    const read = createNeighborReader({
      runIp: async () => {
        ipCalls += 1;
        throw new Error('spawn ip ENOENT');
      },
      readProcArp: async () => procArp,
      onWarning: (m) => warnings.push(m),
    });
    expect(await read()).toEqual(RESOLVED);
    expect(await read()).toEqual(RESOLVED);
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
