/**
 * The infrastructure walker's bounds (issue #12) against the lab simulator's SNMP agent on
 * 127.0.0.1: an honest switch is read whole; an endless, looping, wrongly typed or silent one is
 * cut at the row cap, the device's time limit or its first silence, at the scan's rate, and no
 * warning names the credentials. SNMPv3 reads are covered by the lab test against real snmpd
 * (test/integration/site-routed-infra.test.ts): the simulator's agent answers v1/v2c only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH } from '../../src/infrastructure/decode-tables.js';
import { COLUMNS } from '../../src/infrastructure/mib.js';
import { readInfrastructure, type InfrastructureOptions } from '../../src/infrastructure/read-infrastructure.js';
import { closeSession, openSession, walkColumn, type Credentials, type WalkBounds } from '../../src/infrastructure/table-walk.js';
import { parseIpv4 } from '../../src/scope/ipv4.js';
import type { Scope } from '../../src/scope/types.js';
import { TokenBucket } from '../../src/util/token-bucket.js';
import type { SnmpProfile } from '../lab/sim/snmp/agent.js';
import { bridgeTables, type TableValue } from '../lab/sim/snmp/bridge-tables.js';
import { startLoopbackAgent, type AgentMode, type AgentOptions, type LoopbackAgent } from './loopback-agent.js';

const COMMUNITY = 'Zq7-loopback-community';
const V3: Credentials = { version: '3', username: 'audit-user-Kx2', authProtocol: 'sha', authKey: 'auth-key-Wv9xxxx', privProtocol: 'aes', privKey: 'priv-key-Jm4xxxx' };
const CAMERA = { id: 'cam', mac: 'bc:ad:28:4f:19:3c', ip: '10.9.0.5' };
const PC = { id: 'pc', mac: 'b0:7b:25:18:4e:90', ip: '10.9.0.3' };
const SWITCH = { id: 'sw', mac: '02:00:00:00:00:10', sysName: 'core-sw' };
const bridge = {
  routerMac: '02:1a:b0:02:01:01',
  ports: [
    { port: 1, name: 'ge-0/0/1', alias: 'uplink', vlan: 20, devices: [], uplink: 'router' },
    { port: 3, name: 'ge-0/0/3', alias: 'desk 12', vlan: 20, devices: [PC.id] },
    { port: 5, name: 'ge-0/0/5', alias: 'lobby camera', vlan: 20, devices: [CAMERA.id] },
  ],
};
const arpRow = (ip: string, mac: string): [string, TableValue][] => [
  [`1.3.6.1.2.1.4.22.1.2.7.${ip}`, { kind: 'bytes', hex: mac.replace(/:/g, '') }],
  [`1.3.6.1.2.1.4.22.1.4.7.${ip}`, { kind: 'int', n: 3 }],
];
/** A layer-3 switch: its ARP table (ipNetToMediaTable) and its bridge, IF and LLDP tables. */
const HONEST_TABLES: [string, TableValue][] = [
  ...arpRow(PC.ip, PC.mac),
  ...arpRow(CAMERA.ip, CAMERA.mac),
  ...bridgeTables({ ...SWITCH, bridge }, [{ ...SWITCH, snmp: { sysName: SWITCH.sysName, bridge } }, CAMERA, PC]),
];
const profile = (tables: [string, TableValue][], hostile = false): SnmpProfile => ({
  community: COMMUNITY, sysDescr: 'test switch', sysObjectID: '1.3.6.1.4.1.8072', sysName: SWITCH.sysName, extra: {}, tables, hostileTables: hostile,
});
const scope: Scope = {
  ranges: [{ first: parseIpv4('10.9.0.0') ?? 0, last: parseIpv4('10.9.0.255') ?? 0 }], size: 256, labels: ['10.9.0.0/24'], excluded: [],
};
const found = { live: [PC.ip, CAMERA.ip], macs: new Map<string, string>() };

let agents: LoopbackAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.map((a) => a.close()));
  agents = [];
});
async function agent(tables: [string, TableValue][], mode: AgentMode, options?: AgentOptions): Promise<LoopbackAgent> {
  const a = await startLoopbackAgent(profile(tables, mode === 'endless'), mode, options);
  agents.push(a);
  return a;
}

