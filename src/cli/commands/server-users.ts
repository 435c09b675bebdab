/**
 * `lanaudit server user add|passwd|disable|list`: the console's local users. A password is read
 * from --password-file (its first line), else typed at a prompt that does not echo, else the first
 * line of standard input; never from the command line, where other users and the shell history see it.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveConfig } from '../../config/load.js';
import { disableUser, listUsers, parseRole, setPassword, addUser } from '../../server/console/users.js';
import { resolvePgUrl } from '../../server/pg-url.js';
import { openPool, type Pool } from '../../server/store/pool.js';
import { schemaVersion } from '../../server/store/migrate.js';
import { defaultActor } from '../../triage/triage.js';
import { RuntimeError, UsageError } from '../../util/errors.js';
import type { GlobalOptions } from '../context.js';
import { print, table } from '../terminal.js';

interface PgOptions {
  readonly pg?: string;
  readonly pgFile?: string;
}

async function withServerDb<T>(opts: PgOptions, globals: GlobalOptions, fn: (pool: Pool) => Promise<T>): Promise<T> {
  const url = resolvePgUrl({ url: opts.pg, file: opts.pgFile, config: resolveConfig(globals.config).config.server });
  const pool = openPool(url, { max: 2 });
  try {
    if ((await schemaVersion(pool)) === 0) throw new RuntimeError('the server database is not set up: run lanaudit server init first');
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

const actor = () => `cli:${defaultActor()}`;

/** The first line of the file (a trailing newline is not part of the password). */
function passwordFromFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').split(/\r?\n/)[0] ?? '';
  } catch (err) {
    throw new UsageError(`--password-file: cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** One line typed with echo off (raw mode: the characters are never written back). */
function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    let typed = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (error: Error | null) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error === null) resolve(typed);
      else reject(error);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003' || ch === '\u0004') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else if (ch >= ' ') typed += ch;
      }
    };
    input.on('data', onData);
  });
}

async function firstStdinLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

async function readNewPassword(file: string | undefined): Promise<string> {
  if (file !== undefined) return passwordFromFile(file);
  if (!process.stdin.isTTY) return firstStdinLine();
  const first = await promptHidden('New password: ');
  const again = await promptHidden('Again: ');
  if (first !== again) throw new UsageError('the two passwords differ');
  return first;
}

export function registerServerUserCommands(server: Command): void {
  const user = server.command('user').description("the console's users: add, change a password, disable, list");
  const pgOptions = (cmd: Command) =>
    cmd.option('--pg <url>', 'PostgreSQL URL (default: $LANAUDIT_SERVER_PG, server.pg or server.pgFile)').option('--pg-file <file>', 'a file holding the PostgreSQL URL');

  pgOptions(
    user
      .command('add <name>')
      .description('add a user (password from --password-file, a prompt, or the first line of standard input)')
      .requiredOption('--role <role>', 'viewer (reads), triager (also records decisions) or admin (also sites, tokens, report facts, audit log)')
      .option('--password-file <file>', 'read the password from the first line of this file'),
  ).action(async (name: string, opts: PgOptions & { role: string; passwordFile?: string }, cmd: Command) => {
    const role = parseRole(opts.role);
    const password = await readNewPassword(opts.passwordFile);
    await withServerDb(opts, cmd.optsWithGlobals(), (pool) => addUser(pool, name, role, password, actor()));
    print(`user ${name} added (${role})`);
  });

  pgOptions(
    user.command('passwd <name>').description("set a user's password (their sessions end)").option('--password-file <file>', 'read the password from the first line of this file'),
  ).action(async (name: string, opts: PgOptions & { passwordFile?: string }, cmd: Command) => {
    const password = await readNewPassword(opts.passwordFile);
    await withServerDb(opts, cmd.optsWithGlobals(), (pool) => setPassword(pool, name, password, actor()));
    print(`password of ${name} changed; their sessions ended`);
  });

  pgOptions(user.command('disable <name>').description('disable a user and end their sessions')).action(async (name: string, opts: PgOptions, cmd: Command) => {
    await withServerDb(opts, cmd.optsWithGlobals(), (pool) => disableUser(pool, name, actor()));
    print(`user ${name} disabled; their sessions ended`);
  });

  pgOptions(user.command('list').description('list the users')).action(async (opts: PgOptions, cmd: Command) => {
    const users = await withServerDb(opts, cmd.optsWithGlobals(), listUsers);
    print(table(['NAME', 'ROLE', 'STATE', 'CREATED'], users.map((u) => [u.name, u.role, u.disabledAt === null ? 'enabled' : `disabled ${u.disabledAt.toISOString().slice(0, 10)}`, u.createdAt.toISOString().slice(0, 10)])));
  });
}
