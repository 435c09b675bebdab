/**
 * One set of SNMP facts per device and object (#11): a switch the configuration reads with its
 * SNMPv3 user that also answers one of the probe's v2c communities told its sysDescr, sysObjectID,
 * sysName and chassis row twice, once per source (`snmp` from the probe, `snmp-infra:<address>`
 * from the infrastructure read). The probe's reading stands, as the infrastructure reader's design
 * says (v3 identity for the devices the probe cannot ask): the infrastructure read still walks the
 * switch's tables but asks and records no identity the probe already has.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { available, useLab } from '../../integration/lab-fixture.js';

if (!available.ok) console.warn(`skipping the SNMP v2c+v3 duplicate test: ${available.why}`);

describe.skipIf(!available.ok)('site-routed: a switch reached by a probe community and read with its v3 user', () => {
  const site = useLab('site-routed', 'snmpdup');

  it('states each SNMP object once, under one source', async () => {
    const sw = site.lab.devices.find((d) => d.id === 'branch-switch')!;
    const v3 = sw.snmp!.v3!;
    const chassis = sw.snmp!.entity!.find((row) => row.class === 3)!;
    const db = site.db('dup');
    const config = path.join(path.dirname(db), 'config.yaml');
    fs.writeFileSync(
      config,
      'probes:\n  snmp:\n    communities: [lab-sw-c0mmunity, public]\n' +
        `infrastructure:\n  devices:\n    - targets: [${sw.ip!}]\n      v3: { username: ${v3.username}, authKey: ${v3.authKey}, privKey: ${v3.privKey} }\n`,
      { mode: 0o600 },
    );
    const r = await site.scan(db, '--config', config);
    expect(r.code, r.stderr).toBe(0);

    site.inspect(db, (inv) => {
      const device = inv.devices.find(sw.ip!)!;
      expect(device.verdict).toMatchObject({ status: 'covered', covered: 'huawei', model: 'S5720-56C-PWR-EI-AC', serial: chassis.serial });
      const snmp = device.observations.filter((o) => o.kind.startsWith('snmp.'));
      const sourcesByKind = new Map<string, Set<string>>();
      for (const o of snmp) sourcesByKind.set(o.kind, (sourcesByKind.get(o.kind) ?? new Set()).add(o.source));
      const twice = [...sourcesByKind].filter(([, sources]) => sources.size > 1).map(([kind, sources]) => `${kind}: ${[...sources].sort().join(', ')}`);
      expect(twice).toEqual([]);
      for (const kind of ['snmp.sysdescr', 'snmp.sysobjectid', 'snmp.sysname', 'snmp.entity.serial']) expect(sourcesByKind.has(kind), kind).toBe(true);
    });
  }, 300_000);
});
