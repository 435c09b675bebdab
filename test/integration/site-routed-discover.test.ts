/**
 * Issue 12, infrastructure discovery: site-routed scanned from behind its router with NO router or
 * switch named in the configuration, only `infrastructure.discover` on and the site's SNMP
 * communities in `probes.snmp`. The router (Debian's snmpd: ipForwarding 1) and the two managed
 * switches (the simulator: BRIDGE-MIB dot1dBaseNumPorts) are found by the scan's SNMP probe and
 * read as if named: routed hosts get their MACs from the router, devices their switch ports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeLocation } from '../../src/infrastructure/location.js';
import { describeScore, score } from './ground-truth.js';
import { available, useLab } from './lab-fixture.js';

if (!available.ok) console.warn(`skipping the site-routed discovery test: ${available.why}`);

const COMMUNITIES = ['lab-rtr-c0mmunity', 'lab-sw-c0mmunity'];

describe.skipIf(!available.ok)('site-routed: routers and switches found by discovery', () => {
  const site = useLab('site-routed', 'itdisc');

  it('finds and reads the router and both switches without naming them: routed hosts get their MACs, devices their ports', async () => {
    const db = site.db('discover');
    const config = path.join(path.dirname(db), 'config.yaml');
    fs.writeFileSync(
      config,
      `probes:
  snmp:
    communities: [${COMMUNITIES.join(', ')}, public]
infrastructure:
  discover: { enabled: true }
  maxRows: 2000
  deviceTimeoutMs: 20000
`,
      { mode: 0o600 },
    );
    const r = await site.scan(db, '--config', config, '--json');
    expect(r.code, r.stderr).toBe(0);
    for (const secret of COMMUNITIES) expect(r.stdout + r.stderr).not.toContain(secret);
    for (const secret of COMMUNITIES) expect(fs.readFileSync(db).includes(Buffer.from(secret))).toBe(false);

    // What scan --json says it read: the router (on the addresses it answered at) and both switches, all found by discovery.
    const summary = JSON.parse(r.stdout) as { infrastructure: { addresses: string[]; sysName: string; discovered: boolean }[] | null };
    console.log(`site-routed discovery read: ${JSON.stringify(summary.infrastructure)}`);
    const read = summary.infrastructure ?? [];
    const switches = site.lab.devices.filter((d) => d.snmp?.bridge);
    expect(switches.length).toBe(2);
    for (const sw of switches) expect(read, sw.id).toContainEqual({ addresses: [sw.ip], sysName: sw.snmp!.sysName, discovered: true });
    const router = read.find((d) => d.addresses.includes(site.lab.profile.segments[1]!.router!.upstream));
    expect(router, 'the router').toMatchObject({ discovered: true });
    expect(router!.sysName).not.toBe('');
    expect(read.length).toBe(3);
    expect(read.every((d) => d.discovered)).toBe(true);

    site.inspect(db, (inv) => {
      const s = score(inv, site.lab.devices);
      console.log(describeScore('site-routed + discovered infrastructure', s));
      expect(s.missed.map((o) => o.id)).toEqual([]);
      expect(s.falselyFlagged.map((o) => o.id)).toEqual([]);
      // Every routed host's MAC, from the router's ARP table.
      for (const d of site.lab.devices.filter((x) => x.segment === 'branch')) {
        const device = inv.devices.find(d.ip);
        expect(device?.mac ?? null, d.id).toBe(d.mac);
      }
      const macSources = inv.devices.find(site.lab.devices.find((d) => d.id === 'branch-repeater')!.ip)!.observations.filter((o) => o.kind === 'mac').map((o) => o.source);
      expect(macSources.some((src) => router!.addresses.some((a) => src === `snmp-arp:${a}`)), macSources.join(', ')).toBe(true);
      // Every device cabled to a switch, on its port and VLAN.
      let placed = 0;
      for (const sw of switches) {
        for (const port of sw.snmp!.bridge!.ports) {
          for (const id of port.devices) {
            const ip = site.lab.devices.find((d) => d.id === id)!.ip;
            const location = inv.devices.find(ip)!.observations.filter((o) => o.kind === 'location').map((o) => decodeLocation(o.value));
            expect(location.at(-1), id).toMatchObject({ switchName: sw.snmp!.sysName, switchAddress: sw.ip, port: port.name, vlan: port.vlan, confidence: 'high' });
            placed++;
          }
        }
      }
      expect(placed).toBeGreaterThan(5);
    });

    // What a person reads: the summary line, and each device read with its addresses and sysName.
    const human = await site.scan(db, '--config', config);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('Infrastructure: read 3 routers/switches (3 found by discovery)');
    for (const sw of switches) expect(human.stdout).toContain(`  ${sw.ip}  ${sw.snmp!.sysName}  (discovered)`);
    expect(human.stdout).toContain(`  ${router!.addresses.join(', ')}  ${router!.sysName}  (discovered)`);
  }, 600_000);
});
