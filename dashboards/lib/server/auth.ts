import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { access } from '../../../domain/index.js';
import type { SignedInUser } from '../../app.js';

/**
 * Sessions in the browser: the session cookie (HTTP-only, SameSite=Lax, Secure over https),
 * the CSRF token every state-changing request sends back, and refusals shaped for whoever asked
 * (a page, SvelteKit's data or form-action requests, a script).
 */
export const SESSION_COOKIE = 'ledgerloop_session';
/** Before signing in there is no session: the sign-in form carries this cookie's value instead. */
export const SIGN_IN_COOKIE = 'ledgerloop_sign_in';
/** Where a state-changing request puts its CSRF token: a header (scripts) or a form field. */
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = 'csrf';

export function cookieOptions(url: URL, maxAgeSeconds?: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: url.protocol === 'https:', ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }) };
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
  cookies.set(SESSION_COOKIE, token, cookieOptions(url, Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000))));
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
  cookies.delete(SESSION_COOKIE, cookieOptions(url));
}

export function signedInUser(user: access.SessionUser): SignedInUser {
  return {
    userId: user.userId, username: user.username, displayName: user.displayName, role: user.role, region: user.region,
    capabilities: access.capabilitiesOf(user), mustChangePassword: user.mustChangePassword,
  };
}

/** Who a change made in the browser is recorded as: on documents, decisions, events and the audit log. */
export function actorOf(user: { username: string }): string {
  return `dashboard:${user.username}`;
}

export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string {
  try {
    return event.getClientAddress();
  } catch {
    return 'unknown';
  }
}

/**
 * The CSRF token a request sent: its header, else its form's field (read from a copy of the
 * body, which the action then reads as usual).
 */
export async function sentCsrfToken(request: Request): Promise<string | null> {
  const header = request.headers.get(CSRF_HEADER);
  if (header) return header;
  const type = request.headers.get('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return null;
  try {
    const value = (await request.clone().formData()).get(CSRF_FIELD);
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** A refusal (401, 403, 429…) in the shape the caller can show. */
export function refusal(event: Pick<RequestEvent, 'request' | 'isDataRequest'>, status: number, message: string): Response {
  const headers = { 'cache-control': 'no-store' };
  // SvelteKit's enhanced forms expect an action result; its client-side navigation a data error.
  if (event.request.headers.get('x-sveltekit-action') === 'true') return Response.json({ type: 'error', status, error: { message } }, { status, headers });
  const accept = event.request.headers.get('accept') ?? '';
  if (event.isDataRequest || (accept.includes('application/json') && !accept.includes('text/html'))) return Response.json({ message }, { status, headers });
  if (!accept.includes('text/html')) return new Response(`${message}\n`, { status, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
  return new Response(refusalPage(status, message), { status, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
}

function refusalPage(status: number, message: string): string {
  const title = status === 401 ? 'Sign in first' : status === 429 ? 'Too many attempts' : 'Not for your role';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark"><title>Ledgerloop: ${title}</title></head>
<body style="font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 40rem; padding: 0 1rem">
<h1 style="font-size: 1.4rem">${title}</h1>
<p data-testid="refusal">${escapeHtml(message)} (status ${status})</p>
<p><a href="/">Back to the Overview</a></p>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
