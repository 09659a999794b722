import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/tables.js';
import type { Role } from './roles.js';

export interface UserRecord {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  region: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  passwordSetAt: Date;
  createdAt: Date;
  createdBy: string;
  /** The latest sign-in, and how many sessions are open now. */
  lastSignInAt: Date | null;
  openSessions: number;
}

/** Every user (never their password hash), by name. */
export function listUsers(db: Kysely<DB>): Promise<UserRecord[]> {
  return users(db, sql`true`);
}

export async function findUser(db: Kysely<DB>, username: string): Promise<UserRecord | null> {
  return (await users(db, sql`u.username = ${username.trim().toLowerCase()}`))[0] ?? null;
}

async function users(db: Kysely<DB>, where: RawBuilder<unknown>): Promise<UserRecord[]> {
  const { rows } = await sql<UserRecord>`
    select u.id as "userId", u.username, u.display_name as "displayName", u.role, u.region, u.disabled,
           u.must_change_password as "mustChangePassword", u.password_set_at as "passwordSetAt", u.created_at as "createdAt", u.created_by as "createdBy",
           (select max(s.created_at) from access.sessions s where s.user_id = u.id) as "lastSignInAt",
           (select count(*)::int from access.sessions s where s.user_id = u.id and s.revoked_at is null and s.expires_at > now()) as "openSessions"
      from access.users u
     where ${where}
     order by u.username`.execute(db);
  return rows;
}

/** Whether anyone can sign in yet (the first start creates an admin when not). */
export async function hasUsers(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('access.users').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}
