import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Session and CSRF tokens. A session token is 32 random bytes (base64url) that only the
 * browser's HTTP-only cookie holds; the database keeps its SHA-256. The CSRF token of a session
 * is an HMAC of the session token, so the server re-derives it on every request without storing
 * it, and a page that can read it (it is in every form) learns nothing about the cookie.
 */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isWellFormedToken(token: string): boolean {
  return TOKEN.test(token);
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('ledgerloop csrf v1').digest('base64url');
}

/** Whether `given` is the CSRF token of this session, compared in constant time. */
export function isCsrfTokenOf(sessionToken: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Constant-time equality of two strings (for tokens compared outside a session, such as the sign-in form's). */
export function sameToken(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
