/**
 * Issue #11 over SNMPv3: a router or switch the configuration reads with v3 credentials (which the
 * scan's v2c probe cannot ask) tells which device it is: sysDescr, sysObjectID, its ENTITY-MIB
 * chassis row and its maker's own objects, with the configured user, at most five requests more
 * than the tables alone (the system GET, two GETBULKs and two GETs). Against net-snmp's own agent
 * on 127.0.0.1 with an authPriv user (the simulator's agent answers v1/v2c only), its datagrams
 * counted by a relay in front of it.
 */
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import snmp, { AuthProtocols, PrivProtocols, SecurityLevel, type Agent } from 'net-snmp';
import { afterEach, describe, expect, it } from 'vitest';
import { readInfrastructure, type InfrastructureOptions } from '../../src/infrastructure/read-infrastructure.js';
import type { Credentials } from '../../src/infrastructure/table-walk.js';
import type { Scope } from '../../src/scope/types.js';
import { buildMib } from '../lab/sim/snmp/agent.js';
import { entityTable } from '../lab/sim/snmp/entity-table.js';
import { labEngine, respondV3 } from '../lab/sim/snmp/usm.js';
import { freeUdpPort } from '../helpers/udp-port.js';

const USER = { name: 'audit-v3-Qx8', authKey: 'auth-key-T7vxxxx', privKey: 'priv-key-Hn3xxxx' };
const V3: Credentials = { version: '3', username: USER.name, authProtocol: 'sha', authKey: USER.authKey, privProtocol: 'aes', privKey: USER.privKey };
const COMMUNITY = 'v2c-Lp4-community';
const LOOPBACK: Scope = { ranges: [{ first: 0x7f000001, last: 0x7f000001 }], size: 1, labels: ['127.0.0.1'], excluded: [] };
const found = { live: ['127.0.0.1'], macs: new Map<string, string>() };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});


interface Device {
  sysDescr: string;
  sysObjectID: string;
  /** entPhysicalTable rows: index, class, softwareRev, serial, mfg, model. */
  entity?: [number, number, string, string, string, string][];
  /** Scalars beyond the system group: OID → bytes. */
  scalars?: Record<string, Buffer>;
}

/** net-snmp's agent with the v3 user and a v2c community, behind a relay that counts the datagrams sent to it. */
async function agent(device: Device): Promise<{ port: number; received: () => number }> {
  const port = await freeUdpPort();
  const a: Agent = snmp.createAgent({ port, address: '127.0.0.1', transport: 'udp4' }, () => undefined);
  cleanups.push(() => new Promise<void>((r) => a.close(() => r())));
  a.getAuthorizer().addCommunity(COMMUNITY);
  a.getAuthorizer().addUser({ name: USER.name, level: SecurityLevel.authPriv, authProtocol: AuthProtocols.sha, authKey: USER.authKey, privProtocol: PrivProtocols.aes, privKey: USER.privKey });
  const mib = a.getMib();
  const readOnly = snmp.MaxAccess['read-only'];
  const scalar = (name: string, oid: string, type: number, value: string | Buffer) => {
    mib.registerProvider({ name, type: snmp.MibProviderType.Scalar, oid, scalarType: type, maxAccess: readOnly });
    mib.setScalarValue(name, value);
  };
  scalar('sysDescr', '1.3.6.1.2.1.1.1', snmp.ObjectType.OctetString, device.sysDescr);
  scalar('sysObjectID', '1.3.6.1.2.1.1.2', snmp.ObjectType.OID, device.sysObjectID);
  scalar('sysName', '1.3.6.1.2.1.1.5', snmp.ObjectType.OctetString, 'core-sw');
  Object.entries(device.scalars ?? {}).forEach(([oid, value], i) => scalar(`vendor${i}`, oid.replace(/\.0$/, ''), snmp.ObjectType.OctetString, value));
  if (device.entity) {
    const text = (number: number, name: string) => ({ number, name, type: snmp.ObjectType.OctetString, maxAccess: readOnly });
    mib.registerProvider({
      name: 'entPhysicalTable',
      type: snmp.MibProviderType.Table,
      oid: '1.3.6.1.2.1.47.1.1.1.1',
      maxAccess: snmp.MaxAccess['not-accessible'],
      tableColumns: [
        { number: 1, name: 'entPhysicalIndex', type: snmp.ObjectType.Integer, maxAccess: snmp.MaxAccess['not-accessible'] },
        { number: 5, name: 'entPhysicalClass', type: snmp.ObjectType.Integer, maxAccess: readOnly },
        text(10, 'entPhysicalSoftwareRev'),
        text(11, 'entPhysicalSerialNum'),
        text(12, 'entPhysicalMfgName'),
        text(13, 'entPhysicalModelName'),
      ],
      tableIndex: [{ columnName: 'entPhysicalIndex' }],
    });
    for (const row of device.entity) mib.addTableRow('entPhysicalTable', row);
  }

  // The relay: what the reader sends is counted and passed on; what the agent answers goes back.
  const relay = dgram.createSocket('udp4');
  let client: AddressInfo | undefined;
  let received = 0;
  relay.on('message', (msg, from) => {
    if (from.port === port) {
      if (client) relay.send(msg, client.port, client.address);
      return;
    }
    received++;
    client = from;
    relay.send(msg, port, '127.0.0.1');
  });
  await new Promise<void>((r) => relay.bind(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => relay.close(() => r())));
  return { port: (relay.address() as AddressInfo).port, received: () => received };
}

