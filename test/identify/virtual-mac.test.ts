/**
 * A virtual router MAC (VRRP, CARP, HSRP, GLBP) names a redundancy protocol, not a maker: it is
 * never attributed to its block's registrant (IANA, Cisco), and `show` says it is virtual.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { parseVirtualMacs, virtualMacRange } from '../../src/identify/virtual-mac.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { runCli } from '../cli/run-cli.js';
import { scopeOf, tempDbPath, useTempDirs } from '../inventory/helpers.js';
import { macObs, noRules, obs } from './observations.js';

const VIRTUAL = [
  ['00:00:5e:00:01:0a', 'VRRP (IPv4) or CARP'],
  ['00:00:5e:00:02:01', 'VRRP (IPv6)'],
  ['00:00:0c:07:ac:01', 'HSRP version 1'],
  ['00:00:0c:9f:f0:01', 'HSRP version 2'],
  ['00:00:0c:9f:ff:ff', 'HSRP version 2'],
  ['00:07:b4:00:01:02', 'GLBP'],
] as const;

describe('virtual router MACs', () => {
  it.each(VIRTUAL)('%s (%s) is not attributed to its block holder', (mac, protocol) => {
    const v = identify([macObs(mac)], { matcher: noRules });
    expect(v).toMatchObject({ manufacturer: null, manufacturerName: null, brand: null, status: 'clear', confidence: 0 });
    expect(v.evidence).toEqual([expect.objectContaining({ rule: 'oui.virtual', value: mac, certainty: 0, entity: null })]);
    expect(v.evidence[0]!.says).toContain(protocol);
    expect(JSON.stringify(v)).not.toMatch(/ICANN|IANA|Cisco/);
  });

  it('the same registry blocks outside the virtual ranges still name their registrant', () => {
    expect(identify([macObs('00:00:0c:12:34:56')], { matcher: noRules }).manufacturerName).toMatch(/Cisco/);
    expect(identify([macObs('00:00:0c:9f:e0:01')], { matcher: noRules }).evidence[0]!.rule).toBe('oui.registrant');
    expect(identify([macObs('00:00:5e:00:03:01')], { matcher: noRules }).evidence[0]!.rule).not.toBe('oui.virtual');
  });

  it('a Huawei core switch answering on a VRRP address is made by Huawei, as its firmware says', () => {
    const v = identify([macObs('00:00:5e:00:01:01'), obs('ssh.banner', 'SSH-2.0-HUAWEI-1.5', { port: 22 })]);
    expect(v).toMatchObject({ manufacturerName: 'Huawei', covered: 'huawei' });
    expect(v.evidence[0]!.rule).toBe('oui.virtual');
  });

  it('every range in oui/virtual-macs.json cites a source, and a range citing an unknown one is refused', () => {
    const file = JSON.parse(readFileSync(new URL('../../oui/virtual-macs.json', import.meta.url), 'utf8')) as {
      ranges: { sources: string[] }[];
    };
    expect(parseVirtualMacs(file).length).toBeGreaterThanOrEqual(5);
    const bad = structuredClone(file);
    bad.ranges[0]!.sources = ['nowhere'];
    expect(() => parseVirtualMacs(bad)).toThrow(/unknown source "nowhere"/);
    expect(virtualMacRange('00:00:5e:00:01:ff')?.protocol).toMatch(/VRRP/);
  });
});

describe('show on a device with a virtual MAC', () => {
  const tempDir = useTempDirs();

  it('says the MAC is virtual, and names no maker from it', async () => {
    const db = tempDbPath(tempDir);
    const inv = Inventory.open(db);
    const mac = '00:00:5e:00:01:0a';
    const scan = inv.scans.begin({ scope: scopeOf('10.0.0.0/24'), engine: 'test' });
    inv.observations.record(scan, [{ ip: '10.0.0.1', mac, kind: 'mac', value: mac, source: 'neigh', at: '2026-03-01T10:00:00.000Z' }]);
    for (const id of inv.observations.resolveDevices(scan)) inv.verdicts.save(id, scan, identify(inv.devices.observations(id)));
    inv.scans.finish(scan, 'complete', { hosts: 1, flagged: 0 });
    inv.close();

    const show = await runCli(['show', '10.0.0.1', '--db', db]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/00:00:5e:00:01:0a {2}\[virtual router MAC/);
    expect(show.stdout).toMatch(/maker\s+unknown/);
    expect(show.stdout).not.toMatch(/ICANN|IANA Department/);
  });
});
