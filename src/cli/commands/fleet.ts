import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { resolveConfig } from '../../config/load.js';
import type { ChangeFilter, FleetDevice, FleetDeviceDetail, FleetDeviceFilter, FleetEvent, SiteHealth } from '../../server/queries/index.js';
import { httpRequest, isLoopbackUrl } from '../../sync/http.js';
import { RuntimeError, UsageError } from '../../util/errors.js';
import { replaceFile } from '../../util/replace-file.js';
import { ChunkedWriter } from '../../report/write-chunk.js';
import { locationCell, makerLabel } from '../../report/describe.js';
import { resolveFormat, type ReportFormat } from '../../report/formats.js';
import { paint, print, printJson, table, terminalJson } from '../terminal.js';

/** `lanaudit fleet …`: the site commands' questions asked of the fleet server's read API (src/server/api). */

export interface FleetGlobals {
  readonly config?: string;
  /** The server's base URL; default: the configuration's fleet.url. */
  readonly server?: string;
  /** A read token; default: $LANAUDIT_FLEET_TOKEN. */
  readonly token?: string;
  /** PEM CA certificate(s) of the server; default: the configuration's fleet.caFile, else the system's. */
  readonly ca?: string;
}

interface Connection {
  readonly base: URL;
  readonly token: string;
  readonly ca: Buffer | undefined;
}

/** JSON replies are bounded (a page is at most 1,000 devices); a report streams. */
const MAX_JSON_BYTES = 64 * 1024 * 1024;
const TIMEOUT_MS = 120_000;

function connection(globals: FleetGlobals): Connection {
  const configured = globals.server === undefined || globals.ca === undefined ? resolveConfig(globals.config).config.fleet : undefined;
  const url = globals.server ?? configured?.url;
  if (url === undefined) throw new UsageError('no fleet server: give --server https://HOST:PORT (or fleet.url in the configuration)');
  if (!URL.canParse(url)) throw new UsageError(`--server: "${url.slice(0, 80)}" is not a URL`);
  const base = new URL(url);
  if (base.protocol !== 'https:' && !(base.protocol === 'http:' && isLoopbackUrl(base))) {
    throw new UsageError('--server: the fleet server is reached over https:// (plain http:// only on loopback)');
  }
  // A site's own fleet.token is a site token, which cannot read the fleet: read tokens are given here.
  const token = globals.token ?? process.env['LANAUDIT_FLEET_TOKEN'];
  if (token === undefined || token.trim() === '') throw new UsageError('no read token: give --token or set LANAUDIT_FLEET_TOKEN (lanaudit server token add prints one)');
  const caFile = globals.ca ?? configured?.caFile;
  let ca: Buffer | undefined;
  if (caFile !== undefined) {
    try {
      ca = readFileSync(caFile);
    } catch (err) {
      throw new UsageError(`--ca: cannot read ${caFile}: ${(err as Error).message}`);
    }
  }
  return { base, token: token.trim(), ca };
}

function endpoint(conn: Connection, path: string, query: Record<string, string | number | boolean | readonly string[] | undefined>): URL {
  const url = new URL(`${conn.base.pathname.replace(/\/$/, '')}/api/v1/${path}`, conn.base);
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(v));
  }
  return url;
}

/** The server's refusal as the user's mistake (400) or a failure (anything else), with its own words. */
function refusal(status: number, body: Buffer): Error {
  let said = body.toString('utf8').slice(0, 500);
  try {
    said = String((JSON.parse(said) as { error?: unknown }).error ?? said);
  } catch {
    // Not JSON: shown as text (terminal-safe via the CLI's error printer).
  }
  const what = status === 401 ? 'the token was refused' : status === 403 ? 'the token may not read the fleet' : `the server answered ${status}`;
  return status === 400 ? new UsageError(said) : new RuntimeError(`${what}: ${said}`);
}