const options = (port: number, credentials: Credentials): InfrastructureOptions => ({
  entries: [{ targets: ['127.0.0.1'], credentials }],
  maxRepetitions: 10,
  maxRows: 1000,
  deviceTimeoutMs: 10_000,
  timeoutMs: 1000,
  concurrency: 1,
  port,
});

async function read(device: Device, credentials: Credentials) {
  const a = await agent(device);
  const outcome = await readInfrastructure(found, { scope: LOOPBACK, signal: new AbortController().signal }, options(a.port, credentials));
  return { outcome, received: a.received() };
}

const facts = (outcome: Awaited<ReturnType<typeof readInfrastructure>>) => outcome.observations.map((o) => [o.kind, o.value, o.source]);

/** The chassis row of a Huawei S5720 as LibreNMS recorded it (librenms/librenms@19d6d148 tests/snmpsim/vrp_5720.snmprec). */
const S5720: Device = {
  sysDescr: 'S5720-56C-PWR-EI-AC\nHuawei Versatile Routing Platform Software',
  sysObjectID: '1.3.6.1.4.1.2011.2.23.291',
  entity: [
    [67108867, 3, 'Version 5.170 V200R010C00SPC600', '2102359576DMHC000120', '', ''],
    [67108869, 5, '', '', 'Huawei', ''],
  ],
};

const HYTERA = '1.3.6.1.4.1.40297.1.2.4';
/** A Hytera repeater: no ENTITY-MIB; its rptSystemInfo "unicode strings" in UTF-16LE (HYTERA-REPEATER-MIB). */
const RD985: Device = {
  sysDescr: 'Hytera RD985 Repeater',
  sysObjectID: '1.3.6.1.4.1.40297.1.2',
  scalars: { [`${HYTERA}.1.0`]: Buffer.from('RD985', 'utf16le'), [`${HYTERA}.3.0`]: Buffer.from('A8.05.07.001', 'utf16le'), [`${HYTERA}.5.0`]: Buffer.from('985218A0312', 'utf16le') },
};

