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
import { AuditPage } from './pages/audit.js';
import { ChangesPage, type ChangesQuery } from './pages/changes.js';
import { DevicePage } from './pages/device.js';
import { DEVICE_FILTER_FIELDS, DevicesPage, devicePath, type DeviceQuery } from './pages/devices.js';
import { Layout, Notice } from './pages/layout.js';
import { OverviewPage } from './pages/overview.js';
import { render } from './render.js';

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

const message = (error: unknown) => (error instanceof UsageError ? error.message : null);

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

  app.get('/audit', requireRole('admin'), async (c) => {
    const before = c.req.query('before');
    const entries = await listAudit(db, PAGE + 1, before !== undefined && /^[0-9]{1,19}$/.test(before) ? before : null);
    const next = entries.length > PAGE ? entries[PAGE - 1]!.id : null;
    return render(c, <AuditPage session={c.get('session')} entries={entries.slice(0, PAGE)} next={next} />);
  });

  return app;
}
