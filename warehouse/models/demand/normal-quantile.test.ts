import { describe, expect, it } from 'vitest';
import { normalQuantile } from './normal-quantile.js';

describe('normalQuantile', () => {
  it('matches tabulated standard normal quantiles to a relative 1.2e-9', () => {
    const table: [number, number][] = [
      [0.5, 0],
      [0.8, 0.8416212335729143],
      [0.9, 1.2815515655446004],
      [0.95, 1.6448536269514722],
      [0.975, 1.959963984540054],
      [0.99, 2.3263478740408408],
      [0.999, 3.090232306167813],
      [1e-6, -4.753424308822899],
    ];
    for (const [p, z] of table) {
      expect(Math.abs(normalQuantile(p) - z)).toBeLessThanOrEqual(1.2e-9 * Math.max(1, Math.abs(z)));
      expect(Math.abs(normalQuantile(1 - p) + z)).toBeLessThanOrEqual(1.2e-9 * Math.max(1, Math.abs(z)));
    }
  });

  it('returns infinities at 0 and 1 and rejects other inputs', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });
});
