import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../sim/simulator.js';
import { device, memoryLog } from '../sim/testing/devices.js';
import { queryUdp } from '../sim/testing/udp-client.js';

// Debian's snmp package (snmpget, snmpgetnext, snmpbulkget); CI installs it.
const run = promisify(execFile);
const HUAWEI = '127.0.0.51';
const HYTERA = '127.0.0.52';
const HUGE = '127.0.0.53';
const PORT = 16161;
const VRP = 'Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version 5.120 (AR2200 V200R003C00) Copyright (C) 2011-2012 HUAWEI TECH CO., LTD';

let sim: Simulator;
const { lines, log } = memoryLog();

beforeAll(async () => {
  sim = await startSimulator(
    [
      device({ id: 'ar2200', mac: '00:e0:fc:00:00:01', ip: HUAWEI, snmp: { sysDescr: VRP, sysObjectID: '.1.3.6.1.4.1.2011.2.224.67', sysName: 'AR2200' } }),
      device({
        id: 'repeater', mac: '64:69:bc:00:00:01', ip: HYTERA,
        snmp: { community: 'hytera', sysDescr: 'RD985', sysObjectID: '1.3.6.1.4.1.40297.1.2', extra: { '1.3.6.1.4.1.40297.1.2.4.1.0': 'RD985', '1.3.6.1.4.1.40297.1.2.4.5.0': '<script>alert(1)</script>' } },
      }),
      device({ id: 'huge', mac: '02:00:00:00:00:53', ip: HUGE, snmp: { sysDescr: 'x'.repeat(40_000), sysObjectID: '1.3.6.1.4.1.8072', sysName: 'y'.repeat(40_000) } }),
    ],
    { multicast: false, log, ports: { snmp: PORT } },
  );
});

afterAll(async () => {
  await sim?.stop();
});

const snmp = async (tool: string, args: string[]): Promise<string> =>
  (await run(tool, ['-v2c', '-On', '-t', '1', '-r', '0', ...args])).stdout;

describe('SNMP v2c agent', () => {
  it('answers sysDescr, sysObjectID and sysName to snmpget with the right community', async () => {
    const out = await snmp('snmpget', ['-Oe', '-c', 'public', `${HUAWEI}:${PORT}`, '1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.2.0', '1.3.6.1.2.1.1.5.0']);
    expect(out).toContain('.1.3.6.1.2.1.1.1.0 = STRING: "Huawei Versatile Routing Platform Software');
    expect(out).toContain('.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.2011.2.224.67\n');
    expect(out).toContain('.1.3.6.1.2.1.1.5.0 = STRING: "AR2200"\n');
  });

  it('answers tooBig, as real agents do, when the reply would not fit one datagram', async () => {
    const huge = await snmp('snmpget', ['-c', 'public', `${HUGE}:${PORT}`, '1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.5.0']).catch((e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`);
    expect(huge).toMatch(/tooBig|Response message would have been too large/);
    const one = await snmp('snmpget', ['-c', 'public', `${HUGE}:${PORT}`, '1.3.6.1.2.1.1.1.0']);
    expect(one).toContain('x'.repeat(100));
  });

  it('keeps sysDescr bytes exact, CRLF included', async () => {
    const out = await snmp('snmpget', ['-Ox', '-c', 'public', `${HUAWEI}:${PORT}`, '1.3.6.1.2.1.1.1.0']);
    const hex = out.replace(/^.*Hex-STRING: /s, '').replace(/\s+/g, '').toLowerCase();
    expect(Buffer.from(hex, 'hex').toString('utf8')).toBe(VRP);
  });

  it('serves the profile\'s extra OIDs under its own community, values as given', async () => {
    const out = await snmp('snmpget', ['-c', 'hytera', `${HYTERA}:${PORT}`, '1.3.6.1.4.1.40297.1.2.4.1.0', '1.3.6.1.4.1.40297.1.2.4.5.0']);
    expect(out).toContain('.1.3.6.1.4.1.40297.1.2.4.1.0 = STRING: "RD985"');
    expect(out).toContain('.1.3.6.1.4.1.40297.1.2.4.5.0 = STRING: "<script>alert(1)</script>"');
  });

  it('walks in OID order with GETNEXT and GETBULK, ending at the end of the MIB view', async () => {
    const next = await snmp('snmpgetnext', ['-c', 'public', `${HUAWEI}:${PORT}`, '1.3.6.1.2.1.1.1.0']);
    expect(next).toContain('.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.2011.2.224.67');
    const bulk = await snmp('snmpbulkget', ['-Cn0', '-Cr10', '-c', 'hytera', `${HYTERA}:${PORT}`, '1.3.6.1.2.1']);
    expect(bulk.trim().split('\n').map((l) => l.split(' = ')[0])).toEqual([
      '.1.3.6.1.2.1.1.1.0', '.1.3.6.1.2.1.1.2.0', '.1.3.6.1.2.1.1.5.0',
      '.1.3.6.1.4.1.40297.1.2.4.1.0', '.1.3.6.1.4.1.40297.1.2.4.5.0', '.1.3.6.1.4.1.40297.1.2.4.5.0',
    ]);
    expect(bulk).toContain('No more variables left in this MIB View');
  });

  it('reports a missing object as noSuchObject', async () => {
    const out = await snmp('snmpget', ['-c', 'public', `${HUAWEI}:${PORT}`, '1.3.6.1.2.1.1.4.0']);
    expect(out).toContain('No Such Object available on this agent at this OID');
  });

  it('stays silent for the wrong community, as real agents do', async () => {
    await expect(snmp('snmpget', ['-c', 'private', `${HUAWEI}:${PORT}`, '1.3.6.1.2.1.1.1.0'])).rejects.toMatchObject({
      stderr: expect.stringContaining('Timeout'),
    });
    await expect(snmp('snmpget', ['-c', 'public', `${HYTERA}:${PORT}`, '1.3.6.1.2.1.1.1.0'])).rejects.toThrow();
  });

  it('logs and drops malformed packets, then keeps answering', async () => {
    for (const junk of ['3003020101', '30820fff0201', 'ffffffff', '300a02010104067075626c6963a0ff']) {
      expect(await queryUdp(HUAWEI, PORT, Buffer.from(junk, 'hex'), { waitMs: 200 })).toEqual([]);
    }
    expect(lines.filter((l) => l.startsWith('snmp: ar2200: malformed query')).length).toBeGreaterThanOrEqual(3);
    const out = await snmp('snmpget', ['-c', 'public', `${HUAWEI}:${PORT}`, '1.3.6.1.2.1.1.5.0']);
    expect(out).toContain('"AR2200"');
  });
});
