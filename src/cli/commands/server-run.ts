import { realpathSync, writeFileSync } from 'node:fs';
import { alertTargets } from '../../alerts/targets.js';
import { join, resolve } from 'node:path';
import { UNIT_DIR } from '../../agent/systemd-units.js';
import { resolveConfig } from '../../config/load.js';
import { configSecrets, redactPgUrl, secretScrubber } from '../../config/redact.js';
import { runServer } from '../../server/run-server.js';
import { migrate } from '../../server/store/migrate.js';
import { RuntimeError, UsageError } from '../../util/errors.js';
import { createLogger, type LogLevel } from '../../util/log.js';
import { witnessCrash } from '../last-resort.js';
import { stopOnSignals } from '../stop-signals.js';
import { print, printJson } from '../terminal.js';
import { checkServiceUser, hasSystemd, lanauditBin, systemctl } from './schedule.js';
import { pgFailure, serverContext, withServerPool, type ServerGlobals } from './server-context.js';
import { SERVER_SERVICE, serverUnit } from './server-unit.js';

interface RunOptions {
  readonly logLevel: LogLevel;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
}

/**
 * `lanaudit server`: foreground, for systemd. Migrates, serves, and on SIGTERM/SIGINT stops
 * accepting, lets requests in flight finish (a few seconds), closes the pool and exits 0.
 */
export async function serverRunCommand(opts: RunOptions, globals: ServerGlobals): Promise<number> {
  const ctx = serverContext(globals);
  const scrub = secretScrubber([...configSecrets(ctx.config), ...ctx.pgSecrets]);
  const log = createLogger({ level: opts.logLevel, scrub });
  for (const warning of ctx.warnings) log.warn(warning);
  const stopping = stopOnSignals(log);
  const unwitness = witnessCrash({ scrub, record: (message) => log.error('the server crashed: a bug, please report it', { error: message }) });
  try {
    log.info('configuration', { database: redactPgUrl(ctx.pgUrl), listen: `${ctx.server.listen.host}:${ctx.server.listen.port}` });
    await runServer({
      config: ctx.server,
      pgUrl: ctx.pgUrl,
      log,
      signal: stopping.signal,
      tlsFiles: { cert: opts.tlsCert, key: opts.tlsKey },
      alertTargets: alertTargets(ctx.config.alerts),
    });
    return 0;
  } catch (err) {
    throw pgFailure(err, ctx.pgUrl);
  } finally {
    unwitness();
    stopping.dispose();
  }
}

/** `lanaudit server init`: brings the database to the current schema and says what it did; writes nothing else. */
export async function serverInitCommand(opts: { readonly json: boolean }, globals: ServerGlobals): Promise<void> {
  const ctx = serverContext(globals);
  for (const warning of ctx.warnings) process.stderr.write(`warning: ${warning}\n`);
  const result = await withServerPool(ctx.pgUrl, (pool) => migrate(pool));
  const database = redactPgUrl(ctx.pgUrl);
  if (opts.json) {
    printJson({ database, ...result });
    return;
  }
  if (result.applied.length === 0) {
    print(`${database}: schema version ${result.to}, up to date; nothing to do.`);
    return;
  }
  print(`${database}: schema version ${result.from} -> ${result.to}. Applied:`);
  for (const m of result.applied) print(`  ${m.version}  ${m.name}`);
  print('Next: lanaudit server site add NAME (a site token for each site\'s agent), then run lanaudit server.');
}

interface InstallOptions {
  readonly user?: string;
  readonly dryRun: boolean;
}

/** `lanaudit server install`: writes and starts lanaudit-server.service (secrets as credentials). */
export function serverInstallCommand(opts: InstallOptions, globals: ServerGlobals): void {
  if (globals.pg !== undefined) throw new UsageError('the service reads its database from the configuration (server.pg or server.pgFile), not --pg: a URL on a unit\'s command line is readable by every user');
  const loaded = resolveConfig(globals.config);
  for (const warning of loaded.warnings) process.stderr.write(`warning: ${warning}\n`);
  const server = loaded.config.server;
  if (loaded.path === null || server === undefined) throw new UsageError('the service needs a configuration file with a server: section (listen, tls, pg): name it with --config; see the README, "Fleet server"');
  const pgFile = globals.pgFile ?? server.pgFile;
  if (server.pg === undefined && pgFile === undefined) throw new UsageError('set server.pg or server.pgFile in the configuration: the service does not see LANAUDIT_SERVER_PG');
  checkServiceUser(opts.user);
  const unit = serverUnit({
    node: realpathSync(process.execPath),
    bin: lanauditBin(),
    configPath: resolve(loaded.path),
    tls: server.tls === undefined ? null : { cert: resolve(server.tls.cert), key: resolve(server.tls.key) },
    pgFile: pgFile === undefined ? null : resolve(pgFile),
    port: server.listen.port,
    ...(opts.user !== undefined ? { user: opts.user } : {}),
  });
  const file = join(UNIT_DIR, SERVER_SERVICE);
  if (opts.dryRun) {
    print(`# ${file}\n${unit}`);
    return;
  }
  if (!hasSystemd()) throw new RuntimeError('systemd is not running here: start `lanaudit server` with your service manager instead');
  if (process.getuid?.() !== 0) throw new RuntimeError(`writing ${UNIT_DIR} needs root: run with sudo, or use --dry-run to see the unit`);
  writeFileSync(file, unit, { mode: 0o644 });
  systemctl('daemon-reload');
  systemctl('enable', '--now', SERVER_SERVICE);
  print(`Installed ${file}; the fleet server is running. Logs: journalctl -u ${SERVER_SERVICE}`);
}
