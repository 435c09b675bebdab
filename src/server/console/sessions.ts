/**
 * Console sessions, stored server-side. The cookie holds 32 random bytes; only their SHA-256 is
 * stored, so a read of the table logs nobody in. A session ends at its idle or absolute expiry,
 * at logout, or when the user's session epoch moves (log out everywhere, password change, disable).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../queries/db.js';
import type { Role } from './users.js';

export interface SessionLimits {
  readonly idleSeconds: number;
  readonly absoluteSeconds: number;
}

export interface Session {
  readonly userId: number;
  readonly name: string;
  readonly role: Role;
  readonly csrf: string;
}

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export async function createSession(db: Queryable, userId: number): Promise<{ token: string; csrf: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  await db.query('INSERT INTO sessions (id_hash, user_id, epoch, csrf) SELECT $1, id, session_epoch, $3 FROM users WHERE id = $2', [hashOf(token), userId, csrf]);
  return { token, csrf };
}

/** The live session this cookie token names (its last use moves to now), or null. */
export async function resumeSession(db: Queryable, limits: SessionLimits, token: string): Promise<Session | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const { rows } = await db.query<Session>(
    `UPDATE sessions s SET last_used_at = now() FROM users u
      WHERE s.id_hash = $1 AND u.id = s.user_id AND u.disabled_at IS NULL AND s.epoch = u.session_epoch
        AND s.last_used_at > now() - make_interval(secs => $2) AND s.created_at > now() - make_interval(secs => $3)
      RETURNING u.id AS "userId", u.name, u.role, s.csrf`,
    [hashOf(token), limits.idleSeconds, limits.absoluteSeconds],
  );
  if (rows[0] !== undefined) return rows[0];
  await db.query('DELETE FROM sessions WHERE id_hash = $1', [hashOf(token)]);
  return null;
}

export async function endSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id_hash = $1', [hashOf(token)]);
}

/** Ends every session of the user, on every browser. */
export async function endAllSessions(db: Queryable, userId: number): Promise<void> {
  await db.query('UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1', [userId]);
  await db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

/** Drops expired sessions (called at login, so the table holds live sessions and a few stale ones). */
export async function pruneSessions(db: Queryable, limits: SessionLimits): Promise<void> {
  await db.query(
    'DELETE FROM sessions WHERE last_used_at <= now() - make_interval(secs => $1) OR created_at <= now() - make_interval(secs => $2)',
    [limits.idleSeconds, limits.absoluteSeconds],
  );
}
