import { readFileSync } from 'node:fs';
import type { ServerConfig } from '../config/server.js';
import { UsageError } from '../util/errors.js';

export interface PgUrlSources {
  /** --pg */
  readonly url?: string | undefined;
  /** --pg-file */
  readonly file?: string | undefined;
  readonly config?: ServerConfig | undefined;
  readonly env?: NodeJS.ProcessEnv;
}

/** The PostgreSQL URL: --pg, else --pg-file, else $LANAUDIT_SERVER_PG, else server.pg, else server.pgFile. */
export function resolvePgUrl(sources: PgUrlSources): string {
  const env = sources.env ?? process.env;
  if (sources.url !== undefined && sources.url !== '') return checked(sources.url, '--pg');
  if (sources.file !== undefined && sources.file !== '') return readUrlFile(sources.file, '--pg-file');
  const fromEnv = env['LANAUDIT_SERVER_PG'];
  if (fromEnv !== undefined && fromEnv !== '') return checked(fromEnv, 'LANAUDIT_SERVER_PG');
  if (sources.config?.pg !== undefined) return sources.config.pg;
  if (sources.config?.pgFile !== undefined) return readUrlFile(sources.config.pgFile, 'server.pgFile');
  throw new UsageError('no PostgreSQL URL: give --pg postgres://USER:PASSWORD@HOST/DB, set LANAUDIT_SERVER_PG, or server.pg / server.pgFile in the configuration');
}

function readUrlFile(path: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${what}: cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  return checked(text.trim(), `${what} ${path}`);
}

/** The value is a secret: the message never repeats it. */
function checked(url: string, what: string): string {
  if (!/^postgres(ql)?:\/\/\S+$/.test(url)) throw new UsageError(`${what}: expected a postgres:// URL`);
  return url;
}