/** A server that cannot be reached (refused, timed out, TLS refused) is the user's to fix, named: not a bug. */
function unreachable(conn: Connection, err: unknown): RuntimeError {
  return new RuntimeError(`the fleet server ${conn.base.host} did not answer: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

async function getJson<T>(conn: Connection, path: string, query: Parameters<typeof endpoint>[2] = {}): Promise<T> {
  const reply = await httpRequest({
    method: 'GET',
    url: endpoint(conn, path, query),
    headers: { authorization: `Bearer ${conn.token}`, accept: 'application/json' },
    ...(conn.ca ? { ca: conn.ca } : {}),
    timeoutMs: TIMEOUT_MS,
    maxReplyBytes: MAX_JSON_BYTES,
  }).catch((err: unknown) => {
    throw err instanceof RuntimeError ? err : unreachable(conn, err);
  });
  if (reply.status !== 200) throw refusal(reply.status, reply.body);
  return JSON.parse(reply.body.toString('utf8')) as T;
}

/** Streams a 200 reply's body into `out`; a reply cut short (the server failed mid-report) is an error, not a short file. */
function streamTo(conn: Connection, url: URL, out: Writable): Promise<void> {
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      url,
      { headers: { authorization: `Bearer ${conn.token}` }, ...(secure && conn.ca ? { ca: conn.ca } : {}), agent: false },
      (res) => {
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.length < 64 && chunks.push(c));
          res.on('end', () => reject(refusal(res.statusCode ?? 0, Buffer.concat(chunks))));
          res.on('error', reject);
          return;
        }
        pipeline(res, out, { end: false }).then(() => (res.complete ? resolve() : reject(new RuntimeError('the report was cut short: the server failed while writing it (see its log)'))), (err: Error) =>
          reject(new RuntimeError(`the report was cut short: ${err.message}`)),
        );
      },
    );
    req.on('error', (err) => reject(unreachable(conn, err)));
    req.end();
  });
}

/** --since as an ISO time. The site's devices command loads only then: with the SQLite inventory it imports, it was ~35 ms of CPU of a fleet command's ~0.28 s start-up. */
async function isoSince(text: string | undefined): Promise<string | undefined> {
  return text === undefined ? undefined : (await import('./devices.js')).parseSince(text);
}

// ---------------------------------------------------------------- devices

export interface FleetDevicesOptions {
  readonly site?: string;
  readonly flagged: boolean;
  readonly open: boolean;
  readonly status?: FleetDeviceFilter['status'];
  readonly vendor?: string;
  readonly name?: string;
  readonly ip?: string;
  readonly mac?: string;
  readonly triage?: FleetDeviceFilter['triage'];
  readonly since?: string;
  readonly sort?: string;
  /** At most this many devices (default: all with --json, 1,000 in the table). */
  readonly limit?: number;
  readonly json: boolean;
}

const TABLE_DEFAULT = 1_000;
const PAGE = 1_000;

/** Every matching device, a page at a time, at most `max`. */
async function* fleetDevices(conn: Connection, opts: FleetDevicesOptions, max: number): AsyncGenerator<FleetDevice, void, undefined> {
  const query = {
    site: opts.site,
    flagged: opts.flagged || opts.open ? 'true' : undefined,
    status: opts.status,
    maker: opts.vendor,
    name: opts.name,
    ip: opts.ip,
    mac: opts.mac,
    triage: opts.open ? 'open' : opts.triage,
    since: await isoSince(opts.since),
    sort: opts.sort,
  };
  const page = (cursor: string | undefined, n: number) =>
    getJson<{ devices: FleetDevice[]; next: string | null }>(conn, 'devices', { ...query, limit: Math.min(PAGE, max - n), cursor });
  let n = 0;
  let pending = page(undefined, 0);
  for (;;) {
    const { devices, next } = await pending;
    const more = next !== null && n + devices.length < max;
    if (more) {
      // The next page is asked for before this one is printed: the server reads it meanwhile.
      pending = page(next, n + devices.length);
      // Awaited on the next turn; until then a failure must not count as unhandled.
      pending.catch(() => undefined);
    }
    for (const d of devices) {
      yield d;
      if (++n >= max) return;
    }
    if (!more) return;
  }
}

export async function fleetDevicesCommand(opts: FleetDevicesOptions, globals: FleetGlobals): Promise<void> {
  const conn = connection(globals);
  if (opts.json) {
    const out = new ChunkedWriter(process.stdout);
    let first = true;
    for await (const d of fleetDevices(conn, opts, opts.limit ?? Number.MAX_SAFE_INTEGER)) {
      // Indented as the element of the whole array would be (the site's `devices --json` layout).
      await out.push(`${first ? '[\n' : ',\n'}${terminalJson([d]).slice(2, -2)}`);
      first = false;
    }
    await out.push(first ? '[]\n' : '\n]\n');
    return out.flush();
  }
  const max = opts.limit ?? TABLE_DEFAULT;
  const listed: FleetDevice[] = [];
  for await (const d of fleetDevices(conn, opts, max + 1)) listed.push(d);
  if (!listed.length) return print(opts.open ? 'No flagged device needs action.' : 'No devices match.');
  const more = listed.length > max;
  if (more) listed.pop();
  print(
    table(
      ['SITE', 'IP', 'MAC', 'NAME', 'STATUS', 'ENTITY', 'MAKER', 'MODEL', 'LOCATION', 'TRIAGE', 'LAST SEEN'],
      listed.map((d) => [
        d.site,
        d.ip,
        d.mac ?? '-',
        d.name ?? '-',
        d.status,
        d.covered ?? '-',
        makerLabel(d),
        d.model ?? '-',
        locationCell(d) ?? '-',
        d.status === 'covered' ? d.triage.status : '-',
        d.lastSeen.replace('T', ' ').slice(0, 16),
      ]),
      { styleCell: (row, col, padded) => (col === 4 && listed[row]?.status === 'covered' ? paint(padded, 'red') : padded) },
    ),
  );
  print(`\n${listed.length} device${listed.length === 1 ? '' : 's'}${more ? ` shown, more match (--limit N, or --json for all)` : ''}`);
}

// ---------------------------------------------------------------- show

export async function fleetShowCommand(site: string, key: string, opts: { readonly json: boolean }, globals: FleetGlobals): Promise<void> {
  const conn = connection(globals);
  let id = /^[1-9]\d{0,15}$/.test(key.trim()) ? Number(key.trim()) : null;
  if (id === null) {
    // An address or a MAC of the site: the device there now.
    const byKey = key.includes(':') || key.includes('-') || /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(key) ? { mac: key } : { ip: key };
    const page = await getJson<{ devices: FleetDevice[] }>(conn, 'devices', { site, ...byKey, limit: 1 });
    id = page.devices[0]?.id ?? null;
    if (id === null) throw new RuntimeError(`no device at ${key.slice(0, 64)} at site ${site.slice(0, 128)}`);
  }
  const d = await getJson<FleetDeviceDetail>(conn, `devices/${encodeURIComponent(site)}/${id}`);
  if (opts.json) return printJson(d);
  const v = d.verdict;
  const rows: [string, string][] = [
    ['Site', d.device.site],
    ['Device', String(d.device.id)],
    ['IP', d.device.ip],
    ['MAC', d.device.mac ?? '-'],
    ['Name', d.device.name ?? '-'],
    ['Location', locationCell(d.device) ?? '-'],
    ['Status', d.device.status + (d.device.covered ? ` (${d.device.covered})` : '')],
    ['Maker', makerLabel(d.device)],
    ['Model', d.device.model ?? '-'],
    ['Serial', d.device.serial ?? '-'],
    ['Firmware', d.device.firmware ?? '-'],
    ['Confidence', v ? v.confidence.toFixed(2) : '-'],
    ['First / last seen', `${d.device.firstSeen} / ${d.device.lastSeen}`],
    ['Triage', `${d.device.triage.status}${d.device.triage.by ? ` (${d.device.triage.by}, ${d.device.triage.at})` : ''}${d.device.triage.note ? `: ${d.device.triage.note}` : ''}`],
  ];
  print(table(['FIELD', 'VALUE'], rows, { maxCell: 200 }));
  print('\nEvidence');
  print(v?.evidence.length ? table(['RULE', 'OBSERVED', 'SOURCE', 'CERT', 'SAYS'], v.evidence.map((e) => [e.rule, e.value, e.source, e.certainty.toFixed(2), e.says]), { maxCell: 120 }) : '  none recorded');
  print('\nAddresses');
  print(table(['IP', 'FIRST SEEN', 'LAST SEEN'], d.addresses.map((a) => [a.value, a.firstSeen, a.lastSeen])));
  if (d.macs.length) print(`\nMACs\n${table(['MAC', 'FIRST SEEN', 'LAST SEEN'], d.macs.map((a) => [a.value, a.firstSeen, a.lastSeen]))}`);
  if (d.events.length) print(`\nChanges\n${table(['TIME', 'EVENT', 'DETAIL'], d.events.map((e) => [e.at, e.type, eventDetail(e)]))}`);
  if (d.triage.length) print(`\nTriage history\n${table(['TIME', 'STATUS', 'BY', 'ORIGIN', 'UNTIL', 'NOTE'], d.triage.map((t) => [t.at, t.status, t.by, t.origin, t.until ?? '-', t.note ?? '']))}`);
}

function eventDetail(e: FleetEvent): string {
  return e.field === null ? '' : `${e.field}: ${e.old || '(none)'} → ${e.new || '(none)'}`;
}

// ---------------------------------------------------------------- changes

export interface FleetChangesOptions {
  readonly site?: string;
  readonly since?: string;
  readonly type?: ChangeFilter['type'];
  readonly limit?: number;
  readonly json: boolean;
}

export async function fleetChangesCommand(opts: FleetChangesOptions, globals: FleetGlobals): Promise<void> {
  const conn = connection(globals);
  const max = opts.limit ?? TABLE_DEFAULT;
  const events: FleetEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await getJson<{ changes: FleetEvent[]; next: string | null }>(conn, 'changes', {
      site: opts.site,
      since: await isoSince(opts.since),
      type: opts.type,
      limit: Math.min(PAGE, max - events.length),
      cursor,
    });
    events.push(...page.changes);
    cursor = page.next ?? undefined;
  } while (cursor !== undefined && events.length < max);
  if (opts.json) return printJson(events);
  if (!events.length) return print('No changes match.');
  print(table(['SITE', 'TIME', 'EVENT', 'IP', 'MAC', 'DETAIL'], events.map((e) => [e.site, e.at, e.type, e.ip, e.mac ?? '-', eventDetail(e)])));
  print(`\n${events.length} change${events.length === 1 ? '' : 's'}, newest first${cursor !== undefined ? ' (more: --limit N)' : ''}`);
}

// ---------------------------------------------------------------- status

export async function fleetStatusCommand(opts: { readonly json: boolean }, globals: FleetGlobals): Promise<void> {
  const status = await getJson<{ generatedAt: string; sites: SiteHealth[] }>(connection(globals), 'status');
  if (opts.json) return printJson(status);
  if (!status.sites.length) return print('No sites enrolled (lanaudit server site add NAME).');
  print(
    table(
      ['SITE', 'LAST SYNC', 'LAST COMPLETE SCAN', 'AGENT', 'SILENT', 'LAG', 'STALE', 'FAILED PUSHES', 'LAST ERROR'],
      status.sites.map((s) => [
        s.site,
        s.lastSyncAt ?? 'never',
        s.lastCompleteScanAt ?? '-',
        s.agentVersion ?? '-',
        duration(s.silentSeconds),
        s.lagSeconds === null ? '-' : duration(s.lagSeconds),
        s.stale ? 'STALE' : 'ok',
        String(s.failedPushes),
        s.lastError ?? '',
      ]),
      { styleCell: (row, col, padded) => (col === 6 && status.sites[row]?.stale ? paint(padded, 'red') : padded) },
    ),
  );
  const stale = status.sites.filter((s) => s.stale).length;
  print(`\n${status.sites.length} site${status.sites.length === 1 ? '' : 's'}, ${stale} stale`);
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3_600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

// ---------------------------------------------------------------- report

export interface FleetReportOptions {
  readonly format: ReportFormat;
  readonly output?: string;
  readonly site?: string;
  readonly flagged: boolean;
  readonly since?: string;
  readonly org?: string;
  readonly contact?: string;
  readonly contract?: string;
  readonly order: string[];
  readonly supplier?: string;
  readonly uei?: string;
  readonly cage?: string;
}

export async function fleetReportCommand(opts: FleetReportOptions, globals: FleetGlobals): Promise<void> {
  const conn = connection(globals);
  const format = resolveFormat(opts.format, opts.output);
  const url = endpoint(conn, 'report', {
    format,
    site: opts.site,
    flagged: opts.flagged ? 'true' : undefined,
    since: await isoSince(opts.since),
    org: opts.org,
    contact: opts.contact,
    contract: opts.contract,
    order: opts.order.flatMap((o) => o.split(',').map((s) => s.trim()).filter(Boolean)),
    supplier: opts.supplier,
    uei: opts.uei,
    cage: opts.cage,
  });
  if (opts.output === undefined) return streamTo(conn, url, process.stdout);
  // Whole or not at all: a report cut short leaves the previous file in place.
  await replaceFile(opts.output, (out) => streamTo(conn, url, out), 0o640);
  process.stderr.write(`Wrote the fleet report to ${opts.output}\n`);
}
