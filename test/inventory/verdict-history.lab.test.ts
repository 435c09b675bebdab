/**
 * History records changes, not repetitions, on the lab: three real `lanaudit scan` runs from the
 * scanner namespace over site-small, nothing changed between them. The verdict rows stay as the
 * first scan left them, and `changes` after the first scan shows no event at all.
 */
import { describe, expect, it } from 'vitest';
import { lanauditCommand } from '../helpers/cli.js';
import { available, useLab } from '../integration/lab-fixture.js';

if (!available.ok) console.warn(`skipping the verdict-history lab test: ${available.why}`);

describe.skipIf(!available.ok)('lab: verdict history of unchanged devices', () => {
  const site = useLab('site-small', 'vhist');

  it('three scans of an unchanged site: verdict rows do not grow and changes shows no changed event', async () => {
    const db = site.db('vhist');
    const rowsPerDevice = () =>
      site.inspect(db, (inv) => Object.fromEntries(inv.devices.ids().map((id) => [id, inv.verdicts.history(id).length])));
    const changeEvents = async () => {
      const r = await site.lab.exec(lanauditCommand('changes', '--db', db, '--json'));
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { type: string; ip: string }[];
    };

    const first = await site.scan(db);
    expect(first.code, first.stderr).toBe(0);
    const after1 = rowsPerDevice();
    expect(Object.keys(after1).length).toBeGreaterThan(5);
    expect(Object.values(after1).every((rows) => rows === 1)).toBe(true);

    // What moved, for a failure message a person can act on: each device with a new row, old and new verdict.
    const moved = () =>
      site.inspect(db, (inv) =>
        inv.devices.ids().flatMap((id) => {
          const history = inv.verdicts.history(id);
          return history.length === 1 ? [] : [{ id, verdicts: history.map((h) => h.verdict) }];
        }),
      );

    for (const _ of [2, 3]) {
      const r = await site.scan(db);
      expect(r.code, r.stderr).toBe(0);
      expect(moved()).toEqual([]);
      expect(rowsPerDevice()).toEqual(after1);
      expect(await changeEvents()).toEqual([]);
    }
  }, 1_800_000);
});
