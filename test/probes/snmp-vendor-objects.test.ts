/**
 * Makers' own SNMP objects (oui/probes/snmp-objects.json, observations/snmp-vendor-objects.ts):
 * which objects each enterprise arc is asked, how hostile values are read, and the probe against
 * the lab's SNMP agent on loopback, counting its datagrams: one GET more under a listed arc, none
 * under any other.
 */
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { chassisFacts } from '../../src/observations/snmp-entity.js';
import { readIdentity, type SnmpReply } from '../../src/observations/snmp-identity.js';
import { loadVendorObjects, MAX_OBJECTS_PER_ARC, vendorFacts, vendorObjectsFor } from '../../src/observations/snmp-vendor-objects.js';
import { runSnmpProbe } from '../../src/probes/snmp/snmp-probe.js';
import type { Scope } from '../../src/scope/types.js';
import { buildMib, respond, type ExtraValue } from '../lab/sim/snmp/agent.js';
import { RUNS } from '../fuzz/arbitraries.js';

const HYTERA = '1.3.6.1.4.1.40297.1.2.4';
const DAHUA = '1.3.6.1.4.1.1004849.2.1';
const OCTETS = 4;
const INTEGER = 2;
const utf16 = (text: string) => Buffer.from(text, 'utf16le');
const vb = (oid: string, value: unknown, type = OCTETS) => ({ oid, type, value });

