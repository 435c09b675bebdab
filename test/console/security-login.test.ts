/**
 * Adversarial checks of the console's login rate limit: wrong passwords sent at once must not all be
 * tried before the first failure is counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERS, seededDatabase, serveConsole, type ConsoleServer, type SeededDatabase } from './fixture.js';
import { Client, hidden } from './http-client.js';

let data: SeededDatabase;
let server: ConsoleServer;
const MAX_FAILURES = 3;

beforeAll(async () => {
  data = await seededDatabase();
  server = await serveConsole(data.pool, { loginMaxFailures: MAX_FAILURES, loginWindowSeconds: 600 });
});
afterAll(async () => {
  await server?.close();
  await data?.drop();
});

describe('login rate limit under concurrent attempts', () => {
  it('lets at most loginMaxFailures wrong passwords be checked, however many arrive at once', async () => {
    const client = new Client(server.base);
    const csrf = hidden(await (await client.get('/console/login')).text(), '_csrf');
    const attempts = 20;
    const statuses = await Promise.all(
      Array.from({ length: attempts }, (_, i) => client.post('/console/login', { _csrf: csrf, name: USERS.admin, password: `wrong password ${i}` }).then((r) => r.status)),
    );
    // 403: the password was checked (and was wrong); 429: refused by the limit before any check.
    const checked = statuses.filter((s) => s === 403).length;
    expect(statuses.every((s) => s === 403 || s === 429)).toBe(true);
    expect(checked).toBeLessThanOrEqual(MAX_FAILURES);
    expect(checked).toBeGreaterThanOrEqual(1);
  });

  it('leaves no failure behind for a successful login, and two rows (name, address) for a wrong one', async () => {
    await data.pool.query('DELETE FROM login_failures');
    expect((await new Client(server.base).login(USERS.triager)).status).toBe(303);
    const count = async () => (await data.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM login_failures')).rows[0]!.n;
    expect(await count()).toBe(0);
    expect((await new Client(server.base).login(USERS.triager, 'not the password at all')).status).toBe(403);
    expect(await count()).toBe(2);
  });
});
