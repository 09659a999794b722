import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/tables.js';
import { defineCommand, type Context, type Tx } from '../kernel/command.js';
import { writeAudit } from './audit.js';
import { hashPassword, verifyNothing, verifyPassword } from './passwords.js';
import { LOCKOUT, lockout, type LockoutPolicy } from './rate-limit.js';
import type { Role } from './roles.js';
import { isWellFormedToken, newToken, tokenHash } from './tokens.js';

/**
 * Sessions: signing in (rate-limited), finding the user of a session token, signing out. A
 * session lasts at most `hours` and ends after `idleMinutes` without a request.
 */
export const SESSION = { hours: 12, idleMinutes: 120, touchSeconds: 60 } as const;

export interface SessionUser {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  region: string | null;
  /** Signed in with a one-time password: must choose a new one before anything else. */
  mustChangePassword: boolean;
  sessionExpiresAt: Date;
}

export type LoginResult =
  | { ok: true; token: string; user: SessionUser }
  | { ok: false; reason: 'invalid' | 'disabled' }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number; scope: 'pair' | 'address' };

export interface LoginInput {
  username: string;
  password: string;
  /** The client's address: failures are counted per name and address. */
  ip: string;
  userAgent?: string | null | undefined;
}

/**
 * Signs a user in. The attempt is counted as a failure before the password is checked (so
 * simultaneous guesses count too) and cleared when it succeeds; past the limit (LOCKOUT) sign-in
 * from that address is refused without checking. A wrong name takes as long as a wrong password.
 * Three short transactions, none held while hashing; every outcome is in the audit log, as the
 * context's actor (the caller names it for the one signing in).
 */
export async function login(ctx: Context, input: LoginInput, policy: LockoutPolicy = LOCKOUT): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase().slice(0, 200);
  const ip = input.ip.slice(0, 100);
  const attempt = await beginAttempt(ctx, { username, ip, policy });
  if (attempt.locked) return { ok: false, reason: 'locked', retryAfterSeconds: attempt.retryAfterSeconds, scope: attempt.scope };
  const user = attempt.user;
  let verified = { ok: false, needsRehash: false };
  if (user) verified = await verifyPassword(input.password, user.passwordHash);
  else await verifyNothing(input.password);
  if (!user || !verified.ok || user.disabled) {
    await recordFailure(ctx, { username, ip, reason: !user ? 'unknown user' : !verified.ok ? 'wrong password' : 'user disabled', policy });
    return { ok: false, reason: user && verified.ok ? 'disabled' : 'invalid' };
  }
  const token = newToken();
  const rehash = verified.needsRehash ? await hashPassword(input.password) : null;
  const session = await startSession(ctx, { userId: user.id, username, ip, userAgent: input.userAgent?.slice(0, 300) ?? null, tokenHash: tokenHash(token), rehash, previousHash: user.passwordHash });
  // Command results travel as JSON (so a replay equals the first call): the date comes back as text.
  return { ok: true, token, user: { ...session, sessionExpiresAt: new Date(session.sessionExpiresAt) } };
}

type Attempt =
  | { locked: true; retryAfterSeconds: number; scope: 'pair' | 'address' }
  | { locked: false; user: { id: number; passwordHash: string; disabled: boolean } | null };

const policyInput = z.object({ windowMinutes: z.number().positive(), maxPerPair: z.number().int().positive(), maxPerAddress: z.number().int().positive() });

const beginAttempt = defineCommand(
  'access.beginLogin',
  z.object({ username: z.string(), ip: z.string(), policy: policyInput }),
  async (tx, input): Promise<Attempt> => {
    // Attempts from one address take turns here, so each counts the ones before it (on a server
    // with many connections as on the embedded database).
    await sql`select pg_advisory_xact_lock(hashtext(${`ledgerloop login ${input.ip}`}))`.execute(tx.db);
    // The clock now, not the transaction's start (now()): attempts that started after this one
    // but took their turn first are counted, and stamped with the same clock.
    const since = sql`clock_timestamp() - make_interval(mins => ${input.policy.windowMinutes})`;
    const { rows } = await sql<{ now: Date; pair: Date[] | null; address: Date[] | null }>`
      select clock_timestamp() as now,
             (select array_agg(failed_at) from access.login_failures where username = ${input.username} and ip = ${input.ip} and failed_at > ${since}) as pair,
             (select array_agg(failed_at) from access.login_failures where ip = ${input.ip} and failed_at > ${since}) as address`.execute(tx.db);
    const r = rows[0]!;
    const state = lockout({ pair: dates(r.pair), address: dates(r.address) }, r.now, input.policy);
    if (state.locked) return state;
    // Old failures no longer count for anything.
    await sql`delete from access.login_failures where failed_at < now() - interval '1 day'`.execute(tx.db);
    await sql`insert into access.login_failures (username, ip, failed_at) values (${input.username}, ${input.ip}, clock_timestamp())`.execute(tx.db);
    const user = await tx.db.selectFrom('access.users').select(['id', 'password_hash', 'disabled']).where('username', '=', input.username).executeTakeFirst();
    return { locked: false, user: user ? { id: user.id, passwordHash: user.password_hash, disabled: user.disabled } : null };
  },
);

/** array_agg of timestamptz arrives as Dates from PGlite and as text from node-postgres. */
function dates(values: (Date | string)[] | string | null): Date[] {
  if (values === null) return [];
  if (typeof values === 'string') return values.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => new Date(s.replace(/^"|"$/g, '')));
  return values.map((v) => (v instanceof Date ? v : new Date(v)));
}

