import { describe, expect, it } from 'vitest';
import { probabilityAlive } from './probability-alive.js';

describe('probabilityAlive', () => {
  const params = { r: 1, alpha: 2, a: 0.5, b: 1.5 };

  it('is 1 for customers without repeat purchases (BG/NBD drop-out only follows a purchase)', () => {
    expect(probabilityAlive(params, { frequency: 0, recency: 0, T: 100 })).toBe(1);
  });

  it('matches FHL eq. 13 by hand', () => {
    // x = 2, t_x = 5, T = 10: odds = a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x) = 0.5/2.5 * (12/7)^3
    const odds = (0.5 / 2.5) * (12 / 7) ** 3;
    expect(probabilityAlive(params, { frequency: 2, recency: 5, T: 10 })).toBeCloseTo(1 / (1 + odds), 14);
    // A purchase right at T leaves only the prior odds a/(b+x-1).
    expect(probabilityAlive(params, { frequency: 2, recency: 10, T: 10 })).toBeCloseTo(1 / (1 + 0.2), 14);
  });

  it('falls as the last purchase recedes and never overflows', () => {
    const p = [0, 100, 200, 300, 400, 500].map((t) => probabilityAlive(params, { frequency: 1000, recency: t, T: 500 }));
    for (let i = 1; i < p.length; i++) expect(p[i]!).toBeGreaterThanOrEqual(p[i - 1]!);
    for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
    // ((alpha+T)/alpha)^(r+x) = 251^1001 overflows a double; through log-odds the answer is
    // a clean 0 rather than 1/Infinity-by-accident or NaN from Infinity/Infinity.
    expect(p[0]).toBe(0);
    expect(p[4]!).toBeGreaterThan(0);
    expect(p[5]).toBeCloseTo(1 / (1 + 0.5 / (1.5 + 999)), 14);
  });
});