describe('infrastructure reads over SNMPv3 tell which device it is (net-snmp agent on loopback)', () => {
  it('a Huawei switch: sysDescr, sysObjectID and its chassis row\'s serial and software, with the v3 user; four requests more than over v2c (engine discovery, system GET, one GETBULK, one GET)', async () => {
    const v3 = await read(S5720, V3);
    const source = 'snmp-infra:127.0.0.1';
    expect(facts(v3.outcome)).toEqual([
      ['snmp.sysname', 'core-sw', source],
      ['snmp.sysdescr', S5720.sysDescr, source],
      ['snmp.sysobjectid', S5720.sysObjectID, source],
      ['snmp.entity.firmware', 'Version 5.170 V200R010C00SPC600', source],
      ['snmp.entity.serial', '2102359576DMHC000120', source],
    ]);
    // Over v2c the configured device gives its name only (the probe asks those a community reaches).
    const v2 = await read(S5720, { version: '2c', community: COMMUNITY });
    expect(facts(v2.outcome)).toEqual([['snmp.sysname', 'core-sw', source]]);
    expect(v3.received - v2.received).toBe(4);
  });

  it('a Hytera repeater without ENTITY-MIB states model, firmware and serial in its maker\'s objects: engine discovery, system GET, one GETBULK and one GET of the three objects', async () => {
    const v3 = await read(RD985, V3);
    expect(v3.outcome.observations.filter((o) => o.kind.startsWith('snmp.entity')).map((o) => [o.kind, o.value])).toEqual([
      ['snmp.entity.model', 'RD985'],
      ['snmp.entity.firmware', 'A8.05.07.001'],
      ['snmp.entity.serial', '985218A0312'],
    ]);
    const v2 = await read(RD985, { version: '2c', community: COMMUNITY });
    expect(v3.received - v2.received).toBe(4);
  });

  it('wrong v3 keys: nothing read, nothing said about the device, no key in any warning', async () => {
    const { outcome } = await read(S5720, { ...V3, privKey: 'wrong-priv-key-xx' } as Credentials);
    expect(outcome.observations).toEqual([]);
    expect(JSON.stringify(outcome.warnings)).not.toMatch(/key-|audit-v3/);
  });

  it('the lab simulator\'s v3 agent (test/lab/sim/snmp/usm.ts, node:crypto from RFC 3414/3826) is read the same way; a wrong key gets silence', async () => {
    const mib = buildMib({
      community: COMMUNITY, sysDescr: S5720.sysDescr, sysObjectID: S5720.sysObjectID, sysName: 'core-sw', extra: {},
      tables: entityTable((S5720.entity ?? []).map(([index, cls, softwareRev, serial, mfg, model]) => ({ index, class: cls, descr: '', name: '', softwareRev, serial, mfg, model }))),
    });
    const engine = labEngine('lab-sw');
    const s = dgram.createSocket('udp4');
    let received = 0;
    s.on('message', (msg, from) => {
      received++;
      const reply = respondV3(msg, { username: USER.name, authKey: USER.authKey, privKey: USER.privKey }, engine, mib);
      if (reply) s.send(reply, from.port, from.address);
    });
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => s.close(() => r())));
    const port = (s.address() as AddressInfo).port;
    const read = (credentials: Credentials) => readInfrastructure(found, { scope: LOOPBACK, signal: new AbortController().signal }, options(port, credentials));
    const outcome = await read(V3);
    expect(outcome.observations.map((o) => [o.kind, o.value])).toEqual([
      ['snmp.sysname', 'core-sw'],
      ['snmp.sysdescr', S5720.sysDescr],
      ['snmp.sysobjectid', S5720.sysObjectID],
      ['snmp.entity.firmware', 'Version 5.170 V200R010C00SPC600'],
      ['snmp.entity.serial', '2102359576DMHC000120'],
    ]);
    expect(received).toBeGreaterThan(5);
    const wrong = await read({ ...V3, authKey: 'wrong-auth-key-x' } as Credentials);
    expect(wrong.observations).toEqual([]);
  });
});

// Review of #11 (5 Dec): the probe's community may see the system group only (a view many sites give
// v2c), while the configured v3 user sees the chassis row. The reads here then add what the probe
// did not record, and record nothing twice (one set of facts per device and object).
describe('beside the SNMP probe: one set of facts per device and object, and nothing the v3 view adds is lost', () => {
  const withProbe = async (kinds: readonly string[]) => {
    const a = await agent(S5720);
    const readByProbe = new Map([['127.0.0.1', new Set(kinds)]]) as NonNullable<InfrastructureOptions['readByProbe']>;
    const outcome = await readInfrastructure(found, { scope: LOOPBACK, signal: new AbortController().signal }, { ...options(a.port, V3), readByProbe });
    return { outcome, received: a.received() };
  };

  it('the probe read the system group only: the v3 read adds the chassis row, not the system group again', async () => {
    const { outcome } = await withProbe(['snmp.sysdescr', 'snmp.sysobjectid', 'snmp.sysname']);
    expect(facts(outcome).map(([kind, value]) => [kind, value])).toEqual([
      ['snmp.entity.firmware', 'Version 5.170 V200R010C00SPC600'],
      ['snmp.entity.serial', '2102359576DMHC000120'],
    ]);
  });

  it('the probe read the chassis row too: nothing is recorded twice, and the v3 identity is not asked', async () => {
    const all = await withProbe(['snmp.sysdescr', 'snmp.sysobjectid', 'snmp.sysname', 'snmp.entity.firmware', 'snmp.entity.serial']);
    expect(facts(all.outcome)).toEqual([]);
    const none = await withProbe([]);
    expect(none.received - all.received).toBe(3);
  });
});
