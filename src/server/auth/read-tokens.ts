import { UsageError } from '../../util/errors.js';
import { writeAudit } from '../store/audit.js';
import { inTransaction, type Pool } from '../store/pool.js';
import { hashToken, newToken } from './tokens.js';

export interface ReadTokenSummary {
  readonly name: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** A read token (fleet queries, scripts) under a name: shown once, only its hash kept. One unrevoked token per name. */
export async function addReadToken(pool: Pool, name: string, actor: string): Promise<{ readonly token: string }> {
  if (!NAME.test(name)) throw new UsageError(`"${name.slice(0, 80)}" is not a token name: letters, digits, '.', '_', '@' and '-', at most 64`);
  return inTransaction(pool, async (client) => {
    // Serializes adds of one name, so two at once cannot both find it free.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`read-token:${name}`]);
    const taken = await client.query("SELECT 1 FROM tokens WHERE kind = 'read' AND name = $1 AND revoked_at IS NULL", [name]);
    if (taken.rowCount !== 0) throw new UsageError(`a read token named ${name} exists: revoke it first (lanaudit server token revoke ${name}) or choose another name`);
    const token = newToken('read');
    await client.query("INSERT INTO tokens (kind, name, hash) VALUES ('read', $1, $2)", [name, hashToken(token)]);
    await writeAudit(client, { actor, action: 'token.add', target: name });
    return { token };
  });
}

/** Revokes the read tokens of this name; how many. */
export async function revokeReadToken(pool: Pool, name: string, actor: string): Promise<number> {
  return inTransaction(pool, async (client) => {
    const result = await client.query("UPDATE tokens SET revoked_at = now() WHERE kind = 'read' AND name = $1 AND revoked_at IS NULL", [name]);
    const revoked = result.rowCount ?? 0;
    if (revoked === 0) throw new UsageError(`no unrevoked read token named ${name} (lanaudit server token list shows them)`);
    await writeAudit(client, { actor, action: 'token.revoke', target: name });
    return revoked;
  });
}

export async function listReadTokens(pool: Pool): Promise<ReadTokenSummary[]> {
  const { rows } = await pool.query<{ name: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }>(
    "SELECT name, created_at, last_used_at, revoked_at FROM tokens WHERE kind = 'read' ORDER BY name, created_at",
  );
  return rows.map((r) => ({ name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}
