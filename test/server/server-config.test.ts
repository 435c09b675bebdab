import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configSecrets, redactConfig, redactPgUrl, secretScrubber } from '../../src/config/redact.js';
import { configSchema } from '../../src/config/schema.js';
import { serverSection } from '../../src/config/server.js';
import { resolvePgUrl } from '../../src/server/pg-url.js';

const URL_ = 'postgres://lanaudit:pa%40ss-S3CRET@db.example:5432/fleet?sslmode=verify-full';

describe('the server: configuration section', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lanaudit-server-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to loopback plain HTTP on 8443', () => {
    const defaults = serverSection.parse({});
    expect(defaults.listen).toEqual({ host: '127.0.0.1', port: 8443 });
    expect(defaults.tls).toBeUndefined();
    expect(serverSection.safeParse({ listen: { host: '::1' } }).success).toBe(true);
  });

  it('requires TLS on any other address, and one PostgreSQL source', () => {
    const open = serverSection.safeParse({ listen: { host: '10.0.0.5' } });
    expect(open.success).toBe(false);
    expect(open.error!.issues[0]).toMatchObject({ path: ['tls'], message: expect.stringContaining('set tls.cert and tls.key') });
    expect(serverSection.safeParse({ listen: { host: '10.0.0.5' }, tls: { cert: '/c', key: '/k' } }).success).toBe(true);
    expect(serverSection.safeParse({ pg: URL_, pgFile: '/f' }).error!.issues[0]!.message).toBe('expected either pg or pgFile, not both');
    expect(serverSection.safeParse({ pg: 'mysql://x' }).success).toBe(false);
    expect(serverSection.safeParse({ listen: { port: 8443, extra: 1 } }).success).toBe(false);
  });

  it('hides the PostgreSQL password in config check and in log lines', () => {
    const config = configSchema.parse({ server: { pg: URL_ } });
    expect(redactConfig(config).server!.pg).toBe('postgres://lanaudit:***@db.example:5432/fleet?sslmode=verify-full');
    expect(redactPgUrl('postgres://u@h/db?password=S3CRET')).toBe('postgres://u@h/db?password=***');
    const scrub = secretScrubber(configSecrets(config));
    expect(scrub(`connecting to ${URL_} with pa@ss-S3CRET`)).not.toContain('S3CRET');
  });

  it('takes the URL from --pg, --pg-file, $LANAUDIT_SERVER_PG, server.pg, server.pgFile, in that order', () => {
    const file = join(dir, 'pg.url');
    writeFileSync(file, 'postgres://from-file/db\n');
    const config = serverSection.parse({ pgFile: file });
    expect(resolvePgUrl({ url: 'postgres://flag/db', file, config, env: { LANAUDIT_SERVER_PG: 'postgres://env/db' } })).toBe('postgres://flag/db');
    expect(resolvePgUrl({ file, env: { LANAUDIT_SERVER_PG: 'postgres://env/db' } })).toBe('postgres://from-file/db');
    expect(resolvePgUrl({ config, env: { LANAUDIT_SERVER_PG: 'postgres://env/db' } })).toBe('postgres://env/db');
    expect(resolvePgUrl({ config: serverSection.parse({ pg: URL_ }), env: {} })).toBe(URL_);
    expect(resolvePgUrl({ config, env: {} })).toBe('postgres://from-file/db');
    expect(() => resolvePgUrl({ env: {} })).toThrow('no PostgreSQL URL');
    // A wrong value is refused without being repeated (it may be a password).
    expect(() => resolvePgUrl({ url: 'S3CRET', env: {} })).toThrow(/^--pg: expected a postgres:\/\/ URL$/);
  });
});