describe('which objects each arc is asked (the shipped file)', () => {
  const asked = (sysObjectID: string | null) => vendorObjectsFor(sysObjectID).map((o) => `${o.kind}=${o.oid}`);

  it('a Hytera repeater: model, firmware and serial of rptSystemInfo; a Dahua recorder: its productInfo and softwareRevision; a Hikvision camera: deviceType and softwVersion', () => {
    expect(asked('1.3.6.1.4.1.40297.1.2')).toEqual([`snmp.entity.model=${HYTERA}.1.0`, `snmp.entity.firmware=${HYTERA}.3.0`, `snmp.entity.serial=${HYTERA}.5.0`]);
    expect(asked('.1.3.6.1.4.1.1004849.3.2.10')).toEqual([`snmp.entity.model=${DAHUA}.2.6.0`, `snmp.entity.serial=${DAHUA}.2.4.0`, `snmp.entity.firmware=${DAHUA}.1.1.0`]);
    expect(asked('1.3.6.1.4.1.39165.1.1')).toEqual(['snmp.entity.model=1.3.6.1.4.1.39165.1.1.0', 'snmp.entity.firmware=1.3.6.1.4.1.39165.1.3.0']);
    expect(asked('1.3.6.1.4.1.40297')).toHaveLength(3);
  });

  it('nothing for other arcs, for an arc that only begins with the same digits, or without a sysObjectID', () => {
    expect(asked('1.3.6.1.4.1.2011.2.23.291')).toEqual([]); // Huawei: ENTITY-MIB states it
    expect(asked('1.3.6.1.4.1.402970.1')).toEqual([]);
    expect(asked('1.3.6.1.4.1.4029')).toEqual([]);
    expect(asked('1.3.6.1.4.1.8072.3.2.10')).toEqual([]);
    expect(asked(null)).toEqual([]);
  });

  it('refuses a file whose arcs nest, whose object lies outside its arc, or that asks too much in one GET', () => {
    const dir = mkdtempSync(join(tmpdir(), 'snmp-objects-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const object = (oid: string) => ({ oid, name: 'x', kind: 'snmp.entity.serial', source: 'test' });
    const file = (arcs: unknown[]) => {
      const path = join(dir, `${Math.random()}.json`);
      writeFileSync(path, JSON.stringify({ description: 'test', arcs }));
      return pathToFileURL(path);
    };
    const arc = (oid: string, objects: unknown[]) => ({ arc: oid, maker: 'x', mib: 'x', source: 'x', objects });
    expect(() => loadVendorObjects(file([arc('1.3.6.1.4.1.9', [object('1.3.6.1.4.1.9.1.0')]), arc('1.3.6.1.4.1.9.9', [object('1.3.6.1.4.1.9.9.1.0')])]))).toThrow(/repeats it or lies under it/);
    expect(() => loadVendorObjects(file([arc('1.3.6.1.4.1.9', [object('1.3.6.1.4.1.99.1.0')])]))).toThrow(/not under/);
    const many = Array.from({ length: MAX_OBJECTS_PER_ARC + 1 }, (_, i) => object(`1.3.6.1.4.1.9.${i}.0`));
    expect(() => loadVendorObjects(file([arc('1.3.6.1.4.1.9', many)]))).toThrow();
    expect(() => loadVendorObjects(file([arc('1.3.6.1.4.1.9', [{ ...object('1.3.6.1.4.1.9.1.0'), source: '' }])]))).toThrow();
  });
});

describe('vendor object values (pure, hostile)', () => {
  const hytera = vendorObjectsFor('1.3.6.1.4.1.40297.1.2');
  const dahua = vendorObjectsFor('1.3.6.1.4.1.1004849.3.2.10');
  const kinds = (facts: { kind: string; value: string }[]) => facts.map((f) => [f.kind, f.value]);

  it('reads Hytera\'s "unicode string" as UTF-16LE, NUL padding dropped; Dahua\'s DisplayString as UTF-8', () => {
    const padded = Buffer.concat([utf16('985218A0312'), Buffer.alloc(10)]);
    expect(kinds(vendorFacts([vb(`${HYTERA}.1.0`, utf16('RD985')), vb(`${HYTERA}.3.0`, utf16('A8.05.07.001')), vb(`${HYTERA}.5.0`, padded)], hytera))).toEqual([
      ['snmp.entity.model', 'RD985'],
      ['snmp.entity.firmware', 'A8.05.07.001'],
      ['snmp.entity.serial', '985218A0312'],
    ]);
    expect(kinds(vendorFacts([vb(`${DAHUA}.2.4.0`, Buffer.from('4J02D6APAZ00123')), vb(`${DAHUA}.2.6.0`, Buffer.from('DHI-NVR4108HS-4KS2'))], dahua))).toEqual([
      ['snmp.entity.serial', '4J02D6APAZ00123'],
      ['snmp.entity.model', 'DHI-NVR4108HS-4KS2'],
    ]);
  });

  it('placeholders and empty values are no value; another type, an oversized value or odd-length UTF-16 is malformed; objects not asked and exceptions are ignored', () => {
    for (const p of ['N/A', '0', '', '   ', 'unknown']) expect(vendorFacts([vb(`${HYTERA}.5.0`, utf16(p))], hytera), p).toEqual([]);
    const out = vendorFacts(
      [vb(`${HYTERA}.5.0`, 1001, INTEGER), vb(`${HYTERA}.1.0`, Buffer.alloc(300, 0x41)), vb(`${HYTERA}.3.0`, Buffer.from('RD9'))],
      hytera,
    );
    expect(out.map((f) => f.kind)).toEqual(['malformed', 'malformed', 'malformed']);
    expect(out[0]!.value).toBe('rptSerialNo of BER type 2');
    expect(out[1]!.value).toMatch(/^rptModelName of 300 bytes/);
    expect(out[1]!.value.length).toBeLessThan(200);
    expect(out[2]!.value).toMatch(/^rptFirmwareVersion of 3 bytes is no UTF-16 text/);
    expect(vendorFacts([vb(`${HYTERA}.6.0`, utf16('Site1')), vb(`${HYTERA}.5.0`, null, 129), 'junk', null], hytera)).toEqual([]);
    // A reply longer than the request is not read past the objects asked.
    const flood = Array.from({ length: 5000 }, () => vb(`${HYTERA}.5.0`, utf16('X1')));
    expect(vendorFacts(flood, hytera)).toHaveLength(hytera.length);
  });
});

describe('fuzz: vendor objects and chassis rows to facts', () => {
  const hytera = vendorObjectsFor('1.3.6.1.4.1.40297.1.2');
  const oid = fc.constantFrom(`${HYTERA}.1.0`, `${HYTERA}.3.0`, `${HYTERA}.5.0`, '1.3.6.1.2.1.47.1.1.1.1.11.7', '1.3.6.1.2.1.47.1.1.1.1.13.7', '.1.3.6.1.4.1.1');
  const value = fc.oneof(fc.anything(), fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)), fc.string({ maxLength: 300 }));
  const varbind = fc.oneof(fc.record({ oid, type: fc.constantFrom(2, 4, 6, 64, 128, 129, 130), value }), fc.anything());
  const KINDS = ['snmp.entity.model', 'snmp.entity.serial', 'snmp.entity.firmware', 'snmp.entity.mfg', 'malformed'];

  it('never throws; at most one fact per object asked, each of a known kind and at most 255 bytes long', () => {
    fc.assert(
      fc.property(fc.array(varbind, { maxLength: 40 }), (vbs) => {
        for (const facts of [vendorFacts(vbs, hytera), chassisFacts(vbs, 7)]) {
          expect(facts.length).toBeLessThanOrEqual(4);
          for (const f of facts) {
            expect(KINDS).toContain(f.kind);
            expect(Buffer.byteLength(f.value, 'utf8')).toBeLessThanOrEqual(255 * 3);
            expect(f.value.length).toBeLessThanOrEqual(255);
          }
        }
      }),
      RUNS,
    );
  });
});

