import { addReadToken, listReadTokens, revokeReadToken } from '../../server/auth/read-tokens.js';
import { addSite, listSites, revokeSite, rotateSite, setSiteAlerts } from '../../server/store/sites.js';
import { recordCentralDecision } from '../../server/sync/central-decision.js';
import type { CentralDecision } from '../../sync/protocol.js';
import { defaultActor, parseUntil } from '../../triage/triage.js';
import { UsageError } from '../../util/errors.js';
import { print, printJson, table } from '../terminal.js';
import { serverContext, withServerPool, type ServerGlobals } from './server-context.js';

interface JsonOption {
  readonly json?: boolean;
}

const when = (d: Date | null): string => (d === null ? '-' : d.toISOString().replace(/\.\d{3}Z$/, 'Z'));

function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** The token alone on standard output (for scripts), what to do with it on standard error. */
function showToken(token: string, what: string, json: boolean | undefined, extra: Record<string, unknown>): void {
  if (json) {
    printJson({ ...extra, token });
    return;
  }
  note(`${what} The token is shown this once; only its SHA-256 is kept:`);
  print(token);
}

async function withPool<T>(globals: ServerGlobals, fn: Parameters<typeof withServerPool<T>>[1]): Promise<T> {
  const ctx = serverContext(globals);
  for (const warning of ctx.warnings) note(`warning: ${warning}`);
  return withServerPool(ctx.pgUrl, fn);
}

export async function siteAddCommand(name: string, opts: JsonOption, globals: ServerGlobals): Promise<void> {
  const { token } = await withPool(globals, (pool) => addSite(pool, name, defaultActor()));
  showToken(token, `Site ${name} enrolled. Put the token in its agent's configuration (fleet: url, token, caFile).`, opts.json, { site: name });
}

export async function siteRotateCommand(name: string, opts: JsonOption, globals: ServerGlobals): Promise<void> {
  const { token, revoked } = await withPool(globals, (pool) => rotateSite(pool, name, defaultActor()));
  showToken(token, `Site ${name}: ${revoked} older token(s) revoked; give its agent this new one.`, opts.json, { site: name, revoked });
}

export async function siteRevokeCommand(name: string, opts: JsonOption, globals: ServerGlobals): Promise<void> {
  const revoked = await withPool(globals, (pool) => revokeSite(pool, name, defaultActor()));
  if (opts.json) printJson({ site: name, revoked });
  else print(`Site ${name}: ${revoked} token(s) revoked; its agent can no longer push. Its data is kept (lanaudit server site rotate ${name} re-enrolls it).`);
}

export async function siteAlertsCommand(name: string, mode: string, opts: JsonOption, globals: ServerGlobals): Promise<void> {
  await withPool(globals, (pool) => setSiteAlerts(pool, name, mode, defaultActor()));
  if (opts.json) printJson({ site: name, alerts: mode });
  else if (mode === 'central') print(`Site ${name}: the server sends its alerts, one per device and state across the fleet. Set fleet.alerts: central in its agent's configuration.`);
  else print(`Site ${name}: its agent sends its alerts. Set fleet.alerts: local in its agent's configuration.`);
}

export async function siteListCommand(opts: JsonOption, globals: ServerGlobals): Promise<void> {
  const sites = await withPool(globals, (pool) => listSites(pool));
  if (opts.json) {
    printJson(sites);
    return;
  }
  if (sites.length === 0) {
    print('No sites: lanaudit server site add NAME enrolls one.');
    return;
  }
  print(table(['SITE', 'CREATED', 'LAST SYNC', 'TOKENS', 'ALERTS'], sites.map((s) => [s.name, when(s.createdAt), when(s.lastSyncAt), String(s.tokens), s.centralAlerts ? 'central' : 'local'])));
}

export async function tokenAddCommand(name: string, opts: JsonOption, globals: ServerGlobals): Promise<void> {
  const { token } = await withPool(globals, (pool) => addReadToken(pool, name, defaultActor()));
  showToken(token, `Read token ${name} added (fleet queries and scripts: Authorization: Bearer TOKEN).`, opts.json, { name });
}

export async function tokenRevokeCommand(name: string, opts: JsonOption, globals: ServerGlobals): Promise<void> {
  const revoked = await withPool(globals, (pool) => revokeReadToken(pool, name, defaultActor()));
  if (opts.json) printJson({ name, revoked });
  else print(`Read token ${name} revoked.`);
}

export async function tokenListCommand(opts: JsonOption, globals: ServerGlobals): Promise<void> {
  const tokens = await withPool(globals, (pool) => listReadTokens(pool));
  if (opts.json) {
    printJson(tokens);
    return;
  }
  if (tokens.length === 0) {
    print('No read tokens: lanaudit server token add NAME makes one.');
    return;
  }
  print(table(['NAME', 'CREATED', 'LAST USED', 'REVOKED'], tokens.map((t) => [t.name, when(t.createdAt), when(t.lastUsedAt), when(t.revokedAt)])));
}

interface TriageOptions extends JsonOption {
  readonly status: CentralDecision['status'];
  readonly note: string;
  readonly until?: string;
  readonly by?: string;
}

/** `lanaudit server triage SITE DEVICE_ID`: a central decision, delivered to the site on its next sync. */
export async function serverTriageCommand(site: string, device: string, opts: TriageOptions, globals: ServerGlobals): Promise<void> {
  const deviceId = Number(device);
  if (!Number.isSafeInteger(deviceId) || deviceId <= 0) throw new UsageError(`DEVICE_ID must be the site's device id (a positive whole number, as fleet devices shows), got "${device.slice(0, 40)}"`);
  if (opts.until !== undefined && opts.status !== 'waiver') throw new UsageError('--until is a waiver\'s end: use it with --status waiver');
  const decision = await withPool(globals, (pool) =>
    recordCentralDecision(pool, {
      siteName: site,
      deviceId,
      status: opts.status,
      note: opts.note,
      by: opts.by ?? defaultActor(),
      until: opts.until === undefined ? null : parseUntil(opts.until),
    }),
  );
  if (opts.json) printJson(decision);
  else print(`Recorded ${decision.status} for device ${deviceId} of site ${site} (decision ${decision.uid}); the site applies it on its next sync.`);
}