const recordFailure = defineCommand(
  'access.loginFailed',
  z.object({ username: z.string(), ip: z.string(), reason: z.string(), policy: policyInput }),
  async (tx, input) => {
    await writeAudit(tx.db, tx.actor, { action: 'login.failed', subject: `user:${input.username}`, ip: input.ip, detail: { reason: input.reason } });
    // The failure that reaches the limit starts a lockout: worth one entry of its own.
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from access.login_failures
       where username = ${input.username} and ip = ${input.ip} and failed_at > clock_timestamp() - make_interval(mins => ${input.policy.windowMinutes})`.execute(tx.db);
    if (rows[0]!.n === input.policy.maxPerPair) {
      await writeAudit(tx.db, tx.actor, { action: 'login.locked_out', subject: `user:${input.username}`, ip: input.ip, detail: { failures: rows[0]!.n, minutes: input.policy.windowMinutes } });
    }
    return { recorded: true };
  },
);

const startSession = defineCommand(
  'access.startSession',
  z.object({
    userId: z.number().int(), username: z.string(), ip: z.string(), userAgent: z.string().nullable(), tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
    rehash: z.string().nullable(), previousHash: z.string(),
  }),
  async (tx, input): Promise<SessionUser> => {
    await tx.db.deleteFrom('access.login_failures').where('username', '=', input.username).where('ip', '=', input.ip).execute();
    // Sessions that ended more than a week ago are of no further use (the audit log keeps the sign-ins).
    await sql`delete from access.sessions where expires_at < now() - interval '7 days'`.execute(tx.db);
    if (input.rehash) {
      await tx.db.updateTable('access.users').set({ password_hash: input.rehash }).where('id', '=', input.userId).where('password_hash', '=', input.previousHash).execute();
    }
    const { rows } = await sql<{ expires_at: Date }>`
      insert into access.sessions (token_hash, user_id, expires_at, ip, user_agent)
      values (${input.tokenHash}, ${input.userId}, now() + make_interval(hours => ${SESSION.hours}), ${input.ip}, ${input.userAgent})
      returning expires_at`.execute(tx.db);
    await writeAudit(tx.db, tx.actor, { action: 'login.succeeded', subject: `user:${input.username}`, ip: input.ip });
    const u = await tx.db.selectFrom('access.users').select(['id', 'username', 'display_name', 'role', 'region', 'must_change_password']).where('id', '=', input.userId).executeTakeFirstOrThrow();
    return { userId: u.id, username: u.username, displayName: u.display_name, role: u.role, region: u.region, mustChangePassword: u.must_change_password, sessionExpiresAt: rows[0]!.expires_at };
  },
);

/**
 * The user a session token belongs to, or null when the token is unknown, revoked, expired or
 * idle too long, or its user is disabled. Notes the request (at most once a minute) for the
 * idle timeout.
 */
export async function sessionUser(db: Kysely<DB>, token: string): Promise<SessionUser | null> {
  if (!isWellFormedToken(token)) return null;
  const hash = tokenHash(token);
  const { rows } = await sql<{ id: number; username: string; display_name: string; role: Role; region: string | null; must_change_password: boolean; expires_at: Date; stale: boolean }>`
    select u.id, u.username, u.display_name, u.role, u.region, u.must_change_password, s.expires_at,
           s.last_seen_at < now() - make_interval(secs => ${SESSION.touchSeconds}) as stale
      from access.sessions s join access.users u on u.id = s.user_id
     where s.token_hash = ${hash} and s.revoked_at is null and s.expires_at > now()
       and s.last_seen_at > now() - make_interval(mins => ${SESSION.idleMinutes}) and not u.disabled`.execute(db);
  const r = rows[0];
  if (!r) return null;
  if (r.stale) await sql`update access.sessions set last_seen_at = now() where token_hash = ${hash}`.execute(db);
  return { userId: r.id, username: r.username, displayName: r.display_name, role: r.role, region: r.region, mustChangePassword: r.must_change_password, sessionExpiresAt: r.expires_at };
}

/** Ends the session of this token. Idempotent: signed out is signed out. */
export const logout = defineCommand('access.logout', z.object({ token: z.string().max(200), ip: z.string().max(100).optional() }), async (tx, input) => {
  if (!isWellFormedToken(input.token)) return { signedOut: false };
  const { rows } = await sql<{ username: string }>`
    update access.sessions s set revoked_at = now(), revoked_reason = 'signed out'
      from access.users u
     where s.token_hash = ${tokenHash(input.token)} and s.revoked_at is null and u.id = s.user_id
    returning u.username`.execute(tx.db);
  const username = rows[0]?.username;
  if (!username) return { signedOut: false };
  await writeAudit(tx.db, tx.actor, { action: 'login.signed_out', subject: `user:${username}`, ip: input.ip });
  return { signedOut: true };
});

/** Ends a user's open sessions (all, or all but `except`, a token hash); how many ended. */
export async function revokeSessions(tx: Tx, userId: number, reason: string, except?: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with revoked as (
      update access.sessions set revoked_at = now(), revoked_reason = ${reason}
       where user_id = ${userId} and revoked_at is null and expires_at > now() and token_hash <> ${except ?? ''}
      returning 1)
    select count(*)::int as n from revoked`.execute(tx.db);
  return rows[0]!.n;
}
