import { describe, expect, it } from 'vitest';
import { minimiseFromStarts } from './multistart.js';

describe('minimiseFromStarts', () => {
  // Two basins: a shallow local minimum near x = -2 and the global one near x = 3.
  const f = ([x, y]: readonly number[]) => Math.min((x! + 2) ** 2 + 1, 0.5 * (x! - 3) ** 2) + (y! - 1) ** 2;

  it('keeps the best of several starts and polishes it', () => {
    const single = minimiseFromStarts(f, [[-2.5, 0]]);
    expect(single.x[0]).toBeCloseTo(-2, 4); // one start gets stuck in the shallow basin
    const several = minimiseFromStarts(f, [[-2.5, 0], [4, 2]]);
    expect(several.x[0]).toBeCloseTo(3, 5);
    expect(several.x[1]).toBeCloseTo(1, 5);
    expect(several.value).toBeCloseTo(0, 10);
    expect(several.converged).toBe(true);
  });

  it('uses a cheap exploration objective only to choose the basin', () => {
    // The approximation is slightly off; the polish must land on f's own optimum.
    const approx = ([x, y]: readonly number[]) => f([x! + 0.01, y!]);
    const r = minimiseFromStarts(f, [[-2.5, 0], [4, 2]], { explore: approx });
    expect(r.x[0]).toBeCloseTo(3, 5);
  });

  it('requires a start', () => {
    expect(() => minimiseFromStarts(f, [])).toThrow(/at least one/);
  });
});
