/**
 * The SNMP probe's ENTITY-MIB chassis read (src/observations/snmp-entity.ts, snmp-identity.ts): the pure readers of
 * hostile replies, and the probe against the lab's SNMP agent on loopback, counting its datagrams.
 */
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BULK_ROWS,
  chassisFacts,
  classStep,
  ENT_PHYSICAL_CLASS,
  ENT_PHYSICAL_ENTRY,
  MAX_BULK_REQUESTS,
  MAX_ENTITY_BYTES,
} from '../../src/observations/snmp-entity.js';
import { runSnmpProbe } from '../../src/probes/snmp/snmp-probe.js';
import type { Scope } from '../../src/scope/types.js';
import { buildMib, respond } from '../lab/sim/snmp/agent.js';
import { decodeInteger, encodeInteger, readChildren, readTlv, TAG, tlv } from '../lab/sim/snmp/ber.js';
import { entityTable, type EntityRow } from '../lab/sim/snmp/entity-table.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

const LOOPBACK: Scope = { ranges: [{ first: 0x7f000001, last: 0x7f000001 }], size: 1, labels: ['127.0.0.1'], excluded: [] };
const ctx = (timeoutMs = 600) => ({ scope: LOOPBACK, signal: new AbortController().signal, timeoutMs, interfaces: [] });

const INTEGER = 2;
const OCTETS = 4;
const END_OF_MIB = 130;
const cls = (index: number | string, value: unknown, type = INTEGER) => ({ oid: `${ENT_PHYSICAL_CLASS}.${index}`, type, value });
const col = (column: number, index: number, value: unknown, type = OCTETS) => ({ oid: `${ENT_PHYSICAL_ENTRY}.${column}.${index}`, type, value });

/**
 * The chassis row of a Huawei S5720 (VRP 5.170) as LibreNMS recorded it:
 * librenms/librenms@19d6d1489fdadc4e539c8b95046c34ebd3ddae93 tests/snmpsim/vrp_5720.snmprec
 * (index 67108867, class 3; entPhysicalModelName and entPhysicalMfgName empty).
 */
const S5720_CHASSIS: EntityRow = {
  index: 67108867,
  class: 3,
  descr: 'HUAWEI S5720 Routing Switch',
  name: 'HUAWEI S5720 Routing Switch',
  softwareRev: 'Version 5.170 V200R010C00SPC600',
  serial: '2102359576DMHC000120',
  mfg: '',
  model: '',
};
const VRP_SYSTEM = { sysDescr: 'S5720-56C-PWR-EI-AC\nHuawei Versatile Routing Platform Software', sysObjectID: '1.3.6.1.4.1.2011.2.23.291', sysName: 'sw-1' };

describe('entPhysicalClass walk (pure)', () => {
  it('finds the first chassis row: the first row (Huawei VRP), or after a stack row (a Cisco stack: stack 1, chassis 1001)', () => {
    expect(classStep([cls(67108867, 3), cls(67108869, 5)], ENT_PHYSICAL_CLASS)).toEqual({ kind: 'chassis', index: 67108867 });
    expect(classStep([cls(1, 11), cls(1001, 3)], ENT_PHYSICAL_CLASS)).toEqual({ kind: 'chassis', index: 1001 });
  });

  it('goes on after the last row read when none is a chassis, and ends where the column ends', () => {
    expect(classStep([cls(1, 11), cls(2, 5)], ENT_PHYSICAL_CLASS)).toEqual({ kind: 'more', cursor: `${ENT_PHYSICAL_CLASS}.2` });
    expect(classStep([cls(3, 10), { oid: `${ENT_PHYSICAL_ENTRY}.6.1`, type: INTEGER, value: 0 }], `${ENT_PHYSICAL_CLASS}.2`)).toEqual({ kind: 'end' });
    expect(classStep([{ oid: ENT_PHYSICAL_CLASS, type: END_OF_MIB, value: null }], ENT_PHYSICAL_CLASS)).toEqual({ kind: 'end' });
    expect(classStep([], ENT_PHYSICAL_CLASS)).toEqual({ kind: 'end' });
  });

  it('stops at a reply that repeats, goes backwards, names a malformed index or sends another type', () => {
    expect(classStep([cls(5, 10), cls(5, 10)], ENT_PHYSICAL_CLASS)).toMatchObject({ kind: 'malformed', why: expect.stringContaining('do not increase') });
    expect(classStep([cls(4, 10)], `${ENT_PHYSICAL_CLASS}.9`)).toMatchObject({ kind: 'malformed', why: expect.stringContaining('do not increase') });
    // The lab's hostile switch answers every walk with <column>.999999.1, .2, …
    expect(classStep([cls('999999.1', 1)], ENT_PHYSICAL_CLASS)).toMatchObject({ kind: 'malformed', why: expect.stringContaining('malformed index') });
    expect(classStep([cls(0, 3)], ENT_PHYSICAL_CLASS)).toMatchObject({ kind: 'malformed' });
    expect(classStep([cls(1, Buffer.from('3'), OCTETS)], ENT_PHYSICAL_CLASS)).toMatchObject({ kind: 'malformed', why: 'entPhysicalClass.1 of BER type 4' });
    expect(classStep([null, 'x'], ENT_PHYSICAL_CLASS)).toMatchObject({ kind: 'malformed' });
  });

  it(`reads at most ${BULK_ROWS} rows of one reply, whatever it holds`, () => {
    const many = Array.from({ length: 10_000 }, (_, i) => cls(i + 1, i === 5_000 ? 3 : 10));
    expect(classStep(many, ENT_PHYSICAL_CLASS)).toEqual({ kind: 'more', cursor: `${ENT_PHYSICAL_CLASS}.${BULK_ROWS}` });
  });
});

