import { sql } from 'kysely';
import { z } from 'zod';
import { defineCommand, parseInput, type Context, type Tx } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { name } from '../kernel/inputs.js';
import { writeAudit } from './audit.js';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { mayBeRegionScoped, ROLES, type Role } from './roles.js';
import { revokeSessions } from './sessions.js';

/**
 * Users: adding one (with a generated one-time password, or one given), disabling and
 * enabling, resetting a password (a new one-time one) and changing one's own. Each change is
 * one transaction with its event and audit entry; its sessions are revoked when the user is
 * disabled or their password changes. Passwords are hashed before the transaction begins.
 */
export const USER = 'access_user';

export const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@+-]{1,99}$/, 'a user name is an e-mail address or 2 to 100 letters, digits and . _ @ + -');
const role = z.enum(ROLES);
const region = z.string().trim().toUpperCase().regex(/^[A-Z0-9_-]{1,16}$/, 'a region code').nullish();
/** The client's address, for the audit log, when the change came from the browser. */
const ip = z.string().max(100).optional();

export interface AddedUser {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  region: string | null;
  /** The generated one-time password, to hand over once; null when the caller gave one. */
  password: string | null;
  mustChangePassword: boolean;
}

const addUserInput = z.object({
  username,
  displayName: name,
  role,
  region,
  /** Chosen by the caller; without it a one-time password is generated and returned. */
  password: z.string().optional(),
  /** Require a new password at the first sign-in (default: only for a generated one). */
  mustChangePassword: z.boolean().optional(),
  ip,
});

