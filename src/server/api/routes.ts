import { Readable, PassThrough } from 'node:stream';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import type { ServerDeps } from '../app.js';
import { requireToken, type TokenEnv } from '../auth/require-token.js';
import { CursorError } from '../queries/cursor.js';
import { isDataException } from '../store/pool.js';
import { listChanges, deviceDetail, listDevices, siteHealth } from '../queries/index.js';
import { UsageError } from '../../util/errors.js';
import { type FleetReportFormat, writeFleetReport } from './fleet-report.js';
import { changesQuery, deviceParams, devicesQuery, issuesText, queryObject, reportQuery, statusQuery } from './params.js';

const CONTENT_TYPE: Readonly<Record<FleetReportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  'far-md': 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  'far-html': 'text/html; charset=utf-8',
  cyclonedx: 'application/vnd.cyclonedx+json; charset=utf-8',
};
const EXTENSION: Readonly<Record<FleetReportFormat, string>> = { csv: 'csv', json: 'json', md: 'md', 'far-md': 'far.md', html: 'html', 'far-html': 'far.html', cyclonedx: 'cdx.json' };

/**
 * The read API, behind a read token (mounted at /api/v1):
 *   GET /devices?site&status&flagged&covered&maker&name&ip&mac&triage&since&sort&limit&cursor -> {devices, next}
 *   GET /devices/:site/:id  -> the device's detail, 404 when the site has no such device
 *   GET /changes?site&since&type&limit&cursor                -> {changes, next}
 *   GET /status                                              -> {sites: per-site health}
 *   GET /report?format=csv|json|md|html|cyclonedx|far-md|far-html&<device filters>&org&contract&order…
 *       -> the report, streamed
 * Every parameter is validated (400 with what is wrong); lists are keyset pages of at most PAGE_MAX.
 */
export function queryRoutes(deps: ServerDeps): Hono<TokenEnv> {
  const app = new Hono<TokenEnv>();
  // Per route, not '*': mounted at /api/v1 beside the sync routes, a catch-all would guard theirs too.
  const read = requireToken(deps.pool, 'read');
  app.onError((err, c) => {
    if (err instanceof UsageError || err instanceof CursorError) return c.json({ error: err.message }, 400);
    if (isDataException(err)) return c.json({ error: `a parameter PostgreSQL cannot read: ${err.message}` }, 400);
    throw err;
  });

  app.get('/devices', read, async (c) => {
    const q = parse(c, devicesQuery);
    if (q instanceof Response) return q;
    const { limit, cursor, sort, ...filter } = q;
    const page = await listDevices(deps.pool, filter, { ...(limit === undefined ? {} : { limit }), ...(cursor === undefined ? {} : { cursor }) }, sort);
    return c.json({ devices: page.items, next: page.next });
  });

  app.get('/devices/:site/:id', read, async (c) => {
    const p = deviceParams.safeParse(c.req.param());
    if (!p.success) return c.json({ error: issuesText(p.error) }, 400);
    const q = parse(c, statusQuery);
    if (q instanceof Response) return q;
    const detail = await deviceDetail(deps.pool, p.data.site, p.data.id);
    return detail === null ? c.json({ error: `no device ${p.data.id} at site ${p.data.site}` }, 404) : c.json(detail);
  });

  app.get('/changes', read, async (c) => {
    const q = parse(c, changesQuery);
    if (q instanceof Response) return q;
    const { limit, cursor, ...filter } = q;
    const page = await listChanges(deps.pool, filter, { ...(limit === undefined ? {} : { limit }), ...(cursor === undefined ? {} : { cursor }) });
    return c.json({ changes: page.items, next: page.next });
  });

  app.get('/status', read, async (c) => {
    const q = parse(c, statusQuery);
    if (q instanceof Response) return q;
    return c.json({ generatedAt: deps.clock.now().toISOString(), sites: await siteHealth(deps.pool, deps.clock.now()) });
  });

  app.get('/report', read, async (c) => {
    const q = parse(c, reportQuery, ['order']);
    if (q instanceof Response) return q;
    const { format, changesSince, org, contract, order, supplier, uei, cage, contact, ...filter } = q;
    if (filter.site !== undefined) {
      const known = await deps.pool.query('SELECT 1 FROM sites WHERE name = $1', [filter.site]);
      if (known.rowCount === 0) return c.json({ error: `site: no site named ${filter.site}` }, 404);
    }
    const out = new PassThrough();
    const opts = {
      format,
      filter,
      facts: { organization: org, contract, orders: order, supplier, uei, cage, contact },
      ...(changesSince === undefined ? {} : { changesSince }),
      now: deps.clock.now(),
    };
    // The writer runs at the pace the client reads (backpressure through the PassThrough); a failure
    // after the first byte can only cut the response short, which the client sees as an incomplete body.
    writeFleetReport(deps.pool, opts, out).then(
      () => out.end(),
      (err: Error) => {
        deps.log.error('fleet report failed', { format, error: err.message });
        out.destroy(err);
      },
    );
    return new Response(Readable.toWeb(out) as ReadableStream, {
      headers: {
        'content-type': CONTENT_TYPE[format],
        'content-disposition': `attachment; filename="lanaudit-fleet${filter.site === undefined ? '' : `-${filter.site}`}.${EXTENSION[format]}"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      },
    });
  });

  return app;
}

/** The request's query read by `schema`, or the 400 that says what is wrong. */
function parse<S extends z.ZodType>(c: Context<TokenEnv>, schema: S, lists: readonly string[] = []): z.output<S> | Response {
  const raw = queryObject(c.req.queries(), lists);
  if (typeof raw === 'string') return c.json({ error: raw }, 400);
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : c.json({ error: issuesText(parsed.error) }, 400);
}
