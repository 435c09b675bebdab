/** The lab's address plan, profile checks and generated scripts: pure, no root needed. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/util/errors.js';
import { checkProfile, loadProfile, profileNames } from '../network/load-profile.js';
import { labIdOfNamespace, labNames } from '../network/naming.js';
import { assignSlots, labScripts } from '../network/topology.js';
import { generateLarge, LARGE_PROFILE, largeProfileText } from '../profiles/generate-large.js';

const truth = { maker: null, brand: null, covered: null, type: 'pc' };
const routedProfile = {
  name: 't',
  description: 't',
  segments: [
    { name: 'lan', subnet: '10.90.0.0/24', scanner: '10.90.0.10' },
    { name: 'far', subnet: '10.90.1.0/24', router: { here: '10.90.1.10', upstream: '10.90.0.11' } },
  ],
  devices: [
    { id: 'a', mac: '00:11:22:33:44:01', truth },
    { id: 'b', mac: '00:11:22:33:44:02', truth },
    { id: 'c', mac: '00:11:22:33:44:03', ip: '10.90.0.13', truth },
    { id: 'd', mac: '00:11:22:33:44:04', segment: 'far', truth },
  ],
};

function problemsOf(profile: unknown): string {
  try {
    checkProfile(profile, 'my.json');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected the profile to be refused');
}

describe('address plan', () => {
  it('hands out automatic addresses from .10, skipping the scanner, routers and explicit addresses', () => {
    const { profile } = checkProfile(routedProfile, 'my.json');
    expect(profile.devices.map((d) => [d.id, d.segment, d.ip])).toEqual([
      ['a', 'lan', '10.90.0.12'],
      ['b', 'lan', '10.90.0.14'],
      ['c', 'lan', '10.90.0.13'],
      ['d', 'far', '10.90.1.11'],
    ]);
  });

  it('names the file, the JSON path and the device when a profile is wrong', () => {
    const bad = structuredClone(routedProfile) as { devices: Record<string, unknown>[] };
    (bad.devices[1] as Record<string, unknown>)['mac'] = '00:11:22:33:44:zz';
    expect(problemsOf(bad)).toMatch(/^my\.json: devices\[1\]\("b"\)\.mac: /);

    const clash = structuredClone(routedProfile);
    clash.devices[0] = { ...clash.devices[0], ip: '10.90.0.13' } as (typeof clash.devices)[number];
    expect(problemsOf(clash)).toContain('my.json: devices[2].ip: 10.90.0.13 is also the address of "a"');

    const outside = structuredClone(routedProfile);
    outside.devices[3] = { ...outside.devices[3], ip: '10.90.0.50' } as (typeof outside.devices)[number];
    expect(problemsOf(outside)).toContain('devices[3].ip: "10.90.0.50" is not a host address of segment "far"');

    const scannerIp = structuredClone(routedProfile);
    scannerIp.devices[2] = { ...scannerIp.devices[2], ip: '10.90.0.11' } as (typeof scannerIp.devices)[number];
    expect(problemsOf(scannerIp)).toContain("10.90.0.11 is the scanner's or a router's address");
  });

  it('refuses sites that cannot be built', () => {
    const noScanner = { ...routedProfile, segments: [{ name: 'lan', subnet: '10.90.0.0/24' }], devices: [] };
    expect(problemsOf(noScanner)).toContain('exactly one segment must have a "scanner" address');
    const unrouted = { ...routedProfile, segments: [routedProfile.segments[0], { name: 'x', subnet: '10.90.1.0/24' }], devices: [] };
    expect(problemsOf(unrouted)).toContain('needs a router');
    const overlap = { ...routedProfile, segments: [routedProfile.segments[0], { ...routedProfile.segments[1], subnet: '10.90.0.0/23' }], devices: [] };
    expect(problemsOf(overlap)).toContain('overlaps');
    const hostBits = { ...routedProfile, segments: [{ name: 'lan', subnet: '10.90.0.1/24', scanner: '10.90.0.2' }], devices: [] };
    expect(problemsOf(hostBits)).toContain('has host bits set');
    const multicastMac = { ...routedProfile, devices: [{ id: 'm', mac: '01:00:5e:00:00:01', truth }] };
    expect(problemsOf(multicastMac)).toContain('multicast');
  });

  it('loads every shipped profile', () => {
    for (const name of profileNames()) {
      const loaded = loadProfile(name);
      expect(loaded.profile.devices.length, name).toBeGreaterThan(0);
    }
  });
});

describe('lab scripts', () => {
  const { profile, plan } = checkProfile(routedProfile, 'my.json');
  const scripts = labScripts('t1', plan, profile.devices, assignSlots(profile.devices));
  const allLines = [scripts.switchScript, ...scripts.others].flatMap((s) => s.batch);

  it('creates nothing outside the lab namespaces and no default route', () => {
    for (const ns of scripts.namespaces) expect(labIdOfNamespace(ns)).toBe('t1');
    expect(allLines.filter((l) => /\bdefault\b|0\.0\.0\.0\/0/.test(l))).toEqual([]);
    expect(scripts.namespaces).toContain(labNames('t1').scanner);
  });

  it('keeps interface names within 15 characters', () => {
    const names = allLines.flatMap((l) => [...l.matchAll(/\b(?:link add|peer name|dev) (\S+)/g)].map((m) => m[1] ?? ''));
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n.length, n).toBeLessThanOrEqual(15);
  });

  it("routes each device's replies out of its own interface", () => {
    const far = scripts.others.find((s) => s.ns === labNames('t1').devices(1));
    expect(far?.batch).toContain('rule add from 10.90.1.11/32 lookup 1000 pref 1000');
    expect(far?.batch).toContain('route add 10.90.0.0/24 via 10.90.1.10 dev m0 table 1000');
    const scanner = scripts.others.find((s) => s.ns === labNames('t1').scanner);
    expect(scanner?.batch).toContain('route add 10.90.1.0/24 via 10.90.0.11 dev eth0');
  });
});

describe('site-large', () => {
  it('is generated deterministically and the committed file is current', () => {
    expect(largeProfileText()).toBe(largeProfileText());
    expect(readFileSync(LARGE_PROFILE, 'utf8')).toBe(largeProfileText());
  });

  it('has 1,000 hosts on a /22, with real OUIs for every vendor MAC', () => {
    const { profile } = loadProfile('site-large');
    expect(profile.segments.map((s) => s.subnet)).toEqual(['10.80.0.0/22']);
    expect(profile.devices).toHaveLength(1000);
    const oui = createRequire(import.meta.url)('oui-data') as Record<string, string>;
    for (const d of generateLarge().devices) {
      const locallyAdministered = (parseInt(d.mac.slice(0, 2), 16) & 2) !== 0;
      if (!locallyAdministered) expect(oui[d.mac.replace(/:/g, '').slice(0, 6).toUpperCase()], d.mac).toBeDefined();
    }
    const covered = profile.devices.filter((d) => d.truth.covered !== null);
    expect(new Set(covered.map((d) => d.truth.covered))).toEqual(new Set(['hikvision', 'dahua', 'huawei', 'zte', 'hytera']));
  });
});