describe('the identity requests (pure, requests counted)', () => {
  it('asks no maker objects of a host outside every arc, one GET of those of its arc otherwise', async () => {
    const sent: string[] = [];
    const requests = {
      get: async (oids: readonly string[]): Promise<SnmpReply> => (sent.push(`get ${oids.join(',')}`), { kind: 'silent' }),
      bulkAfter: async (oid: string): Promise<SnmpReply> => (sent.push(`bulk ${oid}`), { kind: 'answer', varbinds: [] }),
    };
    expect(await readIdentity(requests, '1.3.6.1.4.1.2011.2.23.291')).toEqual([]);
    expect(sent).toEqual(['bulk 1.3.6.1.2.1.47.1.1.1.1.5']);
    sent.length = 0;
    await readIdentity(requests, '1.3.6.1.4.1.40297.1.2');
    expect(sent).toEqual(['bulk 1.3.6.1.2.1.47.1.1.1.1.5', `get ${HYTERA}.1.0,${HYTERA}.3.0,${HYTERA}.5.0`]);
  });
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

const LOOPBACK: Scope = { ranges: [{ first: 0x7f000001, last: 0x7f000001 }], size: 1, labels: ['127.0.0.1'], excluded: [] };
const ctx = { scope: LOOPBACK, signal: new AbortController().signal, timeoutMs: 600, interfaces: [] };

/** The lab's SNMP agent on loopback, counting the datagrams it receives. */
async function labAgent(sysObjectID: string, extra: Record<string, ExtraValue>): Promise<{ port: number; received: () => number }> {
  const mib = buildMib({ community: 'public', sysDescr: 'RD985', sysObjectID, sysName: 'rpt-1', extra });
  let received = 0;
  const s = dgram.createSocket('udp4');
  s.on('message', (msg, rinfo) => {
    received++;
    const reply = respond(msg, 'public', mib);
    if (reply) s.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => s.close(() => r())));
  return { port: (s.address() as AddressInfo).port, received: () => received };
}

/** Hytera's rptSystemInfo as the MIB says a repeater sends it: "unicode string" objects in UTF-16LE. */
const RD985: Record<string, ExtraValue> = {
  [`${HYTERA}.1.0`]: { utf16le: 'RD985' },
  [`${HYTERA}.2.0`]: { utf16le: 'RD985-U1' },
  [`${HYTERA}.3.0`]: { utf16le: 'A8.05.07.001' },
  [`${HYTERA}.5.0`]: { utf16le: '985218A0312' },
};

describe('SNMP probe asks the maker\'s objects (lab agent on loopback)', () => {
  it('a Hytera repeater without ENTITY-MIB states model, firmware and serial in its own MIB: one GET more', async () => {
    const agent = await labAgent('1.3.6.1.4.1.40297.1.2', RD985);
    const obs = await runSnmpProbe(['127.0.0.1'], ctx, { communities: ['public'], concurrency: 1, port: agent.port });
    expect(obs.filter((o) => o.kind.startsWith('snmp.entity')).map((o) => [o.kind, o.value, o.source])).toEqual([
      ['snmp.entity.model', 'RD985', 'snmp'],
      ['snmp.entity.firmware', 'A8.05.07.001', 'snmp'],
      ['snmp.entity.serial', '985218A0312', 'snmp'],
    ]);
    // The system GET, one GETBULK of entPhysicalClass (no table), one GET of the three objects.
    expect(agent.received()).toBe(3);
  });

  it('a host under no listed arc answering the same objects is not asked them', async () => {
    const agent = await labAgent('1.3.6.1.4.1.8072.3.2.10', RD985);
    const obs = await runSnmpProbe(['127.0.0.1'], ctx, { communities: ['public'], concurrency: 1, port: agent.port });
    expect(obs.map((o) => o.kind)).toEqual(['snmp.sysdescr', 'snmp.sysobjectid', 'snmp.sysname']);
    expect(agent.received()).toBe(2);
  });

  it('a repeater whose objects are missing (noSuchObject) adds nothing and is asked once', async () => {
    const agent = await labAgent('1.3.6.1.4.1.40297.1.2', {});
    const obs = await runSnmpProbe(['127.0.0.1'], ctx, { communities: ['public'], concurrency: 1, port: agent.port });
    expect(obs.map((o) => o.kind)).toEqual(['snmp.sysdescr', 'snmp.sysobjectid', 'snmp.sysname']);
    expect(agent.received()).toBe(3);
  });
});
