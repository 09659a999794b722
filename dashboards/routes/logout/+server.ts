import { redirect } from '@sveltejs/kit';
import { access } from '../../../domain/index.js';
import { actorOf, clearSessionCookie, clientAddress, SESSION_COOKIE } from '$lib/server/auth.js';
import { dashboardContext } from '$lib/server/context.js';
import type { RequestHandler } from './$types';

/** Signing out: a POST with the session's CSRF token (checked in hooks.server.ts) ends the session. */
export const POST: RequestHandler = async (event) => {
  const token = event.cookies.get(SESSION_COOKIE);
  if (token && event.locals.user) {
    await access.logout({ db: dashboardContext().database.db, actor: actorOf(event.locals.user) }, { token, ip: clientAddress(event) });
  }
  clearSessionCookie(event.cookies, event.url);
  redirect(303, '/login');
};
