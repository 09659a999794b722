import { describe, expect, it } from 'vitest';
import { csrfTokenFor, isCsrfTokenOf, isWellFormedToken, newToken, sameToken, tokenHash } from './tokens.js';

describe('session and CSRF tokens', () => {
  it('makes 256-bit random session tokens, stored only as a SHA-256 that differs from the CSRF token', () => {
    const a = newToken();
    const b = newToken();
    expect(a).not.toBe(b);
    expect(isWellFormedToken(a)).toBe(true);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(tokenHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(a)).toBe(tokenHash(a));
    expect(csrfTokenFor(a)).not.toBe(tokenHash(a));
    expect(csrfTokenFor(a)).not.toContain(a);
  });

  it("accepts a session's own CSRF token only", () => {
    const session = newToken();
    const other = newToken();
    expect(isCsrfTokenOf(session, csrfTokenFor(session))).toBe(true);
    expect(isCsrfTokenOf(session, csrfTokenFor(other))).toBe(false);
    expect(isCsrfTokenOf(session, csrfTokenFor(session).slice(1))).toBe(false);
    expect(isCsrfTokenOf(session, '')).toBe(false);
    expect(isCsrfTokenOf(session, null)).toBe(false);
  });

  it('refuses malformed tokens before looking anything up', () => {
    expect(isWellFormedToken('')).toBe(false);
    expect(isWellFormedToken("x' or 1=1 --")).toBe(false);
    expect(isWellFormedToken(newToken() + 'a')).toBe(false);
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abd')).toBe(false);
    expect(sameToken(undefined, undefined)).toBe(false);
  });
});
