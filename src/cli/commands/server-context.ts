import { resolveConfig } from '../../config/load.js';
import { pgUrlSecrets, redactPgUrl } from '../../config/redact.js';
import { defaultServerConfig, type ServerConfig } from '../../config/server.js';
import type { Config } from '../../config/schema.js';
import { resolvePgUrl } from '../../server/pg-url.js';
import { openPool, type Pool } from '../../server/store/pool.js';
import { RuntimeError, UsageError } from '../../util/errors.js';

/** Options every `lanaudit server …` command takes (defined on `server`, read with optsWithGlobals). */
export interface ServerGlobals {
  readonly config?: string;
  readonly pg?: string;
  readonly pgFile?: string;
}

export interface ServerContext {
  readonly config: Config;
  readonly server: ServerConfig;
  readonly pgUrl: string;
  readonly warnings: readonly string[];
  /** The PostgreSQL password in every form it may appear, for the log scrubber. */
  readonly pgSecrets: readonly string[];
}

/** The configuration's server section (defaults without one) and the PostgreSQL URL (--pg, --pg-file, env, config). */
export function serverContext(globals: ServerGlobals): ServerContext {
  const loaded = resolveConfig(globals.config);
  const server = loaded.config.server ?? defaultServerConfig();
  const pgUrl = resolvePgUrl({ url: globals.pg, file: globals.pgFile, config: server });
  return { config: loaded.config, server, pgUrl, warnings: loaded.warnings, pgSecrets: pgUrlSecrets(pgUrl) };
}

/** Opens a pool for one command, closes it after; a database that cannot be reached is a runtime error naming it (password hidden). */
export async function withServerPool<T>(pgUrl: string, fn: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = openPool(pgUrl, { max: 2 });
  try {
    return await fn(pool);
  } catch (err) {
    throw pgFailure(err, pgUrl);
  } finally {
    await pool.end();
  }
}

/** A PostgreSQL or network failure as a RuntimeError naming the database; anything else unchanged. */
export function pgFailure(err: unknown, pgUrl: string): unknown {
  if (err instanceof UsageError || err instanceof RuntimeError) return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return err;
  return new RuntimeError(`PostgreSQL at ${redactPgUrl(pgUrl)}: ${(err as Error).message}`, { cause: err });
}
