import { describe, expect, it } from 'vitest';
import { lockout, waitText, type LockoutPolicy } from './rate-limit.js';

const POLICY: LockoutPolicy = { windowMinutes: 15, maxPerPair: 5, maxPerAddress: 20 };
const now = new Date('2025-03-01T12:00:00Z');
const minutesAgo = (...m: number[]) => m.map((x) => new Date(now.getTime() - x * 60_000));

describe('sign-in lockout', () => {
  it('allows up to the limit of failures in the window, then locks until the oldest counted one leaves it', () => {
    expect(lockout({ pair: minutesAgo(1, 2, 3, 4), address: minutesAgo(1, 2, 3, 4) }, now, POLICY)).toEqual({ locked: false });
    expect(lockout({ pair: minutesAgo(1, 2, 3, 4, 10), address: minutesAgo(1, 2, 3, 4, 10) }, now, POLICY)).toEqual({ locked: true, scope: 'pair', retryAfterSeconds: 5 * 60 });
    // Seven failures: unlocked once three have left the window, i.e. when the one 6 minutes old does.
    expect(lockout({ pair: minutesAgo(1, 2, 3, 4, 6, 8, 10), address: [] }, now, POLICY)).toEqual({ locked: true, scope: 'pair', retryAfterSeconds: 9 * 60 });
  });

  it('forgets failures older than the window', () => {
    expect(lockout({ pair: minutesAgo(1, 2, 16, 20, 30, 60), address: [] }, now, POLICY)).toEqual({ locked: false });
    expect(lockout({ pair: minutesAgo(1, 2, 3, 4, 15), address: [] }, now, POLICY)).toEqual({ locked: false });
  });

  it('locks an address trying many names, even for a name it has not tried', () => {
    const spray = minutesAgo(...Array.from({ length: 20 }, (_, i) => i * 0.5));
    expect(lockout({ pair: [], address: spray }, now, POLICY)).toMatchObject({ locked: true, scope: 'address' });
    expect(lockout({ pair: [], address: spray.slice(1) }, now, POLICY)).toEqual({ locked: false });
  });

  it('reports the later of two locks', () => {
    const result = lockout({ pair: minutesAgo(1, 2, 3, 4, 5), address: minutesAgo(...Array.from({ length: 20 }, (_, i) => 14 - i * 0.1)) }, now, POLICY);
    expect(result).toMatchObject({ locked: true, scope: 'pair', retryAfterSeconds: 10 * 60 });
  });

  it('says how long to wait in words', () => {
    expect(waitText(1)).toBe('1 second');
    expect(waitText(42)).toBe('42 seconds');
    expect(waitText(61)).toBe('2 minutes');
    expect(waitText(60)).toBe('1 minute');
  });
});
