import { z } from 'zod';

/**
 * The `server:` section, read by `lanaudit server` (the fleet server) only. Strict like the rest:
 * the console adds its own `console` object here when it needs settings.
 */

/** Plain HTTP is allowed on these listen addresses only: nothing leaves the host. */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', '::1'];

const path = z.string().trim().min(1);
/** A time limit; fractions allowed (tests), a day at most (PostgreSQL takes int milliseconds). */
const seconds = z.number().min(0).max(86_400);
const pgUrl = z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'expected a postgres:// URL, e.g. postgres://lanaudit:PASSWORD@db.example:5432/lanaudit');

export const serverSection = z
  .strictObject({
    /** PostgreSQL URL (a secret: it holds the password); or pgFile, a file holding it; or $LANAUDIT_SERVER_PG. */
    pg: pgUrl.optional(),
    pgFile: path.optional(),
    listen: z
      .strictObject({
        host: z.string().trim().min(1).default('127.0.0.1'),
        port: z.number().int().min(1).max(65535).default(8443),
      })
      .prefault({}),
    /** Certificate chain and private key (PEM files); required unless listen.host is loopback. */
    tls: z.strictObject({ cert: path, key: path }).optional(),
    /** The web console (/console): session expiry and the login rate limit. */
    console: z
      .strictObject({
        /** A session unused this long ends. */
        sessionIdleSeconds: z.number().int().min(1).default(30 * 60),
        /** A session ends this long after its login, however busy. */
        sessionAbsoluteSeconds: z.number().int().min(1).default(12 * 60 * 60),
        /** Failed logins per user name, and per client address, within loginWindowSeconds before logins are refused. */
        loginMaxFailures: z.number().int().min(1).default(5),
        loginWindowSeconds: z.number().int().min(1).default(15 * 60),
      })
      .prefault({}),
    /**
     * How long the server lets PostgreSQL work for a request (src/server/store/pool.ts). A request over
     * a limit answers 503 and its transaction rolls back (a push's batch waits in the agent's outbox
     * for the next push), so a stuck query (a lock another session holds, a pathological filter) frees
     * its connection instead of holding it for good. Migrations run without them. 0: no limit set by
     * lanaudit (the database's own applies).
     */
    database: z
      .strictObject({
        /** One statement, from its start: far above what any request needs (a 5,000-row batch applies in well under a second). */
        statementTimeoutSeconds: seconds.default(30),
        /** Waiting for a lock another session holds (a row, a table). */
        lockTimeoutSeconds: seconds.default(10),
        /** A transaction left idle (its request stalled): PostgreSQL ends the session, which rolls it back. */
        idleInTransactionSeconds: seconds.default(60),
        /** Waiting for a free connection of the pool (every one busy). */
        poolWaitSeconds: seconds.default(30),
        /**
         * A report streams from one snapshot at the pace its reader takes it (a cursor's reads are one
         * statement to PostgreSQL, and the transaction waits idle while the reader catches up): this
         * limit replaces the statement and idle limits in a report's transaction.
         */
        reportSeconds: seconds.default(60 * 60),
      })
      .prefault({}),
    /** Request bodies over this many bytes are refused with 413; default: the protocol's SERVER_BODY_LIMIT (src/sync/protocol.ts). */
    bodyLimitBytes: z.number().int().min(64 * 1024).max(1 << 30).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.pg !== undefined && s.pgFile !== undefined) ctx.addIssue({ code: 'custom', message: 'expected either pg or pgFile, not both', path: ['pgFile'] });
    if (s.tls === undefined && !LOOPBACK_HOSTS.includes(s.listen.host)) {
      ctx.addIssue({
        code: 'custom',
        message: `plain HTTP would carry site tokens and inventories in clear on ${s.listen.host}: set tls.cert and tls.key (plain HTTP only on ${LOOPBACK_HOSTS.join(' or ')})`,
        path: ['tls'],
      });
    }
  });

export type ServerConfig = z.output<typeof serverSection>;

/** The server section with every default (no `server:` in the file). */
export function defaultServerConfig(): ServerConfig {
  return serverSection.parse({});
}
