/**
 * Adversarial checks of report downloads: a client that goes away mid-download must not keep a
 * PostgreSQL connection (and its open transaction) from the server's pool.
 */
import http from 'node:http';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { serverSection } from '../../src/config/server.js';
import { listen } from '../../src/server/listen.js';
import { silentLogger } from '../../src/util/log.js';
import { USERS, seededDatabase, serveConsole, type ConsoleServer, type SeededDatabase } from './fixture.js';
import { Client } from './http-client.js';

let data: SeededDatabase;
let server: ConsoleServer;

beforeAll(async () => {
  data = await seededDatabase();
  // Enough devices that the report is many times larger than what the sockets buffer.
  await data.pool.query(
    `INSERT INTO devices (site_id, id, ip, first_seen, last_seen, name, status)
     SELECT s.id, 100000 + i, '10.9.' || (i / 250) || '.' || (i % 250), now(), now(), repeat('n', 200) || i, 'clear'
       FROM sites s CROSS JOIN generate_series(1, 40000) i WHERE s.name = 'hq'`,
  );
  server = await serveConsole(data.pool);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await data?.drop();
});

/** Connections checked out of the pool, and sessions of this database left in an open transaction. */
async function busy(): Promise<{ checkedOut: number; inTransaction: number }> {
  const { rows } = await data.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
  );
  return { checkedOut: data.pool.totalCount - data.pool.idleCount, inTransaction: rows[0]!.n };
}

async function settled(): Promise<{ checkedOut: number; inTransaction: number }> {
  let last = await busy();
  for (let i = 0; i < 100 && (last.checkedOut > 0 || last.inTransaction > 0); i++) {
    await new Promise((r) => setTimeout(r, 100));
    last = await busy();
  }
  return last;
}

describe('report download', () => {
  // Before the fix the report's writer waited forever for 'drain' on the destroyed stream, its
  // connection checked out in an open cursor: a few aborted downloads emptied the pool.
  it('gives its database connection back when the client disconnects mid-download', async () => {
    const client = new Client(server.base);
    expect((await client.login(USERS.viewer)).status).toBe(303);
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const url = new URL('/console/reports/download?format=csv', server.base);
    await new Promise<void>((resolve, reject) => {
      const req = http.get(url, { headers: { cookie } }, (res) => {
        expect(res.statusCode).toBe(200);
        res.once('data', () => {
          // One chunk read, then the client is gone.
          req.destroy();
          resolve();
        });
      });
      req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
    });
    const after = await settled();
    expect(after.inTransaction).toBe(0);
    expect(after.checkedOut).toBe(0);
  }, 60_000);

  it('is ended, with its database connection, when the client stops reading', async () => {
    const app = createApp({ pool: data.pool, config: serverSection.parse({}), log: silentLogger, clock: { now: () => new Date() } });
    const listening = await listen(app, { host: '127.0.0.1', port: 0, tls: null, idleTimeoutMs: 1_000 });
    const client = new Client(listening.url);
    let req: http.ClientRequest | undefined;
    try {
      expect((await client.login(USERS.viewer)).status).toBe(303);
      const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      await new Promise<void>((resolve, reject) => {
        req = http.get(new URL('/console/reports/download?format=csv', listening.url), { headers: { cookie } }, (res) => {
          expect(res.statusCode).toBe(200);
          // Headers read, then nothing more: the socket's buffers fill and the server's writes stall.
          res.pause();
          resolve();
        });
        req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
      });
      await new Promise((r) => setTimeout(r, 1_500));
      const after = await settled();
      expect(after.checkedOut).toBe(0);
      expect(after.inTransaction).toBe(0);
    } finally {
      req?.destroy();
      await listening.close();
    }
  }, 60_000);

  it('makes device text inert as CSV formulas in the fleet CSV (cells starting with = + - @ tab CR)', async () => {
    const names = ['=HYPERLINK("http://x.example/","click")', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1'];
    await data.pool.query(
      `INSERT INTO devices (site_id, id, ip, first_seen, last_seen, name, model, status, covered)
       SELECT s.id, 900000 + n.i, '10.8.0.' || n.i, now(), now(), n.name, n.name, 'covered', 'hikvision'
         FROM sites s, unnest($1::text[]) WITH ORDINALITY AS n(name, i) WHERE s.name = 'branch-2'`,
      [names],
    );
    const client = new Client(server.base);
    await client.login(USERS.viewer);
    const res = await client.get('/console/reports/download?format=csv&site=branch-2&flagged=1');
    expect(res.status).toBe(200);
    const rows = parseCsv(await res.text(), { bom: true }) as string[][];
    const cells = rows.slice(1).flat();
    expect(cells.some((c) => c.includes('HYPERLINK'))).toBe(true);
    for (const cell of cells) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
