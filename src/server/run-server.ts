import { readFileSync } from 'node:fs';
import { LOOPBACK_HOSTS, type ServerConfig } from '../config/server.js';
import { UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import type { Target } from '../alerts/targets.js';
import { createApp, systemWallClock } from './app.js';
import { startJobs } from './jobs.js';
import { listen } from './listen.js';
import { migrate, type MigrateResult } from './store/migrate.js';
import { openPool } from './store/pool.js';

export interface RunServerOptions {
  readonly config: ServerConfig;
  readonly pgUrl: string;
  readonly log: Logger;
  /** Aborted on SIGTERM/SIGINT: the server stops accepting, finishes, closes the pool. */
  readonly signal: AbortSignal;
  /** Files that win over config.tls (the systemd unit passes its credentials so). */
  readonly tlsFiles?: { readonly cert?: string | undefined; readonly key?: string | undefined };
  /** Where fleet alerts go (the configuration's alerts: section), for sites that leave alerting to the server. */
  readonly alertTargets: readonly Target[];
}

/**
 * `lanaudit server` in the foreground: migrates the database (servers starting at once migrate
 * once), serves until the signal aborts, then closes the listener and the pool.
 */
export async function runServer(o: RunServerOptions): Promise<void> {
  const tls = readTls(o.config, o.tlsFiles);
  const migrated = await migrateUnbounded(o.pgUrl, o.log);
  const pool = openPool(o.pgUrl, { log: o.log, max: 20, limits: o.config.database });
  try {
    if (migrated.applied.length > 0) o.log.info('database migrated', { from: migrated.from, to: migrated.to });
    const jobs = startJobs({ pool, log: o.log, targets: o.alertTargets, clock: systemWallClock });
    try {
      const app = createApp({ pool, config: o.config, log: o.log, clock: systemWallClock, jobs });
      const server = await listen(app, { host: o.config.listen.host, port: o.config.listen.port, tls });
      o.log.info('fleet server listening', { url: server.url, schema: migrated.to });
      await new Promise<void>((resolve) => (o.signal.aborted ? resolve() : o.signal.addEventListener('abort', () => resolve(), { once: true })));
      await server.close();
    } finally {
      await jobs.stop();
    }
  } finally {
    await pool.end();
    o.log.info('fleet server stopped; database pool closed');
  }
}

/**
 * Migrations run on a connection of their own, without the requests' limits: one may rewrite a large
 * table, and a server starting beside another waits for its migrations.
 */
async function migrateUnbounded(url: string, log: Logger): Promise<MigrateResult> {
  const pool = openPool(url, { log, max: 1 });
  try {
    return await migrate(pool);
  } finally {
    await pool.end();
  }
}

function readTls(config: ServerConfig, files: RunServerOptions['tlsFiles']): { cert: Buffer; key: Buffer } | null {
  const certPath = files?.cert ?? config.tls?.cert;
  const keyPath = files?.key ?? config.tls?.key;
  if (certPath === undefined || keyPath === undefined) {
    if (LOOPBACK_HOSTS.includes(config.listen.host)) return null;
    throw new UsageError(`listening on ${config.listen.host} needs TLS: set server.tls.cert and server.tls.key (plain HTTP only on ${LOOPBACK_HOSTS.join(' or ')})`);
  }
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new UsageError(`cannot read the TLS ${what} ${path}: ${(err as Error).message}`, { cause: err });
    }
  };
  return { cert: read(certPath, 'certificate'), key: read(keyPath, 'key') };
}
