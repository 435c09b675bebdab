/**
 * Fuzzing SNMP: the varbind mapping on arbitrary values, and net-snmp's decoding end to end on
 * loopback, against an agent whose GET responses are valid BER with mutated fields and bytes.
 */
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSnmpProbe } from '../../src/probes/snmp/snmp-probe.js';
import { varbindFacts } from '../../src/probes/snmp/snmp-varbinds.js';
import { buildMib, respond } from '../lab/sim/snmp/agent.js';
import { readChildren, readTlv } from '../lab/sim/snmp/ber.js';
import { applyEdits, ctx, edits, expectBounded, RUNS, text } from './arbitraries.js';

const COMMUNITY = 'c0mmunity-secret';
const KINDS = ['snmp.sysdescr', 'snmp.sysobjectid', 'snmp.sysname', 'malformed'];

describe('fuzz: SNMP varbinds to observations', () => {
  const value = fc.oneof(fc.anything(), fc.uint8Array({ maxLength: 20_000 }).map((a) => Buffer.from(a)), text(5000), fc.constant('.1.3.6.1.4.1.39165.1.1'));
  const varbind = fc.oneof(
    fc.record({ oid: fc.constantFrom('1.3.6.1.2.1.1.1.0', '.1.3.6.1.2.1.1.2.0', '1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.3.0'), type: fc.constantFrom(2, 4, 6, 64, 128, 129, 130), value }),
    fc.anything(),
  );
  it('never throws; values bounded; kinds limited to the system group and malformed', () => {
    fc.assert(
      fc.property(fc.array(varbind, { maxLength: 40 }), (vbs) => {
        const obs = varbindFacts(vbs, '10.0.0.1', ctx);
        expectBounded(obs, 16);
        expect(obs.every((o) => KINDS.includes(o.kind))).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('fuzz: SNMP GET responses over loopback (net-snmp decoding)', () => {
  let socket: dgram.Socket;
  let port = 0;
  /** What the agent does to the next response: set per run. */
  let profile = { sysDescr: '', sysObjectID: '1.3.6.1.4.1.39165', sysName: '' };
  let tailEdits: Parameters<typeof applyEdits>[1] = [];

  beforeAll(async () => {
    socket = dgram.createSocket('udp4');
    socket.on('message', (req, rinfo) => {
      let reply: Buffer | null;
      try {
        reply = respond(req, COMMUNITY, buildMib({ community: COMMUNITY, ...profile, extra: {} }));
      } catch {
        return;
      }
      if (!reply) return;
      // Keep everything up to the request ID intact so net-snmp matches the reply; mutate the rest.
      const message = readTlv(reply, 0);
      const pdu = readChildren(message.value, 3)[2];
      if (!pdu) return;
      const keep = reply.length - pdu.value.length + readTlv(pdu.value, 0).end;
      socket.send(Buffer.concat([reply.subarray(0, keep), applyEdits(reply.subarray(keep), tailEdits)]), rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    port = (socket.address() as AddressInfo).port;
  });
  afterAll(() => socket.close());

  const arcs = fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { minLength: 0, maxLength: 40 });
  it('a mutated or hostile response never escapes as an exception, and the community is never recorded', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(text(1500), fc.tuple(fc.constantFrom(1, 2), fc.integer({ min: 0, max: 39 }), arcs), text(300), edits, async (descr, [a, b, rest], name, e) => {
        profile = { sysDescr: descr, sysObjectID: [a, b, ...rest].join('.'), sysName: name };
        tailEdits = e;
        const obs = await runSnmpProbe(['127.0.0.1'], { ...ctx, timeoutMs: 150 }, { communities: [COMMUNITY], concurrency: 1, port });
        expectBounded(obs, 16);
        expect(obs.every((o) => KINDS.includes(o.kind))).toBe(true);
        expect(JSON.stringify(obs)).not.toContain(COMMUNITY);
        if (obs.some((o) => o.kind === 'snmp.sysdescr')) answered++;
      }),
      { numRuns: 60 },
    );
    // Unedited responses are among the runs: the property was checked on real answers, not only on failures.
    expect(answered).toBeGreaterThan(0);
  });
});

describe('fuzz regression', () => {
  it('an unreadable reply whose error has no string message still becomes a bounded excerpt (seed -57552118)', async () => {
    const { excerpt } = await import('../../src/probes/probe-context.js');
    expect(excerpt(undefined as unknown as string)).toBe('undefined');
    expect(excerpt({ toString: () => '\u001b[2Jx' } as unknown as string)).toBe('.[2Jx');
  });
});
