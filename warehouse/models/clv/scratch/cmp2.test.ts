import { it } from 'vitest';
import { expectedPurchasesIfAlive } from '../bgnbd-expectation.js';
import { xoshiro128ss } from '../random.js';
it('cmp2', () => {
  const rng = xoshiro128ss(11);
  const lu = (lo: number, hi: number) => Math.exp(Math.log(lo) + rng() * (Math.log(hi) - Math.log(lo)));
  let worst = 0;
  let worstCase = '';
  let cnt = 0;
  const t0 = performance.now();
  for (let i = 0; i < 400; i++) {
    const s = lu(1e-3, 2e3), a = lu(1e-3, 1e3), beta = lu(1e-3, 2e3), kappa = lu(10, 5e5);
    const mean = s * kappa;
    const needed = mean + 12 * Math.sqrt(mean * (1 + kappa)) + 40 / Math.log1p(1 / kappa);
    const qu = expectedPurchasesIfAlive(s, a, beta, kappa, 'quadrature');
    if (!Number.isFinite(qu)) console.log('NONFINITE', s, a, beta, kappa, qu);
    if (needed > 3e6) continue;
    cnt++;
    const se = expectedPurchasesIfAlive(s, a, beta, kappa, 'series');
    const rel = Math.abs(se - qu) / Math.abs(se);
    if (!(rel <= worst)) { worst = rel; worstCase = JSON.stringify({ s, a, beta, kappa, se, qu }); }
  }
  console.log('compared', cnt, 'worst rel', worst, worstCase, 'ms', performance.now() - t0);
  for (const [s,a,beta,kappa] of [[1e-3,1e-3,1e-3,5e5],[2e3,1e-3,1e-3,5e5],[2e3,1e3,1e-3,5e5],[1e-3,1e3,2e3,5e5],[1,1,1,5e5],[2e3,1,2e3,5e5], [1000, 0.999999, 0.001, 5e5]] as const) {
    console.log(s,a,beta,kappa, expectedPurchasesIfAlive(s,a,beta,kappa,'quadrature'));
  }
});
