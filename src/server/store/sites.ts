import { hashToken, newToken } from '../auth/tokens.js';
import { UsageError } from '../../util/errors.js';
import { writeAudit } from './audit.js';
import { inTransaction, type Pool, type PoolClient } from './pool.js';

/** As the sites table's check: a name a site's config and a URL path can carry as is. */
const SITE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface SiteSummary {
  readonly name: string;
  readonly createdAt: Date;
  readonly lastSyncAt: Date | null;
  /** Unrevoked site tokens. */
  readonly tokens: number;
  /** The server sends the site's alerts (one per device and state across the fleet), not its agent. */
  readonly centralAlerts: boolean;
}

export const ALERT_MODES = ['central', 'local'] as const;

export function checkSiteName(name: string): string {
  if (!SITE_NAME.test(name)) throw new UsageError(`"${name.slice(0, 140)}" is not a site name: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128`);
  return name;
}

/** Enrolls a site: returns its first token, which is shown once and never stored. */
export async function addSite(pool: Pool, name: string, actor: string): Promise<{ readonly token: string }> {
  checkSiteName(name);
  return inTransaction(pool, async (client) => {
    const inserted = await client.query<{ id: number }>('INSERT INTO sites (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id', [name]);
    const id = inserted.rows[0]?.id;
    if (id === undefined) throw new UsageError(`site ${name} exists already: lanaudit server site rotate ${name} gives it a new token`);
    const token = await insertSiteToken(client, id, name);
    await writeAudit(client, { actor, action: 'site.add', target: name });
    return { token };
  });
}

export async function listSites(pool: Pool): Promise<SiteSummary[]> {
  const { rows } = await pool.query<{ name: string; created_at: Date; last_sync_at: Date | null; tokens: number; central_alerts: boolean }>(
    `SELECT s.name, s.created_at, s.last_sync_at, s.central_alerts,
       (SELECT count(*)::int FROM tokens t WHERE t.site_id = s.id AND t.revoked_at IS NULL) AS tokens
     FROM sites s ORDER BY s.name`,
  );
  return rows.map((r) => ({ name: r.name, createdAt: r.created_at, lastSyncAt: r.last_sync_at, tokens: r.tokens, centralAlerts: r.central_alerts }));
}

/**
 * Who sends the site's alerts: 'central', the server (one alert per device and state across the
 * fleet); 'local', the site's agent. The agent's fleet.alerts says the same on its side.
 */
export async function setSiteAlerts(pool: Pool, name: string, mode: string, actor: string): Promise<void> {
  if (!(ALERT_MODES as readonly string[]).includes(mode)) throw new UsageError(`"${mode.slice(0, 40)}" is not an alerts mode: ${ALERT_MODES.join(' or ')}`);
  await inTransaction(pool, async (client) => {
    const id = await siteId(client, name);
    await client.query('UPDATE sites SET central_alerts = $2 WHERE id = $1', [id, mode === 'central']);
    await writeAudit(client, { actor, action: 'site.alerts', target: name, detail: { alerts: mode } });
  });
}

/** Revokes every token of the site (its agent can no longer push); its data stays. Returns how many. */
export async function revokeSite(pool: Pool, name: string, actor: string): Promise<number> {
  return inTransaction(pool, async (client) => {
    const id = await siteId(client, name);
    const revoked = await revokeSiteTokens(client, id);
    await writeAudit(client, { actor, action: 'site.revoke', target: name, detail: { tokens: revoked } });
    return revoked;
  });
}

/** A new token for the site, every older one revoked in the same transaction. */
export async function rotateSite(pool: Pool, name: string, actor: string): Promise<{ readonly token: string; readonly revoked: number }> {
  return inTransaction(pool, async (client) => {
    const id = await siteId(client, name);
    const revoked = await revokeSiteTokens(client, id);
    const token = await insertSiteToken(client, id, name);
    await writeAudit(client, { actor, action: 'site.rotate', target: name, detail: { revoked } });
    return { token, revoked };
  });
}

async function siteId(client: PoolClient, name: string): Promise<number> {
  const { rows } = await client.query<{ id: number }>('SELECT id FROM sites WHERE name = $1 FOR UPDATE', [name]);
  const id = rows[0]?.id;
  if (id === undefined) throw new UsageError(`no site ${name} (lanaudit server site list shows them)`);
  return id;
}

async function insertSiteToken(client: PoolClient, siteId: number, name: string): Promise<string> {
  const token = newToken('site');
  await client.query("INSERT INTO tokens (kind, site_id, name, hash) VALUES ('site', $1, $2, $3)", [siteId, name, hashToken(token)]);
  return token;
}

async function revokeSiteTokens(client: PoolClient, siteId: number): Promise<number> {
  const result = await client.query('UPDATE tokens SET revoked_at = now() WHERE site_id = $1 AND revoked_at IS NULL', [siteId]);
  return result.rowCount ?? 0;
}
