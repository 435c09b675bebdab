/**
 * Issue #12: a site scanned from one router hop away must know the models and serials of its
 * covered devices as well as a scan on the segment itself. site-small's devices are scanned twice:
 * flat (the scanner on their segment) and routed (the same devices behind a router), and the
 * models and serials the verdicts name are compared.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { ensureBuilt, lanauditCommand } from '../helpers/cli.js';
import { labAvailable, withLab, type Lab, type ProfileInput } from '../lab/lab.js';
import siteSmall from '../lab/profiles/site-small.json' with { type: 'json' };

const available = labAvailable();
if (!available.ok) console.warn(`skipping the routed identification test: ${available.why}`);

/** site-small's devices, same addresses, behind a router; the scanner on an office segment in front. */
const routed = {
  ...siteSmall,
  name: 'site-small-routed',
  segments: [
    { name: 'office', subnet: '10.79.0.0/24', scanner: '10.79.0.2' },
    { name: 'branch', subnet: '10.77.0.0/24', router: { here: '10.77.0.250', upstream: '10.79.0.1' } },
  ],
  devices: siteSmall.devices.map((d) => ({ ...d, segment: 'branch' })),
} as ProfileInput;

interface Known {
  covered: number;
  model: string[];
  serial: string[];
}

async function scanCovered(lab: Lab, dir: string, name: string): Promise<Known> {
  const db = path.join(dir, `${name}.db`);
  const r = await lab.exec(lanauditCommand('scan', '10.77.0.0/24', '--exclude', lab.scannerAddress, '--db', db), { timeoutMs: 600_000 });
  expect(r.code, r.stderr).toBe(0);
  const inv = Inventory.open(db, { readonly: true });
  try {
    const covered = lab.devices.filter((d) => d.truth.covered);
    const verdicts = covered.map((d) => ({ id: d.id, v: inv.devices.find(d.ip)?.verdict ?? null }));
    return {
      covered: covered.length,
      model: verdicts.filter((x) => x.v?.model).map((x) => x.id),
      serial: verdicts.filter((x) => x.v?.serial).map((x) => x.id),
    };
  } finally {
    inv.close();
  }
}

describe.skipIf(!available.ok)('identification across a router', () => {
  it('knows as many covered models and serials from behind a router as on the segment', async () => {
    ensureBuilt();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanaudit-unicast-'));
    try {
      const flat = await withLab('site-small', (lab) => scanCovered(lab, dir, 'flat'), { id: 'uniflat' });
      const behind = await withLab(routed, (lab) => scanCovered(lab, dir, 'routed'), { id: 'unirouted' });
      console.log(
        `covered devices: ${flat.covered}; model known flat ${flat.model.length}, routed ${behind.model.length}; ` +
          `serial known flat ${flat.serial.length}, routed ${behind.serial.length}\n` +
          `  model only flat: ${flat.model.filter((id) => !behind.model.includes(id)).join(', ') || 'none'}\n` +
          `  serial only flat: ${flat.serial.filter((id) => !behind.serial.includes(id)).join(', ') || 'none'}`,
      );
      expect(behind.model.length).toBeGreaterThan(flat.covered / 2);
      expect(behind.model).toEqual(flat.model);
      expect(behind.serial).toEqual(flat.serial);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
