import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import snmp, { type Agent } from 'net-snmp';
import { afterEach, describe, expect, it } from 'vitest';
import { communitiesFor } from '../../src/probes/snmp/snmp-communities.js';
import { runSnmpProbe } from '../../src/probes/snmp/snmp-probe.js';
import { varbindFacts } from '../../src/probes/snmp/snmp-varbinds.js';
import type { Scope } from '../../src/scope/types.js';
import { freeUdpPort } from '../helpers/udp-port.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

const LOOPBACK: Scope = { ranges: [{ first: 0x7f000001, last: 0x7f000001 }], size: 1, labels: ['127.0.0.1'], excluded: [] };
const ctx = (timeoutMs = 600) => ({ scope: LOOPBACK, signal: new AbortController().signal, timeoutMs, interfaces: [] });


/** A net-snmp agent on 127.0.0.1 answering the system group for one community. */
async function agent(community: string, values: { sysDescr: string; sysObjectID: string; sysName: string }): Promise<number> {
  const port = await freeUdpPort();
  const a: Agent = snmp.createAgent({ port, address: '127.0.0.1', transport: 'udp4' }, () => undefined);
  cleanups.push(() => new Promise<void>((r) => a.close(() => r())));
  a.getAuthorizer().addCommunity(community);
  const mib = a.getMib();
  const readOnly = snmp.MaxAccess['read-only'];
  mib.registerProvider({ name: 'sysDescr', type: snmp.MibProviderType.Scalar, oid: '1.3.6.1.2.1.1.1', scalarType: snmp.ObjectType.OctetString, maxAccess: readOnly });
  mib.registerProvider({ name: 'sysObjectID', type: snmp.MibProviderType.Scalar, oid: '1.3.6.1.2.1.1.2', scalarType: snmp.ObjectType.OID, maxAccess: readOnly });
  mib.registerProvider({ name: 'sysName', type: snmp.MibProviderType.Scalar, oid: '1.3.6.1.2.1.1.5', scalarType: snmp.ObjectType.OctetString, maxAccess: readOnly });
  mib.setScalarValue('sysDescr', values.sysDescr);
  mib.setScalarValue('sysObjectID', values.sysObjectID);
  mib.setScalarValue('sysName', values.sysName);
  return port;
}

/** Any UDP responder: answers each datagram with `reply`. */
async function udpResponder(reply: (req: Buffer) => Buffer): Promise<number> {
  const s = dgram.createSocket('udp4');
  s.on('message', (msg, rinfo) => s.send(reply(msg), rinfo.port, rinfo.address));
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => s.close(() => r())));
  return (s.address() as AddressInfo).port;
}

const HIK_NVR = { sysDescr: 'Hikvision company products', sysObjectID: '1.3.6.1.4.1.50001', sysName: 'NVR-lobby' };

describe('SNMP v2c probe (agent on loopback)', () => {
  it('reads sysDescr, sysObjectID (dotted, no leading dot) and sysName, and never records the community', async () => {
    const port = await agent('s3cret-ro', HIK_NVR);
    const obs = await runSnmpProbe(['127.0.0.1'], ctx(), { communities: ['public', 's3cret-ro'], concurrency: 2, port });
    expect(obs.map((o) => [o.kind, o.value])).toEqual([
      ['snmp.sysdescr', 'Hikvision company products'],
      ['snmp.sysobjectid', '1.3.6.1.4.1.50001'],
      ['snmp.sysname', 'NVR-lobby'],
    ]);
    expect(obs.every((o) => o.ip === '127.0.0.1' && o.source === 'snmp' && o.port === port)).toBe(true);
    expect(JSON.stringify(obs)).not.toContain('s3cret-ro');
  });

  it('keeps control characters in a value and bounds its length', async () => {
    const port = await agent('public', { ...HIK_NVR, sysDescr: `Huawei Versatile Routing Platform Software\r\nVRP (R) software\u0007${'x'.repeat(9000)}` });
    const obs = await runSnmpProbe(['127.0.0.1'], ctx(), { communities: ['public'], concurrency: 1, port });
    const descr = obs.find((o) => o.kind === 'snmp.sysdescr')?.value ?? '';
    expect(descr.startsWith('Huawei Versatile Routing Platform Software\r\nVRP (R) software\u0007')).toBe(true);
    expect(descr.length).toBe(4096);
  });

  it('records nothing when no configured community is accepted', async () => {
    const port = await agent('private', HIK_NVR);
    const obs = await runSnmpProbe(['127.0.0.1'], ctx(300), { communities: ['public'], concurrency: 1, port });
    expect(obs).toEqual([]);
  });

  it('survives a UDP service that answers with garbage, recording it as malformed', async () => {
    const port = await udpResponder(() => Buffer.from('\x30\x82\xff\xffHELLO this is not SNMP'));
    const obs = await runSnmpProbe(['127.0.0.1'], ctx(300), { communities: ['public', 'private'], concurrency: 1, port });
    expect(obs.map((o) => o.kind)).toEqual(['malformed']);
    expect(obs[0]?.value).toMatch(/^unreadable SNMP reply/);
    expect(obs[0]?.value).not.toContain('private');
  });

  it('a silent agent gets no datagram the --rate bucket did not allow (the retry waits for its own token)', async () => {
    const s = dgram.createSocket('udp4');
    let datagrams = 0;
    s.on('message', () => datagrams++);
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => s.close(() => r())));
    let tokens = 0;
    const paced = { ...ctx(400), pace: async () => void tokens++ };
    const obs = await runSnmpProbe(['127.0.0.1'], paced, { communities: ['public', 'private'], concurrency: 1, port: (s.address() as AddressInfo).port });
    expect(obs).toEqual([]);
    expect(datagrams).toBeGreaterThanOrEqual(2);
    expect(datagrams).toBeLessThanOrEqual(tokens);
  });

  it('does not ask addresses outside the scope', async () => {
    let asked = 0;
    const port = await udpResponder((req) => {
      asked++;
      return req;
    });
    const obs = await runSnmpProbe(['127.0.0.2'], ctx(300), { communities: ['public'], concurrency: 1, port });
    expect(obs).toEqual([]);
    expect(asked).toBe(0);
  });
});

