import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addReadToken } from '../../src/server/auth/read-tokens.js';
import { authenticate, bearerToken, hashToken, newToken } from '../../src/server/auth/tokens.js';
import { migrate } from '../../src/server/store/migrate.js';
import { openPool, type Pool } from '../../src/server/store/pool.js';
import { addSite } from '../../src/server/store/sites.js';
import { testDatabase, type TestDatabase } from '../helpers/pg-cluster.js';

describe('tokens', () => {
  let db: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    db = await testDatabase();
    pool = openPool(db.url);
    await migrate(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('are 32 random bytes behind a prefix saying their kind; only the SHA-256 is kept', () => {
    const a = newToken('site');
    expect(a).toMatch(/^lsa_[A-Za-z0-9_-]{43}$/);
    expect(newToken('read')).toMatch(/^lra_[A-Za-z0-9_-]{43}$/);
    expect(newToken('site')).not.toBe(a);
    expect(hashToken(a).toString('hex')).toHaveLength(64);
  });

  it('reads the bearer of an Authorization header', () => {
    expect(bearerToken('Bearer lsa_abc')).toBe('lsa_abc');
    expect(bearerToken('bearer  lsa_abc ')).toBe('lsa_abc');
    expect(bearerToken('Basic dXNlcg==')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  it('authenticates a site or read token, nothing else', async () => {
    const { token: site } = await addSite(pool, 'north', 'test');
    const { token: read } = await addReadToken(pool, 'scripts', 'test');
    expect(await authenticate(pool, site)).toEqual({ kind: 'site', siteId: expect.any(Number), siteName: 'north' });
    expect(await authenticate(pool, read)).toEqual({ kind: 'read', tokenId: expect.any(Number) });
    for (const wrong of ['', 'x'.repeat(10_000), site.slice(0, -1), `${site}x`, null, undefined]) expect(await authenticate(pool, wrong)).toBeNull();
  });

  it('writes last_used_at at most once a minute', async () => {
    const { token } = await addSite(pool, 'south', 'test');
    const used = async () => (await pool.query<{ t: Date | null }>('SELECT last_used_at AS t FROM tokens WHERE hash = $1', [hashToken(token)])).rows[0]!.t;
    expect(await used()).toBeNull();
    await authenticate(pool, token);
    const first = await used();
    expect(first).not.toBeNull();
    await authenticate(pool, token);
    expect(await used()).toEqual(first);
    await pool.query("UPDATE tokens SET last_used_at = last_used_at - interval '61 seconds' WHERE hash = $1", [hashToken(token)]);
    const moved = await used();
    await authenticate(pool, token);
    expect((await used())!.getTime()).toBeGreaterThan(moved!.getTime());
  });
});
