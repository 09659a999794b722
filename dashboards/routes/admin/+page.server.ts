import { fail } from '@sveltejs/kit';
import { access, DomainError, type Context } from '../../../domain/index.js';
import { actorOf, clientAddress } from '$lib/server/auth.js';
import { dashboardContext } from '$lib/server/context.js';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * Users, for admins (the route table in $lib/access-rules.ts lets nobody else here): every user
 * with role, region and state; adding one, disabling and enabling, resetting a password. A
 * generated password is shown once, in the answer to the action that made it.
 */
export const load: PageServerLoad = async () => {
  const { db } = dashboardContext().database;
  const [users, regions] = await Promise.all([access.listUsers(db), db.selectFrom('core.regions').select(['code', 'name']).orderBy('code').execute()]);
  return { users, regions, roles: access.ROLES, scopedRoles: access.REGION_SCOPED_ROLES };
};

type Outcome = { done: string; password?: { username: string; password: string } };

export const actions: Actions = {
  add: (event) => change(event, async (ctx, form, ip) => {
    const role = text(form, 'role');
    if (!access.isRole(role)) return problem('role', `Choose a role: ${access.ROLES.join(', ')}.`);
    const username = text(form, 'username');
    const added = await access.addUser(ctx, { username, displayName: text(form, 'displayName') || username, role, region: text(form, 'region') || null, ip });
    return { done: `Added ${added.role} ${added.username}${added.region ? ` (region ${added.region})` : ''}.`, password: { username: added.username, password: added.password! } };
  }),
  disable: (event) => change(event, async (ctx, form, ip) => {
    const r = await access.disableUser(ctx, { username: text(form, 'username'), ip });
    return { done: r.changed ? `Disabled ${r.username}; ${r.sessionsRevoked} open session${r.sessionsRevoked === 1 ? '' : 's'} ended.` : `${r.username} was already disabled.` };
  }),
  enable: (event) => change(event, async (ctx, form, ip) => {
    const r = await access.enableUser(ctx, { username: text(form, 'username'), ip });
    return { done: r.changed ? `Enabled ${r.username}.` : `${r.username} was already enabled.` };
  }),
  reset: (event) => change(event, async (ctx, form, ip) => {
    const r = await access.resetPassword(ctx, { username: text(form, 'username'), ip });
    return { done: `New one-time password for ${r.username}; ${r.sessionsRevoked} open session${r.sessionsRevoked === 1 ? '' : 's'} ended.`, password: { username: r.username, password: r.password! } };
  }),
};

class Problem extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}
const problem = (field: string, message: string): never => {
  throw new Problem(field, message);
};

/** Runs one admin change as the signed-in admin; a refusal comes back to the form with its message. */
async function change(event: RequestEvent, body: (ctx: Context, form: FormData, ip: string) => Promise<Outcome>) {
  const form = await event.request.formData();
  const ctx = { db: dashboardContext().database.db, actor: actorOf(event.locals.user!) };
  try {
    return await body(ctx, form, clientAddress(event));
  } catch (e) {
    if (e instanceof Problem) return fail(400, { field: e.field, message: e.message });
    if (e instanceof DomainError) return fail(e.code === 'NOT_FOUND' ? 404 : e.code === 'DUPLICATE' || e.code === 'NOT_ALLOWED' ? 409 : 400, { field: e.field ?? null, message: sentence(e.message) });
    throw e;
  }
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const sentence = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;
