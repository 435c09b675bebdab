/**
 * `lanaudit server user add|passwd|disable|list`: the console's local users. A password is read
 * from --password-file (its first line), else typed at a prompt that does not echo, else the first
 * line of standard input; never from the command line, where other users and the shell history see it.
 * The database comes from `server`'s own --pg/--pg-file and the configuration (server-context.ts).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { defaultActor } from '../../triage/triage.js';
import { UsageError } from '../../util/errors.js';
import { print, table } from '../terminal.js';
import { serverContext, withServerPool, type ServerGlobals } from './server-context.js';

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

/** Runs fn on the server's database; the user functions load on use, as the other server commands do. */
async function withUsers<T>(globals: ServerGlobals, fn: (users: typeof import('../../server/console/users.js'), pool: import('../../server/store/pool.js').Pool) => Promise<T>): Promise<T> {
  const users = await import('../../server/console/users.js');
  return withServerPool(serverContext(globals).pgUrl, (pool) => fn(users, pool));
}

export function registerServerUserCommands(server: Command): void {
  const user = server.command('user').description("the console's users (roles viewer, triager, admin): add, set a password, disable, list");
  user
    .command('add')
    .description('add a user; the password comes from --password-file, a prompt, or the first line of standard input')
    .argument('<name>', 'user name (letters, digits, . _ @ -)')
    .requiredOption('--role <role>', 'viewer (reads), triager (also records decisions) or admin (also sites, tokens, report facts, audit log)')
    .option('--password-file <file>', 'read the password from the first line of this file')
    .action(async (name: string, opts: { role: string; passwordFile?: string }, cmd: Command) => {
      const { parseRole } = await import('../../server/console/users.js');
      const role = parseRole(opts.role);
      const password = await readNewPassword(opts.passwordFile);
      await withUsers(cmd.optsWithGlobals(), (users, pool) => users.addUser(pool, name, role, password, actor()));
      print(`user ${name} added (${role})`);
    });
  user
    .command('passwd')
    .description("set a user's password; their sessions end")
    .argument('<name>')
    .option('--password-file <file>', 'read the password from the first line of this file')
    .action(async (name: string, opts: { passwordFile?: string }, cmd: Command) => {
      const password = await readNewPassword(opts.passwordFile);
      await withUsers(cmd.optsWithGlobals(), (users, pool) => users.setPassword(pool, name, password, actor()));
      print(`password of ${name} set; their sessions ended`);
    });
  user
    .command('disable')
    .description('disable a user; their sessions end')
    .argument('<name>')
    .action(async (name: string, _opts: object, cmd: Command) => {
      await withUsers(cmd.optsWithGlobals(), (users, pool) => users.disableUser(pool, name, actor()));
      print(`user ${name} disabled; their sessions ended`);
    });
  user
    .command('list')
    .description('the users: role, state, created (never a password hash)')
    .action(async (_opts: object, cmd: Command) => {
      const list = await withUsers(cmd.optsWithGlobals(), (users, pool) => users.listUsers(pool));
      print(table(['NAME', 'ROLE', 'STATE', 'CREATED'], list.map((u) => [u.name, u.role, u.disabledAt === null ? 'enabled' : `disabled ${u.disabledAt.toISOString().slice(0, 10)}`, u.createdAt.toISOString().slice(0, 10)])));
    });
}
