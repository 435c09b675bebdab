/**
 * "Central state equals a clean replay of the sites' histories": every batch a site's agent built is
 * recorded as it enters the outbox (a trigger in the test's own inventory file, beside the agent's
 * tables), then applied in seq order, once each, to a fresh database; the two databases' site tables
 * must be equal row for row.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/server/store/migrate.js';
import { addSite } from '../../src/server/store/sites.js';
import { foldSightings } from '../../src/server/sync/fold-sightings.js';
import { receivePush } from '../../src/server/sync/push.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { silentLogger } from '../../src/util/log.js';
import { dumpSite, withoutSite } from '../server/helpers.js';
import { testDatabase } from './pg-cluster.js';

/** Creates the inventory (if new) and records from now on every batch built into its outbox. */
export function recordBuiltBatches(dbPath: string): void {
  Inventory.open(dbPath).close();
  const db = new Database(dbPath);
  try {
    db.exec(`
      CREATE TABLE IF NOT EXISTS test_built_batches (seq INTEGER PRIMARY KEY, body BLOB NOT NULL);
      CREATE TRIGGER IF NOT EXISTS test_built_batches AFTER INSERT ON sync_outbox
        BEGIN INSERT OR REPLACE INTO test_built_batches (seq, body) VALUES (NEW.seq, NEW.body); END;
    `);
  } finally {
    db.close();
  }
}

/** Every batch the site built since recordBuiltBatches, in seq order. */
export function builtBatches(dbPath: string): { seq: number; body: Buffer }[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT seq, body FROM test_built_batches ORDER BY seq').all() as { seq: number; body: Buffer }[];
  } finally {
    db.close();
  }
}

/** The site's tables in a database (site ids removed), once the server has folded the sightings it acknowledged (it does so just after replying). */
export async function siteTables(url: string, site: string): Promise<Record<string, unknown[]>> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    for (let waited = 0; ; waited += 100) {
      const { rows } = await pool.query('SELECT 1 FROM pending_sightings p JOIN sites s ON s.id = p.site_id WHERE s.name = $1 LIMIT 1', [site]);
      if (rows.length === 0) break;
      if (waited > 30_000) throw new Error(`the server has not folded ${site}'s sightings within 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return withoutSite(await dumpSite(pool, site));
  } finally {
    await pool.end();
  }
}

/** The site's tables after its batches were applied once each, in order, to a fresh database (which is dropped after). */
export async function cleanReplay(site: string, batches: readonly { seq: number; body: Buffer }[]): Promise<Record<string, unknown[]>> {
  const db = await testDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  try {
    await migrate(pool);
    await addSite(pool, site, 'replay');
    const { rows } = await pool.query<{ id: number }>('SELECT id FROM sites WHERE name = $1', [site]);
    for (const b of batches) {
      const sha256 = createHash('sha256').update(b.body).digest('hex');
      const outcome = await receivePush(pool, silentLogger, { site: { id: rows[0]!.id, name: site }, seqHeader: String(b.seq), sha256Header: sha256, body: b.body, decisionsAfter: 0 });
      if (outcome.status !== 200) throw new Error(`clean replay of ${site} batch ${b.seq}: ${outcome.status} ${JSON.stringify(outcome.reply)}`);
      await foldSightings(pool, rows[0]!.id);
    }
    return withoutSite(await dumpSite(pool, site));
  } finally {
    await pool.end();
    await db.drop();
  }
}