function options(port: number, over: Partial<InfrastructureOptions> = {}, credentials: Credentials = { version: '2c', community: COMMUNITY }): InfrastructureOptions {
  return { entries: [{ targets: ['127.0.0.1'], credentials }], maxRepetitions: 10, maxRows: 1000, deviceTimeoutMs: 10_000, timeoutMs: 1000, concurrency: 1, port, ...over };
}

async function walk(port: number, column: string, over: Partial<WalkBounds> = {}) {
  const bounds: WalkBounds = { maxRepetitions: 10, maxRows: 1000, deadline: Date.now() + 10_000, timeoutMs: 1000, signal: new AbortController().signal, port, ...over };
  const session = openSession('127.0.0.1', { version: '2c', community: COMMUNITY }, bounds);
  try {
    return await walkColumn(session, column, bounds);
  } finally {
    closeSession(session);
  }
}

const fdbRows = HONEST_TABLES.filter(([oid]) => oid.startsWith(`${COLUMNS.dot1qTpFdbPort}.`)).length;

describe('walkColumn and readInfrastructure against a loopback SNMP agent', () => {
  it('reads an honest table whole, in as many GETBULKs as max-repetitions needs, and places the hosts on their ports', async () => {
    const a = await agent(HONEST_TABLES, 'honest');
    const column = await walk(a.port, COLUMNS.dot1qTpFdbPort, { maxRepetitions: 2 });
    expect(column.cut).toBeUndefined();
    expect(fdbRows).toBeGreaterThanOrEqual(3);
    expect(column.cells).toHaveLength(fdbRows);
    // One request per two rows, and the last one that finds the column's end.
    expect(a.requests.length).toBe(Math.floor(fdbRows / 2) + 1);

    const out = await readInfrastructure(found, { scope, signal: new AbortController().signal }, options(a.port));
    expect(out.warnings).toEqual([]);
    const bySource = out.observations.map((o) => [o.ip, o.kind, o.source]);
    expect(bySource).toEqual([
      [PC.ip, 'mac', 'snmp-arp:127.0.0.1'], [CAMERA.ip, 'mac', 'snmp-arp:127.0.0.1'],
      [PC.ip, 'location', 'snmp-fdb:127.0.0.1'], [CAMERA.ip, 'location', 'snmp-fdb:127.0.0.1'],
    ]);
    const camera = out.observations.find((o) => o.ip === CAMERA.ip && o.kind === 'location');
    expect(JSON.parse(camera?.value ?? '{}')).toMatchObject({ switch: 'core-sw', port: 'ge-0/0/5', alias: 'lobby camera', vlan: 20 });
  });

  it("names the switch by its sysName when it is a host of the scan (issue #12: a name for every device that has one)", async () => {
    const a = await agent(HONEST_TABLES, 'honest');
    const withSwitch: Scope = { ...scope, ranges: [...scope.ranges, { first: parseIpv4('127.0.0.1') ?? 0, last: parseIpv4('127.0.0.1') ?? 0 }] };
    const out = await readInfrastructure({ ...found, live: [...found.live, '127.0.0.1'] }, { scope: withSwitch, signal: new AbortController().signal }, options(a.port));
    expect(out.observations.filter((o) => o.kind === 'snmp.sysname').map((o) => [o.ip, o.value, o.source])).toEqual([['127.0.0.1', 'core-sw', 'snmp-infra:127.0.0.1']]);
    // Not a host of the scan (out of scope): nothing said about it.
    const outside = await readInfrastructure(found, { scope, signal: new AbortController().signal }, options(a.port));
    expect(outside.observations.filter((o) => o.kind === 'snmp.sysname')).toEqual([]);
  });

  it('stops an endless table at maxRows and says why', async () => {
    const a = await agent([], 'endless');
    const column = await walk(a.port, COLUMNS.lldpRemSysName, { maxRows: 50, maxRepetitions: 10 });
    expect(column.cells).toHaveLength(50);
    expect(column.cut).toBe('table longer than 50 rows');
    expect(a.requests.length).toBe(5);
  });

  it('keeps no more than maxRows when the agent answers more rows than max-repetitions asks', async () => {
    const a = await agent([], 'endless', { repetitions: 60 });
    const column = await walk(a.port, COLUMNS.dot1qTpFdbPort, { maxRows: 25, maxRepetitions: 10 });
    expect(column.cells).toHaveLength(25);
    expect(column.cut).toBe('table longer than 25 rows');
    expect(a.requests.length).toBe(1);
  });

  it('stops at an agent that answers a walk from the start again (a loop in lldpRemTable), with the loop as the reason', async () => {
    const a = await agent(HONEST_TABLES, 'rewind', { rewindTo: COLUMNS.lldpLocPortId.split('.').length });
    const column = await walk(a.port, COLUMNS.lldpLocPortId, { maxRepetitions: 2 });
    expect(column.cut).toBe('agent repeated or went back in the table');
    expect(column.cells).toHaveLength(2);
    expect(a.requests.length).toBe(2);
  });

  it('counts and skips cells of the wrong type, and reads the rest', async () => {
    const wrong: [string, TableValue][] = [
      // An ARP entry whose MAC is a number, a forwarding entry whose port is text, an LLDP neighbour's name as an integer.
      ['1.3.6.1.2.1.4.22.1.2.7.10.9.0.9', { kind: 'int', n: 7 }],
      [`${COLUMNS.dot1qTpFdbPort}.20.1.2.3.4.5.6`, { kind: 'string', text: 'port five' }],
      [`${COLUMNS.lldpRemSysName}.0.3.1`, { kind: 'int', n: 12 }],
    ];
    const a = await agent([...HONEST_TABLES, ...wrong], 'honest');
    const out = await readInfrastructure(found, { scope, signal: new AbortController().signal }, options(a.port));
    expect(out.warnings).toEqual(['infrastructure 127.0.0.1: 3 table cells of the wrong shape skipped']);
    expect(out.observations.filter((o) => o.kind === 'location').map((o) => o.ip)).toEqual([PC.ip, CAMERA.ip]);
  });

  it('the endless switch of changing types: every column cut at maxRows, a bounded number of requests, no observation, one bounded warning', async () => {
    const a = await agent([], 'endless');
    const maxRows = 40;
    const out = await readInfrastructure(found, { scope, signal: new AbortController().signal }, options(a.port, { maxRows, maxRepetitions: 10 }));
    // sysName, ifPhysAddress, both ARP tables (two columns each), dot1dBasePortIfIndex and the 12 bridge columns.
    const columns = 19;
    expect(a.requests.length).toBeLessThanOrEqual(columns * Math.ceil(maxRows / 10));
    expect(out.observations).toEqual([]);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(/^infrastructure 127\.0\.0\.1: sysName: table longer than 40 rows; .*; \+\d+ more$/);
    expect((out.warnings[0] ?? '').length).toBeLessThan(600);
  });

  it('a silent agent costs one request (and its retry), not one per column', async () => {
    for (const mode of ['silent', 'wrong community'] as const) {
      const a = await agent(HONEST_TABLES, mode === 'silent' ? 'silent' : 'honest');
      const started = Date.now();
      const out = await readInfrastructure(found, { scope, signal: new AbortController().signal }, options(a.port, { timeoutMs: 400 }, mode === 'silent' ? undefined : { version: '2c', community: 'not-the-one' }));
      expect(out.warnings).toEqual(['infrastructure 127.0.0.1: sysName: no answer']);
      expect(a.requests.length).toBe(2);
      // Generous: one timeout is 400 ms; one per column would be 8 s.
      expect(Date.now() - started).toBeLessThan(3000);
    }
  });

  it('a silent agent gets no request the rate bucket did not allow (the retry waits for its own token)', async () => {
    const a = await agent(HONEST_TABLES, 'silent');
    let tokens = 0;
    const out = await readInfrastructure(found, { scope, signal: new AbortController().signal, pace: async () => void tokens++ }, options(a.port, { timeoutMs: 400 }));
    expect(out.warnings).toEqual(['infrastructure 127.0.0.1: sysName: no answer']);
    expect(a.requests.length).toBe(2);
    expect(a.requests.length).toBeLessThanOrEqual(tokens);
  });

  it('keeps no more of a huge cell value than the decoders read, and not the reply it came in', async () => {
    const rows = 30;
    const tables: [string, TableValue][] = Array.from({ length: rows }, (_, i) => [`${COLUMNS.ifAlias}.${i + 1}`, { kind: 'string', text: `port ${i + 1} ${'x'.repeat(9000)}` }]);
    const a = await agent(tables, 'honest');
    const column = await walk(a.port, COLUMNS.ifAlias, { maxRepetitions: 1 });
    expect(column.cells).toHaveLength(rows);
    for (const [i, cell] of column.cells.entries()) {
      const value = cell.value as Buffer;
      expect(value.length).toBe(MAX_NAME_LENGTH * 4);
      expect(value.toString('utf8').slice(0, MAX_NAME_LENGTH)).toBe(`port ${i + 1} ${'x'.repeat(9000)}`.slice(0, MAX_NAME_LENGTH));
      // A slice of the reply would keep all 9 KB of it (and the whole datagram) alive; a copy sits in Node's shared 8 KB pool.
      expect(value.buffer.byteLength).toBeLessThanOrEqual(Buffer.poolSize);
    }
  });

  it('holds the per-device time limit against an endless table', async () => {
    const a = await agent([], 'endless');
    const started = Date.now();
    const out = await readInfrastructure(found, { scope, signal: new AbortController().signal }, options(a.port, { maxRows: 10_000_000, deviceTimeoutMs: 300, timeoutMs: 1000 }));
    const elapsed = Date.now() - started;
    expect(out.warnings[0]).toContain('device time limit reached');
    // The limit stops new requests; one in flight may still take its timeout. Generous for a loaded machine.
    expect(elapsed).toBeLessThan(300 + 1000 + 2000);
  });

  it('paces requests by the scan\'s rate bucket', async () => {
    const a = await agent([], 'endless');
    const rate = 20;
    const bucket = new TokenBucket(rate);
    const signal = new AbortController().signal;
    const started = Date.now();
    await readInfrastructure(found, { scope, signal, pace: () => bucket.take(signal) }, options(a.port, { maxRows: 10_000_000, maxRepetitions: 1, deviceTimeoutMs: 1500 }));
    const seconds = (Date.now() - started) / 1000;
    // Unpaced, a loopback agent answers hundreds a second; the bucket lets its burst (2) plus rate·t start.
    // Generous: net-snmp may resend a request once (after half its timeout) on a loaded machine.
    const allowed = (t: number) => 2 * (2 + rate * t + 1);
    expect(a.requests.length).toBeGreaterThanOrEqual(5);
    expect(a.requests.length).toBeLessThanOrEqual(allowed(seconds));
    for (const t of a.requests) expect(a.requests.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(allowed(1));
  });

  it('never names the community or the v3 keys in a warning', async () => {
    const warnings: string[] = [];
    for (const mode of ['endless', 'rewind', 'silent'] as const) {
      const a = await agent(HONEST_TABLES, mode, { rewindTo: 9 });
      const signal = new AbortController().signal;
      const v2 = await readInfrastructure(found, { scope, signal }, options(a.port, { timeoutMs: 300, maxRows: 30 }));
      // The simulator's agent stays silent to v3, as an agent without that user would.
      const v3 = await readInfrastructure(found, { scope, signal }, options(a.port, { timeoutMs: 300, maxRows: 30 }, V3));
      warnings.push(...v2.warnings, ...v3.warnings);
    }
    expect(warnings.length).toBeGreaterThanOrEqual(6);
    const all = warnings.join('\n');
    for (const secret of [COMMUNITY, 'audit-user-Kx2', 'auth-key-Wv9xxxx', 'priv-key-Jm4xxxx']) expect(all).not.toContain(secret);
  });
});
