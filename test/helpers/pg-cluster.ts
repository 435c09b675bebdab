/**
 * A throwaway PostgreSQL cluster for the tests: Debian's `postgresql` binaries, initdb in a temp
 * dir, its own port on 127.0.0.1, a random password, stopped and removed at the end. Never the
 * machine's system service, never a mock.
 *
 * The vitest global setup (pg-global.ts) starts one per run unless LANAUDIT_TEST_PG already names a
 * cluster (.ci/run starts its own and exports it); each test file takes a fresh database of it with
 * testDatabase(), dropped when the file ends.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PgCluster {
  /** Superuser URL of the cluster's `postgres` database. */
  readonly url: string;
  stop(): void;
}

/** The newest installed PostgreSQL's bin directory (Debian keeps them off PATH). */
export function pgBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  if (newest === undefined) throw new Error('PostgreSQL is not installed (Debian: apt install postgresql; test/install-deps.sh does it)');
  return join(root, newest, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user (or `nobody`). */
function runAs(): { user: string | null; uid: number; gid: number } {
  if (process.getuid?.() !== 0) return { user: null, uid: -1, gid: -1 };
  for (const user of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
    if (id.status === 0) return { user, uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('running as root and neither a postgres nor a nobody user exists to run PostgreSQL');
}

export async function startCluster(): Promise<PgCluster> {
  const bin = pgBinDir();
  const as = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'lanaudit-pg-'));
  const data = join(dir, 'data');
  const password = randomBytes(18).toString('hex');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (as.user !== null) {
    chownSync(dir, as.uid, as.gid);
    chownSync(pwfile, as.uid, as.gid);
  }
  const argvOf = (cmd: string, args: string[]) => (as.user === null ? [cmd, ...args] : ['runuser', '-u', as.user, '--', cmd, ...args]);
  const run = (cmd: string, args: string[]) => {
    const argv = argvOf(cmd, args);
    execFileSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  };
  const port = await freePort();
  try {
    run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'scram-sha-256', '--pwfile', pwfile, '-E', 'UTF8', '--locale', 'C.UTF-8', '--no-sync']);
    // fsync off: a throwaway cluster; the fault tests kill the server, not the machine.
    run(join(bin, 'pg_ctl'), [
      '-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', 'start',
      '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c shared_buffers=128MB`,
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const e = error as { stderr?: Buffer };
    throw new Error(`could not start a test PostgreSQL cluster: ${e.stderr?.toString() ?? String(error)}`);
  }
  const watchdog = watchOwner(dir, argvOf(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']));
  let stopped = false;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      watchdog.kill();
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone (a fault test stopped it); the directory goes anyway.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * pg_ctl daemonizes PostgreSQL, so a test run that dies without its teardown (killed by a signal or
 * a timeout, a closed pipe, a crash) would leave the cluster running: a detached shell waits for
 * this process to end and then stops the cluster and removes its directory. stop() ends it first.
 */
function watchOwner(dir: string, stopArgv: readonly string[]): { kill(): void } {
  const script = 'owner=$1; dir=$2; shift 2; while kill -0 "$owner" 2>/dev/null; do sleep 1; done; "$@" >/dev/null 2>&1; rm -rf "$dir"';
  const child = spawn('sh', ['-c', script, 'pg-watchdog', String(process.pid), dir, ...stopArgv], { detached: true, stdio: 'ignore' });
  child.unref();
  return {
    kill: () => {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** The URL of the run's test cluster (set by the global setup or .ci/run). */
export function clusterUrl(): string {
  const url = process.env['LANAUDIT_TEST_PG'];
  if (url === undefined || url === '') throw new Error('LANAUDIT_TEST_PG is not set: the vitest global setup test/helpers/pg-global.ts starts the test cluster');
  return url;
}

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the test cluster; drop() removes it (call it in afterAll). */
export async function testDatabase(): Promise<TestDatabase> {
  const admin = new pg.Client({ connectionString: clusterUrl() });
  await admin.connect();
  const name = `t_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(clusterUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: clusterUrl() });
      await c.connect();
      try {
        // pg's Pool.end() resolves before its clients' sockets close: a FORCE drop at that moment
        // terminates them with 57P01, which surfaces as an unhandled error. Let closing clients go first.
        for (let waited = 0; waited < 3_000; waited += 50) {
          const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (rows[0]!.n === 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
