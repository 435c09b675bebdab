import { Hono } from 'hono';
import pLimit from 'p-limit';
import { SERVER_BODY_LIMIT, type SyncReply } from '../../sync/protocol.js';
import type { ServerDeps } from '../app.js';
import { requireToken, type TokenEnv } from '../auth/require-token.js';
import type { Principal } from '../auth/tokens.js';
import { centralDecisionsFor } from './decisions.js';
import { foldSightings } from './fold-sightings.js';
import { readLimitedBody } from './read-body.js';
import { receivePush, recordFailure } from './push.js';

/** Pushes read, parsed and applied at once; more wait (a 4 MB batch parses to tens of MB). */
const PUSHES_AT_ONCE = 4;

/**
 * The agents' endpoints (src/sync/protocol.ts), behind a site token:
 *   POST /batches?decisionsAfter=N   one batch
 *   GET  /position?decisionsAfter=N  the acknowledged seq and new central decisions
 */
export function syncRoutes(deps: ServerDeps): Hono<TokenEnv> {
  const app = new Hono<TokenEnv>();
  const limit = deps.config.bodyLimitBytes ?? SERVER_BODY_LIMIT;
  app.use('*', requireToken(deps.pool, 'site'));

  // A push holds its body, parsed, in memory until applied: a few at a time bound the server's memory
  // whatever number of agents push at once; the others wait their turn.
  const pushing = pLimit(PUSHES_AT_ONCE);
  app.post('/batches', (c) => pushing(async () => {
    const site = siteOf(c.get('principal'));
    const after = decisionsAfter(c.req.query('decisionsAfter'));
    if (after === null) return c.json({ error: 'decisionsAfter must be a whole number ≥ 0' }, 400);
    const body = await readLimitedBody(c.req.raw, limit);
    if (body === 'too-large') {
      const error = `the batch is over the server's limit of ${limit} bytes: send smaller batches`;
      await recordFailure(deps.pool, deps.log, site, error);
      // The rest of the body was not read: the connection cannot carry another request.
      return c.json({ error }, 413, { connection: 'close' });
    }
    const outcome = await receivePush(deps.pool, deps.log, {
      site,
      seqHeader: c.req.header('x-lanaudit-seq'),
      sha256Header: c.req.header('x-lanaudit-sha256'),
      body,
      decisionsAfter: after,
    });
    if (outcome.status === 200) {
      if (deps.jobs !== undefined) deps.jobs.afterPush(site.id);
      else await foldSightings(deps.pool, site.id);
    }
    return c.json(outcome.reply, outcome.status);
  }));

  app.get('/position', async (c) => {
    const site = siteOf(c.get('principal'));
    const after = decisionsAfter(c.req.query('decisionsAfter'));
    if (after === null) return c.json({ error: 'decisionsAfter must be a whole number ≥ 0' }, 400);
    // The site is alive and in touch even with nothing to send: `fleet status` must not call it stale.
    const { rows } = await deps.pool.query<{ acked: string }>('UPDATE sites SET last_sync_at = now() WHERE id = $1 RETURNING acked_seq::text AS acked', [site.id]);
    const reply: SyncReply = { acked: Number(rows[0]?.acked ?? 0), decisions: await centralDecisionsFor(deps.pool, site.id, after) };
    return c.json(reply);
  });

  return app;
}

function siteOf(principal: Principal): { id: number; name: string } {
  if (principal.kind !== 'site') throw new Error('bug: sync route without a site token');
  return { id: principal.siteId, name: principal.siteName };
}

function decisionsAfter(text: string | undefined): number | null {
  if (text === undefined || text === '') return 0;
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}
