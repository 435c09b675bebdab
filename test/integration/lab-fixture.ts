/** One lab per test file for the integration tests: brought up before the tests, always torn down after. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { ensureBuilt, lanauditCommand } from '../helpers/cli.js';
import { labAvailable, upLab, type ExecResult, type Lab, type ProfileInput } from '../lab/lab.js';

export const available = labAvailable();

export interface LabFixture {
  readonly lab: Lab;
  /** A fresh database path in the fixture's temp dir. */
  db(name: string): string;
  /** Runs `lanaudit scan` over every segment of the profile from the scanner namespace, the scanner itself excluded. */
  scan(db: string, ...args: string[]): Promise<ExecResult>;
  /** Opens a stored inventory read-only for `fn`, closing it after. */
  inspect<T>(db: string, fn: (inv: Inventory) => T): T;
}

/** Registers beforeAll/afterAll in the calling describe block and returns the fixture to use inside its tests. */
export function useLab(profile: string | ProfileInput, id: string): LabFixture {
  let lab: Lab | undefined;
  let dir = '';
  beforeAll(async () => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `lanaudit-${id}-`));
    lab = await upLab(profile, { id });
  });
  afterAll(async () => {
    await lab?.down();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const current = () => {
    if (!lab) throw new Error('the lab is not up');
    return lab;
  };
  return {
    get lab() {
      return current();
    },
    db: (name) => path.join(dir, `${name}.db`),
    scan: (db, ...args) => {
      const l = current();
      const subnets = l.profile.segments.map((s) => s.subnet);
      return l.exec(lanauditCommand('scan', ...subnets, '--exclude', l.scannerAddress, '--db', db, ...args), { timeoutMs: 600_000 });
    },
    inspect: (db, fn) => {
      const inv = Inventory.open(db, { readonly: true });
      try {
        return fn(inv);
      } finally {
        inv.close();
      }
    },
  };
}
