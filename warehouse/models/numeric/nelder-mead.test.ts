import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.js';

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const rosen = ([x, y]: readonly number[]) => (1 - x!) ** 2 + 100 * (y! - x! ** 2) ** 2;
    const r = nelderMead(rosen, [-1.2, 1], { maxIterations: 5000, tolerance: 1e-14 });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(r.converged).toBe(true);
  });

  it('treats non-finite values as infinitely bad instead of returning NaN', () => {
    const f = ([x]: readonly number[]) => (x! < 0 ? Number.NaN : (x! - 2) ** 2);
    const r = nelderMead(f, [0.1]);
    expect(r.x[0]).toBeCloseTo(2, 4);
    expect(Number.isFinite(r.value)).toBe(true);
  });
});
