import { redirect, type Handle, type HandleServerError, type RequestEvent } from '@sveltejs/kit';
import { access } from '../domain/index.js';
import { authorize, isPublic, isStateChanging } from '$lib/access-rules.js';
import { clearSessionCookie, refusal, sentCsrfToken, SESSION_COOKIE, signedInUser } from '$lib/server/auth.js';
import { dashboardContext } from '$lib/server/context.js';
import { secured } from '$lib/server/security-headers.js';

/**
 * Every request but the sign-in page's (and the static assets, served before the app) needs a
 * session; a state-changing one also its CSRF token; and the reader's role must allow it by the
 * route table in $lib/access-rules.ts. Only then is the page, endpoint or action run. Every
 * response leaves with the security headers.
 */
export const handle: Handle = async ({ event, resolve }) => secured(await guarded(event, resolve), event.url.protocol === 'https:');

async function guarded(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve']): Promise<Response> {
  const token = event.cookies.get(SESSION_COOKIE) ?? null;
  const session = token ? await access.sessionUser(dashboardContext().database.db, token) : null;
  if (token && !session) clearSessionCookie(event.cookies, event.url);
  const user = session ? signedInUser(session) : null;
  event.locals.user = user;
  event.locals.csrf = session && token ? access.csrfTokenFor(token) : null;

  const paths = pathsOf(event);
  if (paths === null) return refusal(event, 400, 'The address is not valid.');
  const method = event.request.method;
  if (paths.every(isPublic)) return resolve(event);

  if (!user || !token) {
    const reading = !isStateChanging(method);
    if (reading && !event.request.headers.get('x-sveltekit-action')) redirect(303, `/login${returnTo(event.url)}`);
    return refusal(event, 401, 'Sign in first: your session has ended or you have not signed in.');
  }
  if (isStateChanging(method) && !access.isCsrfTokenOf(token, await sentCsrfToken(event.request))) {
    return refusal(event, 403, 'This request did not carry the security token of your session (CSRF): reload the page and try again.');
  }
  if (user.mustChangePassword && !paths.every((p) => /^\/(password|logout)(\/|$)/.test(p))) {
    if (!isStateChanging(method)) redirect(303, '/password');
    return refusal(event, 403, 'Choose a new password first: you signed in with a one-time password.');
  }
  const decision = authorize(user, paths, method);
  if (!decision.allowed) return refusal(event, 403, decision.message);
  const response = await resolve(event);
  // The layout found the URL's filters wrong and said so on the page (see +layout.server.ts).
  if (event.locals.urlProblem && !event.isDataRequest) return new Response(response.body, { status: 400, headers: response.headers });
  return response;
}

/**
 * Every spelling of the request's path the router may act on: the URL's (decoded, as SvelteKit
 * matches it), the original request's (a data or remote-function request names another path
 * in the URL or a header), and the matched route's (without layout groups). Null when the path
 * cannot be decoded.
 */
function pathsOf(event: RequestEvent): string[] | null {
  try {
    const paths = [decodeURI(event.url.pathname), decodeURI(new URL(event.request.url).pathname)];
    if (event.route.id) paths.push(event.route.id.replace(/\/\([^/]+\)/g, '') || '/');
    return paths;
  } catch {
    return null;
  }
}

/** `?next=…` for the sign-in page: where to go back to afterwards (this app's paths only). */
function returnTo(url: URL): string {
  const here = url.pathname + url.search;
  return here === '/' ? '' : `?next=${encodeURIComponent(here)}`;
}

/**
 * An unexpected failure is logged in full on the server and shown on the page as one line,
 * never a stack trace. Expected ones (bad URL parameters, no warehouse yet) are thrown with
 * `error(status, message)` and keep their message.
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
  if (status !== 404) console.error(`dashboards: ${event.request.method} ${event.url.pathname}${event.url.search}:`, error);
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return { message: status === 404 ? 'There is no page here.' : `Something went wrong: ${message}` };
};
