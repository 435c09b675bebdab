/** The console's pages over the fleet queries (src/server/queries), behind guard.ts's session and CSRF checks. */
import { Hono, type Context } from 'hono';
import type { ServerDeps } from '../app.js';
import { deviceDetail, listChanges, listDevices, overview, siteHealth, DEVICE_SORTS, EVENT_TYPES, type DeviceSort, type FleetDeviceFilter, type ChangeFilter } from '../queries/index.js';
import { recordCentralDecision } from '../sync/central-decision.js';
import { parseUntil } from '../../triage/triage.js';
import { TRIAGE_STATUSES, type TriageStatus } from '../../inventory/triage-store.js';
import { UsageError } from '../../util/errors.js';
import { listAudit } from './queries-audit.js';
import { requireRole, type ConsoleEnv } from './guard.js';
import { allows } from './users.js';
import { AuditPage } from './pages/audit.js';
import { ChangesPage, type ChangesQuery } from './pages/changes.js';
import { DevicePage } from './pages/device.js';
import { DEVICE_FILTER_FIELDS, DevicesPage, devicePath, type DeviceQuery } from './pages/devices.js';
import { BASE, Layout, Notice } from './pages/layout.js';
import { OverviewPage } from './pages/overview.js';
import { DOWNLOAD_FORMATS, ReportsPage } from './pages/reports.js';
import { factsFromForm, readReportFacts, saveReportFacts } from './queries-report-facts.js';
import { reportResponse } from './report-download.js';
import { SitesPage, type NewToken } from './pages/sites.js';
import { addSite, listSites, revokeSite, rotateSite } from '../store/sites.js';
import { addReadToken, listReadTokens, revokeReadToken } from '../auth/read-tokens.js';
import { render } from './render.js';
import { isDataException } from '../store/pool.js';

const PAGE = 100;
const MAC = /^[0-9a-f]{2}([:-]?[0-9a-f]{2}){5}$|^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i;

function pick<K extends string>(c: Context, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const k of keys) {
    const v = c.req.query(k);
    if (v !== undefined && v !== '') out[k] = v.slice(0, 200);
  }
  return out;
}

