/**
 * Console users (roles viewer < triager < admin). Disabling a user or changing a password bumps
 * the user's session epoch and deletes the sessions, so nobody stays logged in on the old terms.
 */
import { UsageError } from '../../util/errors.js';
import type { Pool } from '../store/pool.js';
import { writeAudit } from '../store/audit.js';
import { DUMMY_HASH, hashPassword, verifyPassword, weakPassword } from './passwords.js';

export const ROLES = ['viewer', 'triager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export interface User {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  readonly disabledAt: Date | null;
  readonly createdAt: Date;
}

/** Whether role may do what needs at least `least`. */
export function allows(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(least);
}

export function parseRole(text: string): Role {
  if (!(ROLES as readonly string[]).includes(text)) throw new UsageError(`unknown role '${text}': expected ${ROLES.join(', ')}`);
  return text as Role;
}

function checkName(name: string): void {
  if (!NAME.test(name)) throw new UsageError(`user name '${name}' is not allowed: letters, digits and . _ @ -, starting with a letter or digit, at most 64 characters`);
}

function checkPassword(password: string): void {
  const weak = weakPassword(password);
  if (weak !== null) throw new UsageError(weak);
}

const COLUMNS = 'id, name, role, disabled_at AS "disabledAt", created_at AS "createdAt"';

export async function addUser(db: Pool, name: string, role: Role, password: string, actor: string): Promise<User> {
  checkName(name);
  checkPassword(password);
  const hash = await hashPassword(password);
  const { rows } = await db.query<User>(`INSERT INTO users (name, role, password_hash) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING ${COLUMNS}`, [name, role, hash]);
  const user = rows[0];
  if (user === undefined) throw new UsageError(`user '${name}' already exists`);
  await writeAudit(db, { actor, action: 'user.add', target: name, detail: { role } });
  return user;
}

async function existing(db: Pool, name: string): Promise<User> {
  const { rows } = await db.query<User>(`SELECT ${COLUMNS} FROM users WHERE name = $1`, [name]);
  const user = rows[0];
  if (user === undefined) throw new UsageError(`no user '${name}'`);
  return user;
}

/** Sets a new password; the user's sessions end. */
export async function setPassword(db: Pool, name: string, password: string, actor: string): Promise<void> {
  checkPassword(password);
  const user = await existing(db, name);
  const hash = await hashPassword(password);
  await db.query('UPDATE users SET password_hash = $2, session_epoch = session_epoch + 1 WHERE id = $1', [user.id, hash]);
  await db.query('DELETE FROM sessions WHERE user_id = $1', [user.id]);
  await writeAudit(db, { actor, action: 'user.passwd', target: name });
}

/** Disables the user and ends every session of theirs. */
export async function disableUser(db: Pool, name: string, actor: string): Promise<void> {
  const user = await existing(db, name);
  await db.query('UPDATE users SET disabled_at = coalesce(disabled_at, now()), session_epoch = session_epoch + 1 WHERE id = $1', [user.id]);
  await db.query('DELETE FROM sessions WHERE user_id = $1', [user.id]);
  await writeAudit(db, { actor, action: 'user.disable', target: name });
}

export async function listUsers(db: Pool): Promise<User[]> {
  const { rows } = await db.query<User>(`SELECT ${COLUMNS} FROM users ORDER BY name`);
  return rows;
}

/** The enabled user with this name and password, or null (as slow for an unknown name as for a wrong password). */
export async function authenticate(db: Pool, name: string, password: string): Promise<User | null> {
  const { rows } = await db.query<User & { hash: string }>(`SELECT ${COLUMNS}, password_hash AS hash FROM users WHERE name = $1`, [name]);
  const row = rows[0];
  const ok = await verifyPassword(password, row?.hash ?? DUMMY_HASH);
  if (!ok || row === undefined || row.disabledAt !== null) return null;
  const { hash: _hash, ...user } = row;
  return user;
}
