import { Hono } from 'hono';
import type { ServerConfig } from '../config/server.js';
import type { Logger } from '../util/log.js';
import type { ServerJobs } from './jobs.js';
import { databaseTimeout, type Pool } from './store/pool.js';
import { syncRoutes } from './sync/routes.js';
import { queryRoutes } from './api/routes.js';
import { consoleRoutes } from './console/routes.js';

/** What the server's routes need, and no more: each helper's routes take these. */
export interface ServerDeps {
  readonly pool: Pool;
  readonly config: ServerConfig;
  readonly log: Logger;
  /** Wall-clock time (injected so tests can move it). */
  readonly clock: { now(): Date };
  /** Work after a push (folding sightings, fleet alerts); absent (tests, tools): a push folds its sightings before answering. */
  readonly jobs?: ServerJobs;
}

export const systemWallClock: ServerDeps['clock'] = { now: () => new Date() };

/**
 * The fleet server's HTTP application. Each area mounts its routes here, one line each:
 * sync (agents), queries (src/server/api) and the console (src/server/console).
 */
export function createApp(deps: ServerDeps): Hono {
  const app = new Hono();
  app.route('/api/v1/sync', syncRoutes(deps));
  app.route('/api/v1', queryRoutes(deps));
  app.route('/', consoleRoutes(deps));
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    const timeout = databaseTimeout(err);
    if (timeout !== null) {
      // Over a limit of config server.database: the transaction in progress rolled back. An agent keeps
      // its batch and pushes it again; a batch applied before the limit struck is then a duplicate.
      deps.log.warn('request over the database time limit', { method: c.req.method, path: c.req.path, error: timeout });
      return c.json({ error: `the database did not complete this request in time (${timeout}): try again later` }, 503, { 'retry-after': '60' });
    }
    deps.log.error('request failed', { method: c.req.method, path: c.req.path, error: err.message });
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
