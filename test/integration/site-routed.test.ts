/** Issue 3: hosts behind a router, reachable only by IP: found, identified by what they say, never given the router's MAC. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { ensureBuilt, lanauditCommand } from '../helpers/cli.js';
import { labAvailable, upLab, type Lab } from '../lab/lab.js';
import { describeScore, score } from './ground-truth.js';

const available = labAvailable();
if (!available.ok) console.warn(`skipping the site-routed integration test: ${available.why}`);

describe.skipIf(!available.ok)('site-routed: a branch behind a router', () => {
  let lab: Lab;
  let dir: string;
  beforeAll(async () => {
    ensureBuilt();
    lab = await upLab('site-routed', { id: 'itrouted' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanaudit-routed-'));
  });
  afterAll(async () => {
    await lab?.down();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds the routed hosts by IP, flags the covered ones by their banners, and records no MAC for them', async () => {
    const db = path.join(dir, 'routed.db');
    const subnets = lab.profile.segments.map((s) => s.subnet);
    const r = await lab.exec(lanauditCommand('scan', ...subnets, '--exclude', lab.scannerAddress, '--db', db), { timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    const inv = Inventory.open(db, { readonly: true });
    try {
      const s = score(inv, lab.devices);
      console.log(describeScore('site-routed', s));
      expect(s.found).toBe(s.devices);
      expect(s.missed.map((o) => o.id)).toEqual([]);
      expect(s.falselyFlagged.map((o) => o.id)).toEqual([]);
      expect(s.wrongEntity.map((o) => o.id)).toEqual([]);
      const routedSegment = lab.profile.segments.find((seg) => seg.router)!;
      const routed = lab.devices.filter((d) => d.segment === routedSegment.name);
      expect(routed.length).toBeGreaterThan(0);
      for (const d of routed) {
        // The router answers ARP for nothing behind it: a MAC here would be the router's, wrongly attributed.
        expect(inv.findDevice(d.ip)?.mac ?? null, d.id).toBeNull();
      }
    } finally {
      inv.close();
    }
  }, 300_000);
});
