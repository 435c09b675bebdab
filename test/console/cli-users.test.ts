/** `lanaudit server user …` from the CLI (a child process), against a real PostgreSQL. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/server/console/users.js';
import { migrate } from '../../src/server/store/migrate.js';
import { openPool, type Pool } from '../../src/server/store/pool.js';
import { CLI, REPO, runCli, type CliResult } from '../cli/run-cli.js';
import { testDatabase, type TestDatabase } from '../helpers/pg-cluster.js';

let db: TestDatabase;
let pool: Pool;
let dir: string;
const env = () => ({ LANAUDIT_SERVER_PG: db.url });

function passwordFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

/** The CLI with a password piped on standard input (not a terminal: the first line is read). */
function withStdin(args: readonly string[], input: string): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO, env: { ...process.env, LANAUDIT_CONFIG: '', NO_COLOR: '1', ...env() } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

beforeAll(async () => {
  db = await testDatabase();
  pool = openPool(db.url);
  await migrate(pool);
  dir = mkdtempSync(join(tmpdir(), 'lanaudit-users-'));
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('lanaudit server user', { timeout: 60_000 }, () => {
  it('add takes the password from a file (first line), list shows the user and no hash', async () => {
    const add = await runCli(['server', 'user', 'add', 'alice', '--role', 'admin', '--password-file', passwordFile('a', 'a long enough secret\nsecond line\n')], env());
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('user alice added (admin)');
    expect(await authenticate(pool, 'alice', 'a long enough secret')).toMatchObject({ name: 'alice', role: 'admin' });
    const list = await runCli(['server', 'user', 'list'], env());
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/alice\s+admin\s+enabled/);
    expect(list.stdout).not.toContain('scrypt');
  });

  it('add reads the first line of standard input when it is not a terminal', async () => {
    const add = await withStdin(['server', 'user', 'add', 'tom', '--role', 'triager'], 'piped password 1\n');
    expect(add.code, add.stderr).toBe(0);
    expect(await authenticate(pool, 'tom', 'piped password 1')).toMatchObject({ role: 'triager' });
  });

  it('refuses a short password, an unknown role and a second user of the same name, with a usage error', async () => {
    const short = await runCli(['server', 'user', 'add', 'bob', '--role', 'viewer', '--password-file', passwordFile('b', 'short\n')], env());
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 12 characters');
    const role = await runCli(['server', 'user', 'add', 'bob', '--role', 'root', '--password-file', passwordFile('c', 'a long enough secret\n')], env());
    expect(role.code).toBe(2);
    expect(role.stderr).toContain("unknown role 'root'");
    const again = await runCli(['server', 'user', 'add', 'alice', '--role', 'viewer', '--password-file', passwordFile('d', 'a long enough secret\n')], env());
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("user 'alice' already exists");
  });

  it('passwd sets a new password and ends the sessions; disable shuts the user out', async () => {
    await pool.query("INSERT INTO sessions (id_hash, user_id, epoch, csrf) SELECT '\\x00', id, session_epoch, 'x' FROM users WHERE name = 'alice'");
    const passwd = await runCli(['server', 'user', 'passwd', 'alice', '--password-file', passwordFile('e', 'the next long secret\n')], env());
    expect(passwd.code, passwd.stderr).toBe(0);
    expect(await authenticate(pool, 'alice', 'a long enough secret')).toBeNull();
    expect(await authenticate(pool, 'alice', 'the next long secret')).not.toBeNull();
    expect((await pool.query('SELECT 1 FROM sessions')).rows).toEqual([]);
    const disable = await runCli(['server', 'user', 'disable', 'alice'], env());
    expect(disable.code, disable.stderr).toBe(0);
    expect(await authenticate(pool, 'alice', 'the next long secret')).toBeNull();
    expect((await runCli(['server', 'user', 'list'], env())).stdout).toMatch(/alice\s+admin\s+disabled/);
    const audit = await pool.query<{ action: string; actor: string }>("SELECT action, actor FROM audit WHERE target = 'alice' ORDER BY id");
    expect(audit.rows.map((r) => r.action)).toEqual(['user.add', 'user.passwd', 'user.disable']);
    expect(audit.rows.every((r) => r.actor.startsWith('cli:'))).toBe(true);
  });
});