describe('chassis row to observations (pure)', () => {
  const kinds = (obs: { kind: string; value: string }[]) => obs.map((o) => [o.kind, o.value]);

  it('model, serial, maker and software as stated; the empty columns are no value (S5720: no model, no maker)', () => {
    const row = [col(10, 67108867, Buffer.from(S5720_CHASSIS.softwareRev)), col(11, 67108867, Buffer.from(S5720_CHASSIS.serial)), col(12, 67108867, Buffer.from('')), col(13, 67108867, Buffer.from(''))];
    expect(kinds(chassisFacts(row, 67108867))).toEqual([
      ['snmp.entity.firmware', 'Version 5.170 V200R010C00SPC600'],
      ['snmp.entity.serial', '2102359576DMHC000120'],
    ]);
    const cisco = [col(13, 1001, Buffer.from('WS-C2960X-48FPS-L')), col(12, 1001, Buffer.from('Cisco'))];
    expect(kinds(chassisFacts(cisco, 1001))).toEqual([
      ['snmp.entity.model', 'WS-C2960X-48FPS-L'],
      ['snmp.entity.mfg', 'Cisco'],
    ]);
  });

  it('placeholders are no value', () => {
    const placeholders = ['N/A', 'n/a', 'NA', '0', '000000', 'unknown', '-', '  ', 'None'];
    for (const p of placeholders) expect(chassisFacts([col(11, 1, Buffer.from(p))], 1), p).toEqual([]);
  });

  it('an oversized value or another type is recorded as malformed, never used; rows not asked for are ignored', () => {
    const huge = Buffer.alloc(MAX_ENTITY_BYTES + 1, 0x41);
    const out = chassisFacts(
      [col(11, 1, huge), col(13, 1, 42, INTEGER), col(13, 2, Buffer.from('OTHER-ROW')), { oid: '1.3.6.1.2.1.1.1.0', type: OCTETS, value: Buffer.from('sysDescr') }],
      1,
    );
    expect(out.map((o) => o.kind)).toEqual(['malformed', 'malformed']);
    expect(out[0]!.value).toContain(`entPhysicalSerialNum of ${MAX_ENTITY_BYTES + 1} bytes`);
    expect(out[0]!.value.length).toBeLessThan(200);
    expect(out[1]!.value).toBe('entPhysicalModelName of BER type 2');
    // Exactly the bound is still a value.
    const edge = chassisFacts([col(11, 1, Buffer.from('AB'.repeat(MAX_ENTITY_BYTES).slice(0, MAX_ENTITY_BYTES)))], 1);
    expect(edge.map((o) => [o.kind, o.value.length])).toEqual([['snmp.entity.serial', MAX_ENTITY_BYTES]]);
  });
});

const GET_BULK = 0xa5;
const RESPONSE = 0xa2;
const GEN_ERR = 5;

/** A v2c response to `request` with error-status genErr and no varbinds, as agents refuse an operation they do not support. */
function genErr(request: Buffer): Buffer {
  const [version, community, pdu] = readChildren(readTlv(request, 0).value, 3);
  const [id] = readChildren(pdu!.value, 4);
  const response = tlv(RESPONSE, Buffer.concat([tlv(TAG.integer, id!.value), encodeInteger(GEN_ERR), encodeInteger(1), tlv(TAG.sequence, Buffer.alloc(0))]));
  return tlv(TAG.sequence, Buffer.concat([encodeInteger(decodeInteger(version!.value)), tlv(TAG.octetString, community!.value), response]));
}

/** The lab's SNMP agent on loopback: answers with `mib`, counting the datagrams it receives. */
async function labAgent(rows: EntityRow[] | 'endless' | 'refuses-bulk', community = 'public'): Promise<{ port: number; received: () => number }> {
  const mib = buildMib({ community, ...VRP_SYSTEM, extra: {}, tables: Array.isArray(rows) ? entityTable(rows) : [] });
  let received = 0;
  const s = dgram.createSocket('udp4');
  s.on('message', (msg, rinfo) => {
    received++;
    const pduTag = readChildren(readTlv(msg, 0).value, 3)[2]?.tag;
    const reply = rows === 'refuses-bulk' && pduTag === GET_BULK ? genErr(msg) : respond(msg, community, mib, rows === 'endless');
    if (reply) s.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => s.close(() => r())));
  return { port: (s.address() as AddressInfo).port, received: () => received };
}