describe('SNMP varbinds to observations', () => {
  const at = () => new Date('2026-01-01T00:00:00Z');
  it('skips exceptions and objects not asked for, and marks wrong types malformed', () => {
    const obs = varbindFacts(
      [
        { oid: '1.3.6.1.2.1.1.1.0', type: 129, value: null },
        { oid: '1.3.6.1.2.1.1.3.0', type: 67, value: 1234 },
        { oid: '.1.3.6.1.2.1.1.2.0', type: 6, value: '.1.3.6.1.4.1.39165.1.1' },
        { oid: '1.3.6.1.2.1.1.5.0', type: 2, value: 7 },
        'junk',
      ],
      '10.0.0.5',
      { now: at },
    );
    expect(obs.map((o) => `${o.kind}=${o.value}`)).toEqual([
      'snmp.sysobjectid=1.3.6.1.4.1.39165.1.1',
      'malformed=sysName of BER type 2: number',
      'malformed=SNMP varbind is not an object',
    ]);
  });
});

describe('SNMP communities per subnet (probes.snmp.bySubnet)', () => {
  it('the most specific subnet holding an address gives its communities; elsewhere the default list', () => {
    const choose = communitiesFor(['public'], [
      { cidr: '10.0.0.0/8', communities: ['corp'] },
      { cidr: '10.20.0.0/16', communities: ['site-b', 'site-b-old'] },
      { cidr: '10.20.5.0/24', communities: ['lab'] },
    ]);
    expect(choose('10.1.2.3')).toEqual(['corp']);
    expect(choose('10.20.9.9')).toEqual(['site-b', 'site-b-old']);
    expect(choose('10.20.5.0')).toEqual(['lab']);
    expect(choose('10.20.5.255')).toEqual(['lab']);
    expect(choose('192.168.1.1')).toEqual(['public']);
  });

  it('a silent device hears only the communities of its subnet, never the default list or a wider subnet\'s', async () => {
    const heard: string[] = [];
    const s = dgram.createSocket('udp4');
    s.on('message', (msg) => heard.push(msg.toString('latin1')));
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => s.close(() => r())));
    const port = (s.address() as AddressInfo).port;
    const obs = await runSnmpProbe(['127.0.0.1'], ctx(200), {
      communities: ['public', 'default-S3CRET'],
      bySubnet: [
        { cidr: '127.0.0.0/8', communities: ['wide-S3CRET'] },
        { cidr: '127.0.0.1/32', communities: ['host-S3CRET'] },
      ],
      concurrency: 1,
      port,
    });
    expect(obs).toEqual([]);
    expect(heard.length).toBeGreaterThan(0);
    for (const packet of heard) {
      expect(packet).toContain('host-S3CRET');
      for (const other of ['public', 'default-S3CRET', 'wide-S3CRET']) expect(packet).not.toContain(other);
    }
  });

  it('a device of a listed subnet answers to that subnet\'s community', async () => {
    const port = await agent('site-S3CRET', HIK_NVR);
    const obs = await runSnmpProbe(['127.0.0.1'], ctx(), { communities: ['public'], bySubnet: [{ cidr: '127.0.0.0/8', communities: ['site-S3CRET'] }], concurrency: 1, port });
    expect(obs.map((o) => o.kind)).toEqual(['snmp.sysdescr', 'snmp.sysobjectid', 'snmp.sysname']);
  });
});
