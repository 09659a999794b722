import { it } from 'vitest';
import { expectedPurchasesIfAlive } from '../bgnbd-expectation.js';
import { hyp2f1 } from '../special.js';
import { xoshiro128ss } from '../random.js';
it('cmp', () => {
  const rng = xoshiro128ss(7);
  const lu = (lo: number, hi: number) => Math.exp(Math.log(lo) + rng() * (Math.log(hi) - Math.log(lo)));
  let worst = 0;
  let worstCase = '';
  const t0 = performance.now();
  let nq = 0;
  for (let i = 0; i < 3000; i++) {
    const s = lu(1e-3, 2e3), a = lu(1e-3, 1e3), beta = lu(1e-3, 2e3), kappa = lu(1e-4, 30);
    const se = expectedPurchasesIfAlive(s, a, beta, kappa, 'series');
    const tq = performance.now();
    const qu = expectedPurchasesIfAlive(s, a, beta, kappa, 'quadrature');
    nq += performance.now() - tq;
    const rel = Math.abs(se - qu) / Math.abs(se);
    if (!(rel <= worst)) { worst = rel; worstCase = JSON.stringify({ s, a, beta, kappa, se, qu }); }
  }
  console.log('worst rel', worst, worstCase, 'ms', performance.now() - t0, 'quad ms', nq);
  // paper formula
  for (const [s, a, beta, kappa] of [[2.24, 2.79, 4.43, 0.8], [0.24, 0.79, 2.43, 1], [5.24, 0.79, 7.43, 0.5], [1.5, 3, 2, 0.2]] as const) {
    const z = kappa / (1 + kappa);
    const paper = ((a + beta - 1) / (a - 1)) * (1 - Math.pow(1 - z, s) * hyp2f1(s, beta, a + beta - 1, z));
    console.log(s, a, beta, kappa, paper, expectedPurchasesIfAlive(s, a, beta, kappa, 'series'), expectedPurchasesIfAlive(s, a, beta, kappa, 'quadrature'));
  }
});
