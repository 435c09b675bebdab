/**
 * Issue #11, serial and model where the device says them: site-routed scanned with the site's
 * switch community. The Huawei S5720 behind the router answers SNMP as LibreNMS recorded one
 * (its ENTITY-MIB chassis row states the serial, its sysDescr the model): the FAR report names
 * both. The hostile switch's endless entPhysicalTable is recorded as malformed and adds nothing.
 * Read over SNMPv3 instead (the configuration names the switch with its v3 user; the probe's
 * communities do not reach it), the infrastructure reads give the same model and serial.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { farCompleteness } from '../../integration/far-completeness.js';
import { describeScore, score } from '../../integration/ground-truth.js';
import { available, useLab } from '../../integration/lab-fixture.js';
import { farSection } from '../../helpers/far-section.js';

if (!available.ok) console.warn(`skipping the site-routed ENTITY-MIB test: ${available.why}`);

describe.skipIf(!available.ok)('site-routed: model and serial from the devices\' own SNMP answers', () => {
  const site = useLab('site-routed', 'entrouted');

  it('the routed Huawei switch shows its model and serial in the FAR report; the hostile agent adds no fact', async () => {
    const db = site.db('entity');
    const config = path.join(path.dirname(db), 'config.yaml');
    fs.writeFileSync(config, 'probes:\n  snmp:\n    communities: [lab-sw-c0mmunity, public]\n', { mode: 0o600 });
    const r = await site.scan(db, '--config', config);
    expect(r.code, r.stderr).toBe(0);

    const sw = site.lab.devices.find((d) => d.id === 'branch-switch')!;
    const chassis = sw.snmp!.entity!.find((row) => row.class === 3)!;
    site.inspect(db, (inv) => {
      const s = score(inv, site.lab.devices);
      console.log(describeScore('site-routed (switch community)', s));
      expect(s.falselyFlagged.map((o) => o.id)).toEqual([]);
      expect(s.wrongEntity.map((o) => o.id)).toEqual([]);
      const far = farCompleteness(inv.devices.list({}).map((d) => d.verdict));
      console.log(`site-routed (switch community) FAR completeness: ${JSON.stringify(far)}`);
      expect(far.serial).toBeGreaterThanOrEqual(1);

      const device = inv.devices.find(sw.ip!)!;
      expect(device.verdict).toMatchObject({ status: 'covered', covered: 'huawei', model: 'S5720-56C-PWR-EI-AC', serial: chassis.serial });
      // The hostile switch: its endless table ends at the first row, as malformed, and states nothing.
      const bad = inv.devices.find(site.lab.devices.find((d) => d.id === 'branch-bad-sw')!.ip!)!;
      expect(bad.observations.filter((o) => o.kind.startsWith('snmp.entity'))).toEqual([]);
      expect(bad.observations.filter((o) => o.kind === 'malformed').map((o) => o.value)).toContainEqual(expect.stringMatching(/^entPhysicalTable: /));
    });

    const { text, section } = await farSection(db, sw.ip!);
    expect(section, text.slice(0, 4000)).toBeDefined();
    expect(section).toMatch(/Model number[^\n]*S5720-56C-PWR-EI-AC/);
    expect(section).toMatch(new RegExp(`Serial number[^\\n]*${chassis.serial}`));
  }, 300_000);

  it('read over SNMPv3 with the configured user (the probe\'s default community reaches nothing), the switch shows the same model and serial', async () => {
    const sw = site.lab.devices.find((d) => d.id === 'branch-switch')!;
    const v3 = sw.snmp!.v3!;
    const chassis = sw.snmp!.entity!.find((row) => row.class === 3)!;
    const db = site.db('entity-v3');
    const config = path.join(path.dirname(db), 'config.yaml');
    fs.writeFileSync(
      config,
      `infrastructure:\n  devices:\n    - targets: [${sw.ip!}]\n      v3: { username: ${v3.username}, authKey: ${v3.authKey}, privKey: ${v3.privKey} }\n`,
      { mode: 0o600 },
    );
    const r = await site.scan(db, '--config', config);
    expect(r.code, r.stderr).toBe(0);
    for (const secret of [v3.authKey, v3.privKey]) expect(r.stdout + r.stderr).not.toContain(secret);

    site.inspect(db, (inv) => {
      const s = score(inv, site.lab.devices);
      expect(s.falselyFlagged.map((o) => o.id)).toEqual([]);
      const far = farCompleteness(inv.devices.list({}).map((d) => d.verdict));
      console.log(`site-routed (switch over SNMPv3) FAR completeness: ${JSON.stringify(far)}`);
      const device = inv.devices.find(sw.ip!)!;
      expect(device.verdict).toMatchObject({ status: 'covered', covered: 'huawei', model: 'S5720-56C-PWR-EI-AC', serial: chassis.serial });
      // Only the v3 read could ask it: every SNMP fact is the infrastructure's.
      const snmp = device.observations.filter((o) => o.kind.startsWith('snmp.'));
      expect(snmp.length).toBeGreaterThan(0);
      expect(new Set(snmp.map((o) => o.source))).toEqual(new Set([`snmp-infra:${sw.ip!}`]));
    });

    const { text, section } = await farSection(db, sw.ip!);
    expect(section, text.slice(0, 4000)).toBeDefined();
    expect(section).toMatch(/Model number[^\n]*S5720-56C-PWR-EI-AC/);
    expect(section).toMatch(new RegExp(`Serial number[^\\n]*${chassis.serial}`));
  }, 300_000);
});
