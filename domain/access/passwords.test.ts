import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, generatePassword, hashPassword, parseHash, passwordProblem, verifyPassword } from './passwords.js';

const FAST = { ln: 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password and refuses any other, with the default parameters', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$scrypt\$ln=15,r=8,p=3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword('correct horse battery stapl', stored)).ok).toBe(false);
    expect((await verifyPassword('Correct horse battery staple', stored)).ok).toBe(false);
  });

  it('salts every hash: the same password twice gives two different hashes, both verifying', async () => {
    const [a, b] = await Promise.all([hashPassword('same password here', FAST), hashPassword('same password here', FAST)]);
    expect(a).not.toBe(b);
    expect(parseHash(a)!.salt.equals(parseHash(b)!.salt)).toBe(false);
    expect((await verifyPassword('same password here', a, FAST)).ok).toBe(true);
    expect((await verifyPassword('same password here', b, FAST)).ok).toBe(true);
  });

  it('keeps the parameters with the hash, verifies old ones and says they need a rehash', async () => {
    const old = await hashPassword('an older password', FAST);
    expect(parseHash(old)!.params).toEqual(FAST);
    expect(await verifyPassword('an older password', old, DEFAULT_PARAMS)).toEqual({ ok: true, needsRehash: true });
  });

  it('verifies nothing against a malformed or out-of-bounds hash', async () => {
    const good = await hashPassword('some password 1', FAST);
    expect((await verifyPassword('some password 1', 'plain text')).ok).toBe(false);
    expect((await verifyPassword('some password 1', good.replace('ln=10', 'ln=30'))).ok).toBe(false);
    expect((await verifyPassword('some password 1', good.replace('p=1', 'p=99'))).ok).toBe(false);
    expect(parseHash(good.replace('ln=10', 'ln=9'))).toBeNull();
  });

  it('treats canonically equivalent Unicode spellings as the same password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait 42', FAST);
    expect((await verifyPassword('cafe\u0301 au lait 42', stored, FAST)).ok).toBe(true);
  });
});

describe('generated and chosen passwords', () => {
  it('generates four groups of five unambiguous characters, different every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){3}$/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
    expect(passwordProblem(generatePassword(), 'ann')).toBeNull();
  });

  it('refuses short, padded, repetitive passwords and ones containing the user name', () => {
    expect(passwordProblem('short1', 'ann')).toMatch(/at least 12/);
    expect(passwordProblem(' leading space pw', 'ann')).toMatch(/spaces/);
    expect(passwordProblem('aaaaaaaaaaaaaaaa', 'ann')).toMatch(/different characters/);
    expect(passwordProblem('my-name-is-Bob-2024', 'bob')).toMatch(/user name/);
    expect(passwordProblem('x'.repeat(201), 'ann')).toMatch(/at most 200/);
    expect(passwordProblem('a perfectly fine passphrase', 'ann')).toBeNull();
  });
});
