import { fail, redirect } from '@sveltejs/kit';
import { access, DomainError } from '../../../domain/index.js';
import { actorOf, clientAddress, SESSION_COOKIE } from '$lib/server/auth.js';
import { dashboardContext } from '$lib/server/context.js';
import type { Actions, PageServerLoad } from './$types';

/** Choosing a new password: required after signing in with a one-time one, open to anyone signed in. */
export const load: PageServerLoad = ({ locals }) => ({ required: locals.user?.mustChangePassword ?? false, minLength: access.MIN_PASSWORD_LENGTH });

export const actions: Actions = {
  default: async (event) => {
    const user = event.locals.user!;
    const form = await event.request.formData();
    const currentPassword = String(form.get('current') ?? '');
    const newPassword = String(form.get('new') ?? '');
    if (newPassword !== String(form.get('repeat') ?? '')) return fail(400, { field: 'repeat', message: 'The two new passwords differ.' });
    try {
      await access.changePassword({ db: dashboardContext().database.db, actor: actorOf(user) }, {
        username: user.username, currentPassword, newPassword, keepSession: access.tokenHash(event.cookies.get(SESSION_COOKIE)!), ip: clientAddress(event),
      });
    } catch (e) {
      if (e instanceof DomainError) return fail(400, { field: e.field ?? null, message: sentence(e.message) });
      throw e;
    }
    redirect(303, '/');
  },
};

const sentence = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}.`;
