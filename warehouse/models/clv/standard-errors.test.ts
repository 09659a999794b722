import { describe, expect, it } from 'vitest';
import { invertSpd, logScaleStandardErrors, numericalHessian } from './standard-errors.js';

describe('numericalHessian and invertSpd', () => {
  it('recover a quadratic form and its inverse', () => {
    const A = [
      [4, 1, 0.5],
      [1, 3, 0.2],
      [0.5, 0.2, 2],
    ];
    const f = (x: readonly number[]) => 0.5 * A.reduce((s, row, i) => s + row.reduce((t, a, j) => t + x[i]! * a * x[j]!, 0), 0);
    const H = numericalHessian(f, [0.3, -0.2, 1]);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(H[i]![j]).toBeCloseTo(A[i]![j]!, 5);
    const inv = invertSpd(A)!;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const product = A[i]!.reduce((s, a, k) => s + a * inv[k]![j]!, 0);
        expect(product).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
    expect(invertSpd([[1, 2], [2, 1]])).toBeUndefined(); // indefinite
  });
});

describe('logScaleStandardErrors', () => {
  it('gives the textbook SE of an exponential rate, lambda / sqrt(n)', () => {
    // n observations with total S: -logL(lambda) = -n ln(lambda) + lambda S; MLE n / S.
    const [n, S] = [400, 123.4];
    const negLogLik = (eta: readonly number[]) => -n * eta[0]! + Math.exp(eta[0]!) * S;
    const lambda = n / S;
    const [se] = logScaleStandardErrors(negLogLik, [Math.log(lambda)]);
    expect(se).toBeCloseTo(lambda / Math.sqrt(n), 7);
  });

  it('returns NaN when the optimum is not a strict minimum', () => {
    const flat = (eta: readonly number[]) => eta[0]! ** 2;
    expect(logScaleStandardErrors(flat, [0, 0]).every(Number.isNaN)).toBe(true);
  });
});