describe('SNMP probe reads the chassis row (lab agent on loopback)', () => {
  it('a Huawei S5720 answering its LibreNMS-recorded rows gives its serial and software after the system group, in three datagrams more', async () => {
    const rows: EntityRow[] = [S5720_CHASSIS, { ...S5720_CHASSIS, index: 67108869, class: 5, descr: 'Board slot', name: 'Board slot 0', softwareRev: '', serial: '', mfg: 'Huawei' }];
    const agent = await labAgent(rows);
    const obs = await runSnmpProbe(['127.0.0.1'], ctx(), { communities: ['public'], concurrency: 1, port: agent.port });
    expect(obs.map((o) => [o.kind, o.value])).toEqual([
      ['snmp.sysdescr', VRP_SYSTEM.sysDescr],
      ['snmp.sysobjectid', VRP_SYSTEM.sysObjectID],
      ['snmp.sysname', 'sw-1'],
      ['snmp.entity.firmware', 'Version 5.170 V200R010C00SPC600'],
      ['snmp.entity.serial', '2102359576DMHC000120'],
    ]);
    // The system GET, one GETBULK that finds the chassis first, one GET of its columns.
    expect(agent.received()).toBe(3);
  });

  it('an agent without ENTITY-MIB costs one GETBULK and adds nothing', async () => {
    const agent = await labAgent([]);
    const obs = await runSnmpProbe(['127.0.0.1'], ctx(), { communities: ['public'], concurrency: 1, port: agent.port });
    expect(obs.map((o) => o.kind)).toEqual(['snmp.sysdescr', 'snmp.sysobjectid', 'snmp.sysname']);
    expect(agent.received()).toBe(2);
  });

  it(`a table of ports without a chassis is given up after ${MAX_BULK_REQUESTS} GETBULKs`, async () => {
    const ports = Array.from({ length: 500 }, (_, i): EntityRow => ({ index: i + 1, class: 10, descr: 'Port', name: `Gi0/${i}`, softwareRev: '', serial: '', mfg: '', model: '' }));
    const agent = await labAgent([...ports, { ...S5720_CHASSIS, index: 9999 }]);
    const obs = await runSnmpProbe(['127.0.0.1'], ctx(), { communities: ['public'], concurrency: 1, port: agent.port });
    expect(obs.filter((o) => o.kind.startsWith('snmp.entity'))).toEqual([]);
    expect(agent.received()).toBe(1 + MAX_BULK_REQUESTS);
  });

  it('an endless table of changing types (the lab\'s hostile switch) ends at once, recorded as malformed', async () => {
    const agent = await labAgent('endless');
    const started = Date.now();
    const obs = await runSnmpProbe(['127.0.0.1'], ctx(), { communities: ['public'], concurrency: 1, port: agent.port });
    const malformed = obs.filter((o) => o.kind === 'malformed');
    expect(malformed.map((o) => o.value)).toEqual([expect.stringMatching(/^entPhysicalTable: entPhysicalClass row of a malformed index/)]);
    expect(obs.filter((o) => o.kind.startsWith('snmp.entity'))).toEqual([]);
    expect(agent.received()).toBe(2);
    // Generous: it does not wait out timeouts or walk on.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('an agent that refuses GETBULK (genErr) is taken at its word: no fact, nothing malformed, no retry', async () => {
    const agent = await labAgent('refuses-bulk');
    const obs = await runSnmpProbe(['127.0.0.1'], ctx(), { communities: ['public'], concurrency: 1, port: agent.port });
    expect(obs.map((o) => o.kind)).toEqual(['snmp.sysdescr', 'snmp.sysobjectid', 'snmp.sysname']);
    expect(agent.received()).toBe(2);
  });

  it('oversized and placeholder chassis strings are not taken as model or serial', async () => {
    const agent = await labAgent([{ ...S5720_CHASSIS, serial: 'S'.repeat(4000), model: 'N/A', mfg: '0', softwareRev: '' }]);
    const obs = await runSnmpProbe(['127.0.0.1'], ctx(), { communities: ['public'], concurrency: 1, port: agent.port });
    expect(obs.filter((o) => o.kind.startsWith('snmp.entity'))).toEqual([]);
    expect(obs.filter((o) => o.kind === 'malformed').map((o) => o.value)).toEqual([expect.stringContaining('entPhysicalSerialNum of 4000 bytes')]);
  });

  it('a host that does not answer the system group is asked nothing more', async () => {
    const agent = await labAgent([S5720_CHASSIS], 'other-community');
    const obs = await runSnmpProbe(['127.0.0.1'], ctx(200), { communities: ['public'], concurrency: 1, port: agent.port });
    expect(obs).toEqual([]);
    // The system GET and its one retry.
    expect(agent.received()).toBe(2);
  });
});
