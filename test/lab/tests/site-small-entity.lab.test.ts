/**
 * Issue #11, serial and model where the device says them: site-small's Hytera RD985 repeater has
 * no ENTITY-MIB; it states its model, firmware and serial only in HYTERA-REPEATER-MIB's
 * rptSystemInfo, as UTF-16LE "unicode strings". The default scan's SNMP probe asks them (one GET,
 * its sysObjectID being under Hytera's arc in oui/probes/snmp-objects.json) and the FAR report
 * names the repeater's model and serial.
 */
import { describe, expect, it } from 'vitest';
import { farSection } from '../../helpers/far-section.js';
import { farCompleteness } from '../../integration/far-completeness.js';
import { available, useLab } from '../../integration/lab-fixture.js';

if (!available.ok) console.warn(`skipping the site-small maker-objects test: ${available.why}`);

describe.skipIf(!available.ok)('site-small: model and serial from a maker\'s own SNMP objects', () => {
  const site = useLab('site-small', 'entsmall');

  it('the Hytera repeater shows model RD985 and its serial in the FAR report (default scan)', async () => {
    const db = site.db('vendor');
    const r = await site.scan(db);
    expect(r.code, r.stderr).toBe(0);

    const repeater = site.lab.devices.find((d) => d.id === 'hytera-rd985')!;
    const serial = (repeater.snmp!.extra['1.3.6.1.4.1.40297.1.2.4.5.0'] as { utf16le: string }).utf16le;
    site.inspect(db, (inv) => {
      const far = farCompleteness(inv.devices.list({}).map((d) => d.verdict));
      console.log(`site-small (default scan) FAR completeness: ${JSON.stringify(far)}`);
      const lacking = site.lab.devices.flatMap((d) => {
        const v = d.ip ? inv.devices.find(d.ip)?.verdict : undefined;
        return v?.status === 'covered' && (v.model === null || v.serial === null) ? [`${d.id} (${v.model === null ? 'no model' : 'model'}, ${v.serial === null ? 'no serial' : 'serial'})`] : [];
      });
      console.log(`covered devices without model or serial: ${lacking.join('; ')}`);
      const device = inv.devices.find(repeater.ip!)!;
      expect(device.verdict).toMatchObject({ status: 'covered', covered: 'hytera', model: 'RD985', serial });
      // Read once, from the probe: no malformed record of the repeater's objects.
      expect(device.observations.filter((o) => o.kind === 'snmp.entity.serial').map((o) => o.value)).toEqual([serial]);
      expect(device.observations.filter((o) => o.kind === 'malformed')).toEqual([]);
    });

    const { text, section } = await farSection(db, repeater.ip!);
    expect(section, text.slice(0, 4000)).toBeDefined();
    expect(section).toMatch(/Model number[^\n]*RD985/);
    expect(section).toMatch(new RegExp(`Serial number[^\\n]*${serial}`));
  }, 300_000);
});