const insertUser = defineCommand(
  'access.addUser',
  z.object({ username, displayName: name, role, region, passwordHash: z.string().startsWith('$scrypt$'), mustChangePassword: z.boolean(), ip }),
  async (tx, input) => {
    const regionCode = input.region ?? null;
    await checkRegion(tx, input.role, regionCode);
    const taken = await tx.db.selectFrom('access.users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw new DomainError('DUPLICATE', `user '${input.username}' already exists`, 'username');
    const row = await tx.db.insertInto('access.users').values({
      username: input.username, display_name: input.displayName, role: input.role, region: regionCode,
      password_hash: input.passwordHash, must_change_password: input.mustChangePassword, created_by: tx.actor,
    }).returning('id').executeTakeFirstOrThrow();
    tx.emit({ aggregateType: USER, aggregateId: row.id, type: 'access.user_added', payload: { username: input.username, role: input.role, region: regionCode } });
    await writeAudit(tx.db, tx.actor, { action: 'user.added', subject: `user:${input.username}`, ip: input.ip, detail: { role: input.role, region: regionCode, displayName: input.displayName } });
    return { userId: row.id };
  },
);

/**
 * Adds a user. Without `password` a one-time password is generated and returned (the only time
 * it is ever seen) and must be replaced at the first sign-in. DUPLICATE when the name is taken;
 * a region only for an executive or a planner, and one that exists.
 */
export async function addUser(ctx: Context, raw: z.input<typeof addUserInput>): Promise<AddedUser> {
  const input = parseInput(addUserInput, raw);
  const generated = input.password === undefined ? generatePassword() : null;
  const password = input.password ?? generated!;
  if (generated === null) assertAcceptable(password, input.username);
  const mustChangePassword = input.mustChangePassword ?? generated !== null;
  const passwordHash = await hashPassword(password);
  const { userId } = await insertUser(ctx, { username: input.username, displayName: input.displayName, role: input.role, region: input.region ?? null, passwordHash, mustChangePassword, ...(input.ip ? { ip: input.ip } : {}) });
  return { userId, username: input.username, displayName: input.displayName, role: input.role, region: input.region ?? null, password: generated, mustChangePassword };
}

export interface DisabledUser { username: string; disabled: boolean; changed: boolean; sessionsRevoked: number }

/**
 * Disables a user: they cannot sign in, and their sessions end at once. Idempotent (changed:
 * false when already disabled). The last enabled admin cannot be disabled: nobody could manage
 * users after that.
 */
export const disableUser = defineCommand('access.disableUser', z.object({ username, ip }), async (tx, input): Promise<DisabledUser> => {
  const user = await lockUser(tx, input.username);
  if (user.disabled) return { username: user.username, disabled: true, changed: false, sessionsRevoked: 0 };
  if (user.role === 'admin') {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from access.users where role = 'admin' and not disabled and id <> ${user.id}`.execute(tx.db);
    if (rows[0]!.n === 0) throw new DomainError('NOT_ALLOWED', `'${user.username}' is the last enabled admin; add or enable another admin first`, 'username');
  }
  await tx.db.updateTable('access.users').set({ disabled: true, updated_at: new Date() }).where('id', '=', user.id).execute();
  const sessionsRevoked = await revokeSessions(tx, user.id, 'user disabled');
  tx.emit({ aggregateType: USER, aggregateId: user.id, type: 'access.user_disabled', payload: { username: user.username } });
  await writeAudit(tx.db, tx.actor, { action: 'user.disabled', subject: `user:${user.username}`, ip: input.ip, detail: { sessionsRevoked } });
  return { username: user.username, disabled: true, changed: true, sessionsRevoked };
});

/** Enables a disabled user again (their password unchanged). Idempotent. */
export const enableUser = defineCommand('access.enableUser', z.object({ username, ip }), async (tx, input): Promise<DisabledUser> => {
  const user = await lockUser(tx, input.username);
  if (!user.disabled) return { username: user.username, disabled: false, changed: false, sessionsRevoked: 0 };
  await tx.db.updateTable('access.users').set({ disabled: false, updated_at: new Date() }).where('id', '=', user.id).execute();
  tx.emit({ aggregateType: USER, aggregateId: user.id, type: 'access.user_enabled', payload: { username: user.username } });
  await writeAudit(tx.db, tx.actor, { action: 'user.enabled', subject: `user:${user.username}`, ip: input.ip });
  return { username: user.username, disabled: false, changed: true, sessionsRevoked: 0 };
});

export interface PasswordReset { username: string; password: string | null; mustChangePassword: boolean; sessionsRevoked: number }

const resetInput = z.object({ username, password: z.string().optional(), mustChangePassword: z.boolean().optional(), ip });

const storeResetPassword = defineCommand(
  'access.resetPassword',
  z.object({ username, passwordHash: z.string().startsWith('$scrypt$'), mustChangePassword: z.boolean(), ip }),
  async (tx, input) => {
    const user = await lockUser(tx, input.username);
    await tx.db.updateTable('access.users').set({ password_hash: input.passwordHash, must_change_password: input.mustChangePassword, password_set_at: new Date(), updated_at: new Date() }).where('id', '=', user.id).execute();
    const sessionsRevoked = await revokeSessions(tx, user.id, 'password reset');
    // Whoever was locked out by failed guesses can sign in with the new password at once.
    await tx.db.deleteFrom('access.login_failures').where('username', '=', user.username).execute();
    tx.emit({ aggregateType: USER, aggregateId: user.id, type: 'access.password_reset', payload: { username: user.username } });
    await writeAudit(tx.db, tx.actor, { action: 'user.password_reset', subject: `user:${user.username}`, ip: input.ip, detail: { sessionsRevoked } });
    return { sessionsRevoked };
  },
);

/**
 * Gives a user a new password — generated and returned once (to be replaced at the next
 * sign-in) unless one is given — ends their sessions and lifts any sign-in lockout on them.
 */
export async function resetPassword(ctx: Context, raw: z.input<typeof resetInput>): Promise<PasswordReset> {
  const input = parseInput(resetInput, raw);
  const generated = input.password === undefined ? generatePassword() : null;
  const password = input.password ?? generated!;
  if (generated === null) assertAcceptable(password, input.username);
  const mustChangePassword = input.mustChangePassword ?? generated !== null;
  const { sessionsRevoked } = await storeResetPassword(ctx, { username: input.username, passwordHash: await hashPassword(password), mustChangePassword, ...(input.ip ? { ip: input.ip } : {}) });
  return { username: input.username, password: generated, mustChangePassword, sessionsRevoked };
}

const changeInput = z.object({
  username,
  currentPassword: z.string().max(1000),
  newPassword: z.string(),
  /** The session making the change (its token hash) stays signed in; every other one ends. */
  keepSession: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  ip,
});

const storeChangedPassword = defineCommand(
  'access.changePassword',
  z.object({ username, previousHash: z.string(), passwordHash: z.string().startsWith('$scrypt$'), keepSession: z.string().optional(), ip }),
  async (tx, input) => {
    const user = await lockUser(tx, input.username);
    // Verified against this hash before the transaction: refuse if it changed meanwhile.
    if (user.password_hash !== input.previousHash) throw new DomainError('CONFLICT', 'the password was changed meanwhile; sign in again', 'currentPassword');
    await tx.db.updateTable('access.users').set({ password_hash: input.passwordHash, must_change_password: false, password_set_at: new Date(), updated_at: new Date() }).where('id', '=', user.id).execute();
    const sessionsRevoked = await revokeSessions(tx, user.id, 'password changed', input.keepSession);
    tx.emit({ aggregateType: USER, aggregateId: user.id, type: 'access.password_changed', payload: { username: user.username } });
    await writeAudit(tx.db, tx.actor, { action: 'user.password_changed', subject: `user:${user.username}`, ip: input.ip, detail: { sessionsRevoked } });
    return { sessionsRevoked };
  },
);

/**
 * A user replaces their own password, proving the current one: INVALID_INPUT (field
 * currentPassword) when it is wrong, or (field newPassword) when the new one is too weak or the
 * same. Their other sessions end.
 */
export async function changePassword(ctx: Context, raw: z.input<typeof changeInput>): Promise<{ username: string; sessionsRevoked: number }> {
  const input = parseInput(changeInput, raw);
  const user = await ctx.db.selectFrom('access.users').select(['password_hash', 'disabled']).where('username', '=', input.username).executeTakeFirst();
  if (!user || user.disabled) throw new DomainError('NOT_FOUND', `user '${input.username}' does not exist or is disabled`, 'username');
  if (!(await verifyPassword(input.currentPassword, user.password_hash)).ok) throw new DomainError('INVALID_INPUT', 'the current password is wrong', 'currentPassword');
  assertAcceptable(input.newPassword, input.username, 'newPassword');
  if (input.newPassword === input.currentPassword) throw new DomainError('INVALID_INPUT', 'the new password must differ from the current one', 'newPassword');
  const { sessionsRevoked } = await storeChangedPassword(ctx, {
    username: input.username, previousHash: user.password_hash, passwordHash: await hashPassword(input.newPassword),
    ...(input.keepSession ? { keepSession: input.keepSession } : {}), ...(input.ip ? { ip: input.ip } : {}),
  });
  return { username: input.username, sessionsRevoked };
}

function assertAcceptable(password: string, user: string, field = 'password'): void {
  const problem = passwordProblem(password, user);
  if (problem) throw new DomainError('INVALID_INPUT', problem, field);
}

async function checkRegion(tx: Tx, userRole: Role, regionCode: string | null): Promise<void> {
  if (regionCode === null) return;
  if (!mayBeRegionScoped(userRole)) throw new DomainError('INVALID_INPUT', `only an executive or a planner can be limited to a region, not an ${userRole}`, 'region');
  const known = await tx.db.selectFrom('core.regions').select('code').where('code', '=', regionCode).executeTakeFirst();
  if (!known) throw new DomainError('NOT_FOUND', `region ${regionCode} does not exist`, 'region');
}

async function lockUser(tx: Tx, name: string) {
  const user = await tx.db.selectFrom('access.users').select(['id', 'username', 'role', 'disabled', 'password_hash']).where('username', '=', name).forUpdate().executeTakeFirst();
  if (!user) throw new DomainError('NOT_FOUND', `user '${name}' does not exist`, 'username');
  return user;
}
