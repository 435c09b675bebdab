/**
 * Issue 3's integration test: the real `lanaudit scan` inside the lab's site-small (41 devices that
 * speak the vendors' protocols, OEM relabels and look-alikes included), compared with its ground truth.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { ensureBuilt, lanauditCommand } from '../helpers/cli.js';
import { labAvailable, upLab, type Lab } from '../lab/lab.js';
import { describeScore, score } from './ground-truth.js';

const available = labAvailable();
if (!available.ok) console.warn(`skipping the site-small integration test: ${available.why}`);

describe.skipIf(!available.ok)('site-small: a realistic office', () => {
  let lab: Lab;
  let dir: string;
  beforeAll(async () => {
    ensureBuilt();
    lab = await upLab('site-small', { id: 'itsmall' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanaudit-small-'));
  }, 180_000);
  afterAll(async () => {
    await lab?.down();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const engine of ['native', 'nmap'] as const) {
    it(`finds every device with its MAC, flags every covered one with the right entity and no look-alike (${engine})`, async () => {
      const db = path.join(dir, `${engine}.db`);
      const subnet = lab.profile.segments[0]!.subnet;
      const r = await lab.exec(lanauditCommand('scan', subnet, '--exclude', lab.scannerAddress, '--engine', engine, '--db', db), { timeoutMs: 240_000 });
      expect(r.code, r.stderr).toBe(0);
      const inv = Inventory.open(db, { readonly: true });
      try {
        const s = score(inv, lab.devices);
        console.log(describeScore(`site-small (${engine})`, s));
        expect(s.found).toBe(s.devices);
        expect(s.foundWithMac).toBe(s.devices);
        expect(s.missed.map((o) => o.id)).toEqual([]);
        expect(s.wrongEntity.map((o) => o.id)).toEqual([]);
        expect(s.falselyFlagged.map((o) => o.id)).toEqual([]);
        expect(s.flaggedRight).toBe(s.covered);
        // An OEM relabel is explained as such: made by the firmware's maker, sold as the label.
        const amcrest = inv.findDevice(lab.devices.find((d) => d.id === 'amcrest-cam-office')!.ip);
        expect(amcrest?.verdict).toMatchObject({ status: 'covered', covered: 'dahua', manufacturerName: 'Dahua', brand: 'Amcrest' });
      } finally {
        inv.close();
      }
    }, 300_000);
  }
});
