/**
 * A transaction that idles past server.database's idle-in-transaction limit has its session ended by
 * PostgreSQL. The next statement on that connection then fails with the driver's own words
 * ("not queryable", "Connection terminated"), not PostgreSQL's 25P03: the request must still be read
 * as over the database's time limit (503, try again later), not as an internal error (500).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { databaseTimeout, inTransaction, openPool, type Pool } from '../../src/server/store/pool.js';
import { testDatabase, type TestDatabase } from '../helpers/pg-cluster.js';

let db: TestDatabase;
let pool: Pool;

beforeAll(async () => {
  db = await testDatabase();
  pool = openPool(db.url, {
    limits: { statementTimeoutSeconds: 30, lockTimeoutSeconds: 10, idleInTransactionSeconds: 1, poolWaitSeconds: 30, reportSeconds: 3600 },
  });
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

it('a transaction whose session the idle limit ended fails as a database timeout, with PostgreSQL reason, and the pool serves the next request', async () => {
  const failed = await inTransaction(pool, async (client) => {
    await client.query('SELECT 1');
    await sleep(2_500);
    await client.query('SELECT 2');
  }).then(
    () => null,
    (err: unknown) => err,
  );
  expect(failed).not.toBeNull();
  expect(databaseTimeout(failed)).toMatch(/idle-in-transaction timeout/);
  const next = await inTransaction(pool, async (client) => (await client.query<{ n: number }>('SELECT 3 AS n')).rows[0]?.n);
  expect(next).toBe(3);
});
