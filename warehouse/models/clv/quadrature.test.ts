import { describe, expect, it } from 'vitest';
import { gaussLegendre, integrate, logIntegrateUnimodal, maximiseUnimodal } from './quadrature.js';
import { lbeta, softplus } from './special.js';

describe('gaussLegendre', () => {
  it('integrates polynomials of degree 2n-1 exactly', () => {
    const { nodes, weights } = gaussLegendre(5);
    expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(2, 14);
    for (let k = 0; k <= 9; k++) {
      const exact = k % 2 === 1 ? 0 : 2 / (k + 1);
      const approx = nodes.reduce((s, x, i) => s + weights[i]! * x ** k, 0);
      expect(approx).toBeCloseTo(exact, 14);
    }
  });
});

describe('integrate', () => {
  it('handles smooth integrands to the requested accuracy', () => {
    expect(integrate(Math.exp, 0, 1)).toBeCloseTo(Math.E - 1, 13);
    expect(integrate((x) => 1 / (1 + x * x), -50, 50, { absTol: 1e-13 })).toBeCloseTo(2 * Math.atan(50), 12);
  });
});

describe('logIntegrateUnimodal', () => {
  it('integrates a narrow Gaussian', () => {
    const sigma = 0.01;
    const logf = (x: number) => -0.5 * ((x - 3) / sigma) ** 2;
    const mode = maximiseUnimodal(logf, 0);
    expect(mode).toBeCloseTo(3, 6);
    const log = logIntegrateUnimodal(logf, { mode, scale: sigma, farDecayLeft: 1, farDecayRight: 1 });
    expect(log).toBeCloseTo(Math.log(sigma * Math.sqrt(2 * Math.PI)), 10);
  });

  it('normalises extreme Beta densities in logit space, including very slow tails', () => {
    for (const [a, b] of [
      [1e-3, 1e-3],
      [1e-3, 5],
      [1e3, 2e3],
      [0.5, 0.5],
    ] as const) {
      // integral of p^a (1-p)^b dv over v = logit(p) is B(a, b)
      const logf = (v: number) => -a * softplus(-v) - b * softplus(v);
      const mode = maximiseUnimodal(logf, Math.log(a / b));
      const scale = Math.min(10, Math.sqrt((a + b) / (a * b)));
      const log = logIntegrateUnimodal(logf, { mode, scale, farDecayLeft: a, farDecayRight: b });
      expect(log).toBeCloseTo(lbeta(a, b), 8);
    }
  });
});
