/**
 * The fleet end to end: the real `lanaudit server` (dist/, as systemd would start it) as a child
 * process, in the root namespace on 127.0.0.1 or inside a namespace of our own on a lab address;
 * a certificate for its address made by openssl; the real `lanaudit server …` admin commands; and
 * control of a PostgreSQL cluster of one's own (stop, start) for the fault tests.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from './cli.js';
import { pgBinDir } from './pg-cluster.js';

export interface FleetCert {
  readonly certPath: string;
  readonly keyPath: string;
  /** The certificate itself, which the agents trust as their fleet.caFile. */
  readonly cert: Buffer;
}

/** A self-signed certificate for these IP addresses, made by openssl in `dir`. */
export function fleetCert(dir: string, addresses: readonly string[]): FleetCert {
  const certPath = join(dir, 'fleet-cert.pem');
  const keyPath = join(dir, 'fleet-key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', `/CN=${addresses[0]}`, '-addext', `subjectAltName=${addresses.map((a) => `IP:${a}`).join(',')}`, '-keyout', keyPath, '-out', certPath,
  ], { stdio: 'ignore' });
  return { certPath, keyPath, cert: readFileSync(certPath) };
}

export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface FleetServerOptions {
  readonly pgUrl: string;
  readonly cert: FleetCert;
  readonly host: string;
  readonly port: number;
  /** Run inside this network namespace (ip netns exec); absent: here. */
  readonly netns?: string;
  readonly bodyLimitBytes?: number;
  /** Where its configuration file goes. */
  readonly dir: string;
  /** bin/lanaudit.js to run (default: the work tree's). */
  readonly bin?: string;
}

export interface FleetServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves once it printed `text` (or rejects when it exits first, or after `timeoutMs`). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM (a clean stop) or SIGKILL; resolves with its exit once it is gone. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `lanaudit server --config FILE` (the PostgreSQL URL in its environment, never on the command
 * line) and waits until it listens.
 */
export async function startFleetServer(o: FleetServerOptions): Promise<FleetServer> {
  const config = join(o.dir, `server-${o.port}.yaml`);
  writeFileSync(
    config,
    `server:\n  listen: { host: "${o.host}", port: ${o.port} }\n  tls: { cert: "${o.cert.certPath}", key: "${o.cert.keyPath}" }\n` +
      (o.bodyLimitBytes !== undefined ? `  bodyLimitBytes: ${o.bodyLimitBytes}\n` : ''),
    { mode: 0o600 },
  );
  const argv = [process.execPath, o.bin ?? BIN, 'server', '--config', config];
  const cmd = o.netns !== undefined ? ['ip', 'netns', 'exec', o.netns, ...argv] : argv;
  const child = spawn(cmd[0]!, cmd.slice(1), { env: { ...process.env, LANAUDIT_SERVER_PG: o.pgUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const w of [...waiters]) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let gone = false;
  void exited.then(() => {
    gone = true;
    for (const w of [...waiters]) w();
  });
  const waitFor = (text: string | RegExp, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (typeof text === 'string' ? out.includes(text) : text.test(out)) done(null);
        else if (gone) done(new Error(`lanaudit server exited before printing ${String(text)}:\n${out.slice(-4_000)}`));
      };
      const timer = setTimeout(() => done(new Error(`lanaudit server did not print ${String(text)} within ${timeoutMs} ms:\n${out.slice(-4_000)}`)), timeoutMs);
      const done = (err: Error | null) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (err) reject(err);
        else resolve();
      };
      waiters.add(check);
      check();
    });
  const server: FleetServer = {
    url: `https://${o.host}:${o.port}`,
    child,
    output: () => out,
    waitFor,
    stop: async (signal = 'SIGTERM') => {
      if (!gone) child.kill(signal);
      return exited;
    },
  };
  try {
    await waitFor('fleet server listening');
  } catch (err) {
    await server.stop('SIGKILL');
    throw err;
  }
  return server;
}

/** `lanaudit server ARGS --json` (bin: a snapshotBuild's) against this database; its JSON output. */
export function serverAdmin(bin: string, pgUrl: string, ...args: string[]): any {
  const out = execFileSync(process.execPath, [bin, 'server', ...args, '--json'], { env: { ...process.env, LANAUDIT_SERVER_PG: pgUrl }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out);
}

/** The same database over the cluster's Unix socket, for a server in another network namespace (the cluster listens on 127.0.0.1 of this one). */
export function pgSocketUrl(url: string): string {
  const u = new URL(url);
  const socket = `.s.PGSQL.${u.port}`;
  const dir = readdirSync(tmpdir())
    // The vitest global setup's cluster (pg-cluster.ts) or the one .ci/run starts.
    .filter((d) => d.startsWith('lanaudit-pg-') || d.startsWith('lanaudit-ci-pg-'))
    .map((d) => join(tmpdir(), d))
    .find((d) => existsSync(join(d, socket)));
  if (dir === undefined) throw new Error(`no PostgreSQL socket ${socket} under ${tmpdir()}/lanaudit-pg-* or lanaudit-ci-pg-*`);
  u.searchParams.set('host', dir);
  return u.toString();
}

export interface PgControl {
  /** Stops the cluster at once (as a crash would); its data stays. */
  stop(): void;
  /** Starts it again on the same port and data. */
  start(): void;
}

/** Stop and start a cluster made by startCluster() (found by its port), keeping its data. */
export function pgControl(url: string): PgControl {
  const port = new URL(url).port;
  const dir = readdirSync(tmpdir())
    // The vitest global setup's cluster (pg-cluster.ts) or the one .ci/run starts.
    .filter((d) => d.startsWith('lanaudit-pg-') || d.startsWith('lanaudit-ci-pg-'))
    .map((d) => join(tmpdir(), d))
    .find((d) => existsSync(join(d, 'data', 'postmaster.pid')) && readFileSync(join(d, 'data', 'postmaster.pid'), 'utf8').split('\n')[3]?.trim() === port);
  if (dir === undefined) throw new Error(`no running test cluster on port ${port}`);
  const data = join(dir, 'data');
  const owner = statSync(data).uid;
  const asOwner = (args: string[]) => {
    const pgCtl = join(pgBinDir(), 'pg_ctl');
    const argv = owner === process.getuid?.() ? [pgCtl, ...args] : ['setpriv', `--reuid=${owner}`, `--regid=${statSync(data).gid}`, '--clear-groups', pgCtl, ...args];
    execFileSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  };
  return {
    stop: () => asOwner(['-D', data, '-m', 'immediate', '-w', 'stop']),
    start: () =>
      asOwner([
        '-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', 'start',
        '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c shared_buffers=128MB`,
      ]),
  };
}

/**
 * A copy of bin/ and dist/ (node_modules and oui/ linked) in `dir`, taken under the build lock: a
 * test file or benchmark keeps the build it started with while others rebuild dist/ beside it.
 * Returns its bin/lanaudit.js.
 */
export function snapshotBuild(dir: string): string {
  const app = join(dir, 'app');
  mkdirSync(app);
  execFileSync('flock', ['/tmp/lanaudit-build.lock', 'cp', '-a', join(ROOT, 'bin'), join(ROOT, 'dist'), join(ROOT, 'package.json'), app]);
  for (const d of ['node_modules', 'oui']) symlinkSync(join(ROOT, d), join(app, d));
  return join(app, 'bin', 'lanaudit.js');
}

/** A temp dir for one test file's files (configurations, certificates, inventories). */
export function fleetTempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `lanaudit-${name}-`));
}
