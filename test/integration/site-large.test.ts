/** Issue 3: a /22 with 1,000 live hosts: every one found with its MAC, the covered ones flagged. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { ensureBuilt, lanauditCommand } from '../helpers/cli.js';
import { labAvailable, upLab, type Lab } from '../lab/lab.js';
import { describeScore, score } from './ground-truth.js';

const available = labAvailable();
if (!available.ok) console.warn(`skipping the site-large integration test: ${available.why}`);

describe.skipIf(!available.ok)('site-large: 1,000 hosts on a /22', () => {
  let lab: Lab;
  let dir: string;
  beforeAll(async () => {
    ensureBuilt();
    lab = await upLab('site-large', { id: 'itlarge' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanaudit-large-'));
  });
  afterAll(async () => {
    await lab?.down();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds all 1,000 hosts with their MACs and flags every covered one', async () => {
    const db = path.join(dir, 'large.db');
    const subnet = lab.profile.segments[0]!.subnet;
    const r = await lab.exec(lanauditCommand('scan', subnet, '--exclude', lab.scannerAddress, '--db', db), { timeoutMs: 600_000 });
    expect(r.code, r.stderr).toBe(0);
    const inv = Inventory.open(db, { readonly: true });
    try {
      const s = score(inv, lab.devices);
      console.log(describeScore('site-large', s));
      expect(s.devices).toBe(1000);
      expect(s.found).toBe(1000);
      expect(s.foundWithMac).toBe(1000);
      expect(s.missed.map((o) => o.id)).toEqual([]);
      expect(s.falselyFlagged.map((o) => o.id)).toEqual([]);
      expect(s.wrongEntity.map((o) => o.id)).toEqual([]);
    } finally {
      inv.close();
    }
  }, 660_000);
});
