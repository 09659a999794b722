import { fail, redirect } from '@sveltejs/kit';
import { access } from '../../../domain/index.js';
import { actorOf, clientAddress, cookieOptions, setSessionCookie, SIGN_IN_COOKIE } from '$lib/server/auth.js';
import { dashboardContext } from '$lib/server/context.js';
import type { Actions, PageServerLoad } from './$types';

/**
 * Signing in. Before there is a session the form is protected from cross-site posting by a
 * token of its own, kept in an HTTP-only cookie and repeated in the form (besides SvelteKit's
 * origin check). Failures are rate-limited by access.login.
 */
export const load: PageServerLoad = ({ locals, cookies, url }) => {
  if (locals.user) redirect(303, nextPath(url));
  let token = cookies.get(SIGN_IN_COOKIE);
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
    token = access.newToken();
    cookies.set(SIGN_IN_COOKIE, token, { ...cookieOptions(url, 3600), sameSite: 'strict' });
  }
  return { signInToken: token };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const username = String(form.get('username') ?? '').trim().slice(0, 200);
    const password = String(form.get('password') ?? '').slice(0, 1000);
    if (!access.sameToken(String(form.get('csrf') ?? ''), event.cookies.get(SIGN_IN_COOKIE))) {
      return fail(403, { username, message: 'This sign-in form has expired: reload the page and sign in again.' });
    }
    if (!username || !password) return fail(400, { username, message: 'Enter your user name and your password.' });
    const result = await access.login(
      { db: dashboardContext().database.db, actor: actorOf({ username: username.toLowerCase() }) },
      { username, password, ip: clientAddress(event), userAgent: event.request.headers.get('user-agent') },
    );
    if (!result.ok) {
      if (result.reason === 'locked') {
        const who = result.scope === 'pair' ? 'for this user from your address' : 'from your address';
        return fail(429, { username, message: `Too many failed sign-ins ${who}: try again in ${access.waitText(result.retryAfterSeconds)}, or ask an admin to reset the password.` });
      }
      if (result.reason === 'disabled') return fail(403, { username, message: 'This account is disabled: ask an admin.' });
      return fail(400, { username, message: 'Wrong user name or password.' });
    }
    setSessionCookie(event.cookies, event.url, result.token, result.user.sessionExpiresAt);
    event.cookies.delete(SIGN_IN_COOKIE, cookieOptions(event.url));
    redirect(303, result.user.mustChangePassword ? '/password' : nextPath(event.url));
  },
};

/** Where to go after signing in: `next` when it is a path of this app, else the Overview. */
function nextPath(url: URL): string {
  const next = url.searchParams.get('next') ?? '/';
  return /^\/(?![/\\])/.test(next) && !/[\r\n]/.test(next) ? next : '/';
}
