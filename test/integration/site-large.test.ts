/** Issue 3: a /22 with 1,000 live hosts: every one found with its MAC, the covered ones flagged. */
import { describe, expect, it } from 'vitest';
import { describeScore, score } from './ground-truth.js';
import { available, useLab } from './lab-fixture.js';

if (!available.ok) console.warn(`skipping the site-large integration test: ${available.why}`);

describe.skipIf(!available.ok)('site-large: 1,000 hosts on a /22', () => {
  const site = useLab('site-large', 'itlarge');

  it('finds all 1,000 hosts with their MACs and flags every covered one', async () => {
    const db = site.db('large');
    const r = await site.scan(db);
    expect(r.code, r.stderr).toBe(0);
    site.inspect(db, (inv) => {
      const s = score(inv, site.lab.devices);
      console.log(describeScore('site-large', s));
      expect(s.devices).toBe(1000);
      expect(s.found).toBe(1000);
      expect(s.foundWithMac).toBe(1000);
      expect(s.missed.map((o) => o.id)).toEqual([]);
      expect(s.falselyFlagged.map((o) => o.id)).toEqual([]);
      expect(s.wrongEntity.map((o) => o.id)).toEqual([]);
    });
  }, 660_000);
});
