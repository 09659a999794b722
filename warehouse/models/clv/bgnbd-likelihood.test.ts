import { describe, expect, it } from 'vitest';
import { bgNbdLogLikelihood, bgNbdTotalLogLikelihood, prepareBgNbdData } from './bgnbd-likelihood.js';

/**
 * Independent transcription of FHL (2005) eq. 6 for small cases, in plain arithmetic:
 * Gamma at integers is a factorial and at half-integers (2n)! sqrt(pi) / (4^n n!).
 */
function factorial(n: number): number {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return f;
}
function gammaSmall(x: number): number {
  if (Number.isInteger(x)) return factorial(x - 1);
  const n = x - 0.5;
  if (!Number.isInteger(n)) throw new Error('test helper supports integers and half-integers');
  return (factorial(2 * n) * Math.sqrt(Math.PI)) / (4 ** n * factorial(n));
}
const beta = (a: number, b: number) => (gammaSmall(a) * gammaSmall(b)) / gammaSmall(a + b);

function handLikelihood(r: number, alpha: number, a: number, b: number, x: number, tx: number, T: number): number {
  const common = (gammaSmall(r + x) * alpha ** r) / gammaSmall(r);
  const first = (beta(a, b + x) / beta(a, b)) * (common / (alpha + T) ** (r + x));
  const second = x > 0 ? (beta(a + 1, b + x - 1) / beta(a, b)) * (common / (alpha + tx) ** (r + x)) : 0;
  return first + second;
}

describe('bgNbdLogLikelihood', () => {
  const params = { r: 1, alpha: 2, a: 0.5, b: 1.5 };

  it('matches the hand-computed likelihood for x = 0, t_x = 0, T = 10', () => {
    // Only the "still alive, no purchases" term: (alpha / (alpha + T))^r = 1/6.
    expect(handLikelihood(1, 2, 0.5, 1.5, 0, 0, 10)).toBeCloseTo(1 / 6, 15);
    expect(Math.abs(bgNbdLogLikelihood(params, { frequency: 0, recency: 0, T: 10 }) - Math.log(1 / 6))).toBeLessThan(1e-10);
  });

  it('matches the hand-computed likelihood for x = 2, t_x = 5, T = 10', () => {
    // Gamma(3) alpha [B(.5,3.5)/B(.5,1.5) / 12^3 + B(1.5,2.5)/B(.5,1.5) / 7^3] = 4 [5/8 / 1728 + 1/8 / 343]
    const expected = 4 * (5 / 8 / 1728 + 1 / 8 / 343);
    expect(handLikelihood(1, 2, 0.5, 1.5, 2, 5, 10)).toBeCloseTo(expected, 15);
    expect(Math.abs(bgNbdLogLikelihood(params, { frequency: 2, recency: 5, T: 10 }) - Math.log(expected))).toBeLessThan(1e-10);
  });

  it('matches the hand formula on further small cases', () => {
    const cases: [number, number, number, number, number, number, number][] = [
      [2, 3, 1.5, 2.5, 1, 3, 10],
      [0.5, 1, 2, 3, 4, 7.5, 8],
      [3, 0.5, 0.5, 0.5, 6, 2, 2],
    ];
    for (const [r, alpha, a, b, x, tx, T] of cases) {
      const ll = bgNbdLogLikelihood({ r, alpha, a, b }, { frequency: x, recency: tx, T });
      expect(Math.abs(ll - Math.log(handLikelihood(r, alpha, a, b, x, tx, T)))).toBeLessThan(1e-10);
    }
  });

  it('stays finite for large frequencies where each mixture term alone underflows', () => {
    const ll = bgNbdLogLikelihood({ r: 0.5, alpha: 1, a: 0.8, b: 2.5 }, { frequency: 800, recency: 400, T: 500 });
    expect(Number.isFinite(ll)).toBe(true);
    // Directly, (alpha+T)^-(r+x) and (alpha+t_x)^-(r+x) are both 0 and the log would be -Infinity.
    expect(Math.pow(501, -800.5)).toBe(0);
    expect(Math.pow(401, -800.5)).toBe(0);
    // Neighbouring histories differ by finite, modest amounts (no -Infinity - -Infinity).
    const ll2 = bgNbdLogLikelihood({ r: 0.5, alpha: 1, a: 0.8, b: 2.5 }, { frequency: 801, recency: 400, T: 500 });
    expect(Math.abs(ll2 - ll)).toBeLessThan(10);
  });

  it('groups identical customers without changing the total', () => {
    const rows = [
      { frequency: 0, recency: 0, T: 10 },
      { frequency: 2, recency: 5, T: 10 },
      { frequency: 0, recency: 0, T: 10 },
      { frequency: 2, recency: 5, T: 10 },
      { frequency: 2, recency: 6, T: 10 },
      { frequency: 1, recency: 1, T: 4 },
    ];
    const data = prepareBgNbdData(rows);
    expect(data.groups).toBe(4);
    const total = rows.reduce((s, row) => s + bgNbdLogLikelihood(params, row), 0);
    expect(bgNbdTotalLogLikelihood(params, data)).toBeCloseTo(total, 12);
  });

  it('names the row index and field of invalid input', () => {
    const ok = { frequency: 1, recency: 1, T: 2 };
    expect(() => prepareBgNbdData([ok, { frequency: 1.5, recency: 1, T: 2 }])).toThrow(/rows\[1\]\.frequency must be an integer/);
    expect(() => prepareBgNbdData([ok, ok, { frequency: 1, recency: 3, T: 2 }])).toThrow(/rows\[2\]\.recency must not exceed T/);
    expect(() => prepareBgNbdData([{ frequency: 0, recency: 1, T: 2 }])).toThrow(/rows\[0\]\.recency must be 0 when frequency is 0/);
    expect(() => prepareBgNbdData([ok, { frequency: 1, recency: -1, T: 2 }])).toThrow(/rows\[1\]\.recency must be non-negative/);
    expect(() => prepareBgNbdData([{ frequency: 1, recency: 1, T: Number.NaN }])).toThrow(/rows\[0\]\.T must be a finite number/);
    expect(() => prepareBgNbdData([])).toThrow(/no customers/);
    expect(() => bgNbdLogLikelihood({ r: -1, alpha: 1, a: 1, b: 1 }, ok)).toThrow(/parameter r must be a positive/);
  });
});