const oneOf = <T extends string>(value: string | undefined, allowed: readonly T[], what: string): T | undefined => {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${what}: unknown value`);
  return value as T;
};

/** The page's filter fields as the query's filter (a bad value is a UsageError shown on the page). */
function deviceFilter(q: DeviceQuery): FleetDeviceFilter {
  const addr = q.addr?.trim();
  return {
    ...(q.site !== undefined && { site: q.site }),
    ...(q.status !== undefined && { status: oneOf(q.status, ['covered', 'review', 'clear', 'unidentified'] as const, 'status')! }),
    ...(q.covered !== undefined && { covered: oneOf(q.covered, ['huawei', 'zte', 'hytera', 'hikvision', 'dahua'] as const, 'covered entity')! }),
    ...(q.maker !== undefined && { maker: q.maker }),
    ...(q.name !== undefined && { name: q.name }),
    ...(addr !== undefined && addr !== '' && (MAC.test(addr) ? { mac: addr } : { ip: addr })),
    ...(q.triage !== undefined && { triage: oneOf(q.triage, TRIAGE_STATUSES, 'triage')! }),
    ...(q.since !== undefined && { since: q.since }),
  };
}

/** What to tell the user of a refused filter or cursor, or null for a fault of the server's own. */
const message = (error: unknown) => (error instanceof UsageError ? error.message : isDataException(error) ? `a value the database cannot read: ${(error as Error).message}` : null);

export function pageRoutes(deps: ServerDeps): Hono<ConsoleEnv> {
  const db = deps.pool;
  const app = new Hono<ConsoleEnv>();
  const siteNames = async () => (await siteHealth(db, deps.clock.now())).map((s) => s.site);

  app.get('/', async (c) => render(c, <OverviewPage session={c.get('session')} data={await overview(db, { now: deps.clock.now() })} />));

  app.get('/devices', async (c) => {
    const query: DeviceQuery = pick(c, DEVICE_FILTER_FIELDS);
    const cursor = c.req.query('cursor');
    const sites = await siteNames();
    try {
      const sort = oneOf(query.sort, DEVICE_SORTS, 'sort') ?? ('status' satisfies DeviceSort);
      const page = await listDevices(db, deviceFilter(query), { limit: PAGE, ...(cursor !== undefined && { cursor }) }, sort);
      return render(c, <DevicesPage session={c.get('session')} query={query} sites={sites} devices={page.items} next={page.next} />);
    } catch (error) {
      const why = message(error);
      if (why === null) throw error;
      return render(c, <DevicesPage session={c.get('session')} query={query} sites={sites} devices={[]} next={null} error={why} />, 400);
    }
  });

  const deviceOr404 = async (c: Context<ConsoleEnv>) => {
    const id = Number(c.req.param('id'));
    return Number.isSafeInteger(id) ? deviceDetail(db, c.req.param('site') ?? '', id) : null;
  };
  const notFound = (c: Context<ConsoleEnv>) =>
    render(c, <Layout title="Not found" section="devices" session={c.get('session')}><h1>Not found</h1><Notice kind="error">No such device.</Notice></Layout>, 404);

  app.get('/devices/:site/:id{[0-9]+}', async (c) => {
    const detail = await deviceOr404(c);
    if (detail === null) return notFound(c);
    return render(c, <DevicePage session={c.get('session')} detail={detail} saved={c.req.query('saved') === '1'} />);
  });

  app.post('/devices/:site/:id{[0-9]+}/triage', requireRole('triager'), async (c) => {
    const session = c.get('session');
    const detail = await deviceOr404(c);
    if (detail === null) return notFound(c);
    const body = await c.req.parseBody();
    const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
    try {
      const status = oneOf(text('status') || undefined, TRIAGE_STATUSES, 'decision') ?? ('' as TriageStatus);
      if (status === ('' as TriageStatus)) throw new UsageError('choose a decision');
      const note = text('note');
      if (note === '') throw new UsageError('a note is required: say why (it is kept with the decision)');
      if (note.length > 4096) throw new UsageError('the note is too long (at most 4,096 characters)');
      let until: string | null = null;
      if (status === 'waiver') {
        if (text('until') === '') throw new UsageError('a waiver needs an end date');
        until = parseUntil(text('until'));
        if (until <= deps.clock.now().toISOString()) throw new UsageError('the waiver’s end date is already past');
      } else if (text('until') !== '') throw new UsageError('an end date applies to a waiver only');
      await recordCentralDecision(db, { siteName: detail.device.site, deviceId: detail.device.id, status, note, by: session.name, until });
      return c.redirect(`${devicePath(detail.device.site, detail.device.id)}?saved=1#triage-history`, 303);
    } catch (error) {
      const why = message(error);
      if (why === null) throw error;
      return render(c, <DevicePage session={session} detail={detail} error={why} />, 400);
    }
  });

  app.get('/changes', async (c) => {
    const query: ChangesQuery = pick(c, ['site', 'type', 'since'] as const);
    const cursor = c.req.query('cursor');
    const sites = await siteNames();
    try {
      const filter: ChangeFilter = {
        ...(query.site !== undefined && { site: query.site }),
        ...(query.type !== undefined && { type: oneOf(query.type, EVENT_TYPES, 'change')! }),
        ...(query.since !== undefined && { since: query.since }),
      };
      const page = await listChanges(db, filter, { limit: PAGE, ...(cursor !== undefined && { cursor }) });
      return render(c, <ChangesPage session={c.get('session')} query={query} sites={sites} events={page.items} next={page.next} />);
    } catch (error) {
      const why = message(error);
      if (why === null) throw error;
      return render(c, <ChangesPage session={c.get('session')} query={query} sites={sites} events={[]} next={null} error={why} />, 400);
    }
  });

  const sitesPage = async (c: Context<ConsoleEnv>, outcome: { created?: NewToken; error?: string; done?: string } = {}, status: 200 | 400 = 200) => {
    const admin = allows(c.get('session').role, 'admin');
    const [health, sites, readTokens] = [await siteHealth(db, deps.clock.now()), await listSites(db), admin ? await listReadTokens(db) : []];
    return render(c, <SitesPage session={c.get('session')} health={health} sites={sites} readTokens={readTokens} {...outcome} />, status);
  };
  app.get('/sites', (c) => sitesPage(c));
  /** An admin action on the sites page: its outcome (a token shown once) or its refusal, on the page itself. */
  const siteAction = (act: (c: Context<ConsoleEnv>, form: Record<string, string>, actor: string) => Promise<{ created?: NewToken; done?: string }>) =>
    [requireRole('admin'), async (c: Context<ConsoleEnv>) => {
      const body = await c.req.parseBody();
      const form = Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string').map(([k, v]) => [k, v.trim()]));
      try {
        return await sitesPage(c, await act(c, form, c.get('session').name));
      } catch (error) {
        const why = message(error);
        if (why === null) throw error;
        return sitesPage(c, { error: why }, 400);
      }
    }] as const;
  app.post('/sites', ...siteAction(async (_c, form, actor) => {
    const name = form['name'] ?? '';
    return { created: { what: `site ${name}`, token: (await addSite(db, name, actor)).token } };
  }));
  app.post('/sites/:site/rotate', ...siteAction(async (c, _form, actor) => {
    const name = c.req.param('site') ?? '';
    const { token, revoked } = await rotateSite(db, name, actor);
    return { created: { what: `site ${name}`, token }, done: `${revoked} older token${revoked === 1 ? '' : 's'} of ${name} revoked.` };
  }));
  app.post('/sites/:site/revoke', ...siteAction(async (c, _form, actor) => {
    const name = c.req.param('site') ?? '';
    const revoked = await revokeSite(db, name, actor);
    return { done: `${revoked} token${revoked === 1 ? '' : 's'} of ${name} revoked: its agent can no longer push until a new token is made (Rotate).` };
  }));
  app.post('/read-tokens', ...siteAction(async (_c, form, actor) => {
    const name = form['name'] ?? '';
    return { created: { what: `read token ${name}`, token: (await addReadToken(db, name, actor)).token } };
  }));
  app.post('/read-tokens/revoke', ...siteAction(async (_c, form, actor) => {
    const name = form['name'] ?? '';
    await revokeReadToken(db, name, actor);
    return { done: `read token ${name} revoked.` };
  }));

  const reportsPage = async (c: Context<ConsoleEnv>, outcome: { error?: string; saved?: boolean } = {}, status: 200 | 400 = 200) => {
    const stored = await readReportFacts(db);
    return render(c, <ReportsPage session={c.get('session')} sites={await siteNames()} {...stored} {...outcome} />, status);
  };
  app.get('/reports', (c) => reportsPage(c, { saved: c.req.query('saved') === '1' }));
  app.get('/reports/download', async (c) => {
    try {
      const format = oneOf(c.req.query('format'), DOWNLOAD_FORMATS, 'format');
      if (format === undefined) throw new UsageError('choose a format');
      const site = c.req.query('site') || undefined;
      if (site !== undefined && !(await siteNames()).includes(site)) throw new UsageError('no such site');
      return await reportResponse(db, deps.log, { format, ...(site !== undefined && { site }), flaggedOnly: c.req.query('flagged') === '1' }, deps.clock.now());
    } catch (error) {
      const why = message(error);
      if (why === null) throw error;
      return reportsPage(c, { error: why }, 400);
    }
  });
  app.post('/reports/facts', requireRole('admin'), async (c) => {
    const body = await c.req.parseBody();
    const form = Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const parsed = factsFromForm(form);
    if (!parsed.success) return reportsPage(c, { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, 400);
    await saveReportFacts(db, parsed.data, c.get('session').name);
    return c.redirect(`${BASE}/reports?saved=1`, 303);
  });

  app.get('/audit', requireRole('admin'), async (c) => {
    const before = c.req.query('before');
    const entries = await listAudit(db, PAGE + 1, before !== undefined && /^[0-9]{1,18}$/.test(before) ? before : null);
    const next = entries.length > PAGE ? entries[PAGE - 1]!.id : null;
    return render(c, <AuditPage session={c.get('session')} entries={entries.slice(0, PAGE)} next={next} />);
  });

  return app;
}
